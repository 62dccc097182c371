import type { GuestMessages, MessageKind } from './guest-message.ts';

/** Where a party is in its evening: on the board (waiting, notified) or in history (the rest). */
export type PartyStatus = 'waiting' | 'notified' | 'seated' | 'no_show' | 'removed';

/** Every status, in the order of a party's evening. */
export const PARTY_STATUSES = [
  'waiting',
  'notified',
  'seated',
  'no_show',
  'removed',
] as const satisfies readonly PartyStatus[];

/** Statuses that keep a party on the board. */
export const ACTIVE_STATUSES = ['waiting', 'notified'] as const satisfies readonly PartyStatus[];

/** How long finished parties (guests' names, notes and PushedIDs) stay on the tablet. */
export const HISTORY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The most times a party is called, or sent one kind of message: far past any real evening, and far
 * inside safe integers, so a count another tablet sent can never be counted past what the wire reads.
 */
export const MAX_ROUNDS = 999;

/**
 * Why a finished party left, beyond its status: `late` when it was marked no-show by itself after a
 * call; `guest_cancelled` when the guest took themselves off the list from their own phone; `erased` when
 * the owner erased the guest's details while the party was still on the board.
 */
export type FinishReason = 'late' | 'guest_cancelled' | 'erased';

/** What an undo puts back. */
export interface PartySnapshot {
  status: PartyStatus;
  finishedAt: number | null;
  finishReason: FinishReason | null;
  rank: number;
  /** When the change that this snapshot undoes was made. */
  changedAt: number;
}

/** One party on the waitlist, as stored. Plain data: structured-clonable, no methods. */
export interface Party {
  id: string;
  name: string;
  size: number;
  note: string;
  /** Minutes quoted to the guest when they joined; null when no quote was given. */
  quoteMinutes: number | null;
  pushedId: string | null;
  /** The email of the guest's Pushed account, when they gave that instead of a PushedID. (v3) */
  email: string | null;
  status: PartyStatus;
  joinedAt: number;
  updatedAt: number;
  /** Set when the party leaves the board; null while it is on it. */
  finishedAt: number | null;
  /** The state before the last change, while that change can still be undone. */
  previous: PartySnapshot | null;
  /** Every kind of message sent to the guest, at its latest round (v6; before, `delivery` and `notifyCount` of Table ready). */
  messages: GuestMessages;
  /** The kind queued last: what the row shows; null before the first. (v6) */
  lastMessage: MessageKind | null;
  /** The party's place in line when it joined (1 = first); null when not known (joined before v6). */
  joinedPosition: number | null;
  /** Place in line, smaller first: starts as `joinedAt`, changed by Move, kept when the party leaves so Recall puts it back. (v5) */
  rank: number;
  /** When staff last tapped Table ready; null before the first call. (v5) */
  calledAt: number | null;
  /** How many times staff tapped Table ready. (v5) */
  callCount: number;
  /** Set with the finishing status when there is more to say than the status (v5). */
  finishReason: FinishReason | null;
  /** When staff brought the party back (Recall, or Undo of a no-show): not late again until called again. (v5) */
  excusedAt: number | null;
  /** `online` when the guest put themselves on the list from the venue's check-in page; absent when added at the stand. */
  joinedVia?: 'online';
  /** A phone number for the host to call, normalised (`normalisePhone`); absent on parties from before it existed. */
  phone?: string | null;
  /** When the guest said from their own phone that they are on their way (after a call). */
  onMyWayAt?: number | null;
  /**
   * The guest let the venue's Pushed app notify them (OAuth, target `user`) from their own phone. Only the
   * venue server holds the access token; tablets only know it exists. Absent or null: never allowed.
   */
  pushedUser?: PushedUser | null;
  /** When the guest's details were erased (by the owner, or by the venue's retention); absent or null: never. */
  erasedAt?: number | null;
  /** What Waitbell suggested quoting when the party was added, in minutes; null or absent when it suggested nothing (or was older). */
  suggestedMinutes?: number | null;
}

/** A guest's Pushed permission as every tablet sees it: when it was given, and when it stopped counting. */
export interface PushedUser {
  allowedAt: number;
  /** Set when the permission no longer counts (the venue changed its Pushed app key); null while it does. */
  lostAt: number | null;
}

/** Whether Table ready can reach the guest through their Pushed permission. */
export const canNotifyPushedUser = (party: Pick<Party, 'pushedUser'>): boolean =>
  !!party.pushedUser && party.pushedUser.lostAt === null;

/** True while the party belongs on the board. */
export function isActive(status: PartyStatus): boolean {
  return status === 'waiting' || status === 'notified';
}

/** True once the party's details were erased. */
export const isErased = (party: Pick<Party, 'erasedAt'>): boolean =>
  party.erasedAt !== undefined && party.erasedAt !== null;
