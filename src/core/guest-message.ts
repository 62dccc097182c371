import type { Delivery } from './delivery.ts';
import { canNotifyPushedUser, MAX_ROUNDS, type Party } from './party.ts';

/** What a guest can be told about their party: that they are on the list, that they are getting close, that their table is ready. */
export type MessageKind = 'on_list' | 'getting_close' | 'table_ready';

/** Every kind, in the order a guest hears them. */
export const MESSAGE_KINDS = ['on_list', 'getting_close', 'table_ready'] as const satisfies readonly MessageKind[];

/**
 * The idempotency key of one send: derived from the party, the kind and the round (never random), so
 * that two tabs — or two tablets — sending the same message make the same key and the relay sends it
 * once. Letters, digits, `_` and `-` only, as the relay's key pattern asks (a party id is a UUID).
 */
export const messageKey = (partyId: string, kind: MessageKind, round: number): string => `${partyId}_${kind}_${round}`;

/** Where one kind of message to a party stands: its latest round. */
export interface GuestMessage {
  /** Which send of the kind: Table ready's call number, Almost ready's count, 1 for On the list. */
  round: number;
  /** When this round was queued (or found to have nowhere to go). */
  at: number;
  delivery: Delivery;
  /** How many sends of this kind reached Pushed, all rounds together. */
  sent: number;
}

/** Every kind sent to a party so far, each at its latest round. (v6) */
export type GuestMessages = Partial<Record<MessageKind, GuestMessage>>;

/** The party with a new round of a message just queued (or with nowhere to go): the row shows it from now on. */
export function withMessageQueued(
  party: Party,
  kind: MessageKind,
  round: number,
  delivery: Delivery,
  now: number,
): Party {
  const sent = party.messages[kind]?.sent ?? 0;
  return { ...party, messages: { ...party.messages, [kind]: { round, at: now, delivery, sent } }, lastMessage: kind };
}

/** The party with what became of a round of a message; a round the host has since sent again only adds to the count. */
export function withMessageSettled(
  party: Party,
  kind: MessageKind,
  round: number,
  delivery: Delivery,
  sent: 0 | 1,
): Party {
  const current = party.messages[kind];
  if (!current) return party; // its record is written when it is queued; nothing to settle against
  const settled = current.round === round ? { ...current, delivery } : current;
  return {
    ...party,
    messages: { ...party.messages, [kind]: { ...settled, sent: Math.min(MAX_ROUNDS, current.sent + sent) } },
  };
}

/** The message the row shows: the one queued last. */
export function latestMessage(party: Party): (GuestMessage & { kind: MessageKind }) | null {
  const kind = party.lastMessage;
  const message = kind ? party.messages[kind] : undefined;
  return kind && message ? { kind, ...message } : null;
}

/** Every message sent to the party, in the order a guest hears the kinds. */
export const messagesOf = (party: Party): (GuestMessage & { kind: MessageKind })[] =>
  MESSAGE_KINDS.flatMap((kind) => {
    const message = party.messages[kind];
    return message ? [{ kind, ...message }] : [];
  });

/** True when the party gave a way to reach them. */
export const isReachable = (party: Party): boolean =>
  party.pushedId !== null || party.email !== null || canNotifyPushedUser(party);

/** "Getting close" is off at this position. */
export const GETTING_CLOSE_OFF = 0;
/** The position at which "Getting close" is sent, unless the venue chooses another. */
export const DEFAULT_GETTING_CLOSE_POSITION = 2;
/** The furthest position a venue may choose. */
export const GETTING_CLOSE_POSITION_MAX = 5;

/**
 * The parties that have just reached position `at` or better from further back, and are owed "Getting
 * close": waiting (never called), reachable, told nothing of the kind yet. A party that joined already
 * that close was told its place when it joined: it gets no second message in a row. `board` is in
 * board order. Cheap: it looks at the first `at` parties only.
 */
export function dueForGettingClose(board: readonly Party[], at: number): Party[] {
  if (at <= GETTING_CLOSE_OFF) return [];
  return board
    .slice(0, at)
    .filter(
      (p) =>
        p.status === 'waiting' &&
        p.calledAt === null &&
        isReachable(p) &&
        p.joinedPosition !== null &&
        p.joinedPosition > at &&
        p.messages.getting_close === undefined,
    );
}
