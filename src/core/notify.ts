import type { Delivery, OutboxEntry } from './delivery.ts';
import { messageKey, withMessageQueued, type MessageKind } from './guest-message.ts';
import { applyAction, type TransitionError } from './lifecycle.ts';
import { characterCount, renderMessage } from './message-template.ts';
import { canNotifyPushedUser, MAX_ROUNDS, type Party } from './party.ts';
import type { Recipient } from './push-target.ts';
import { err, ok, type Result } from './result.ts';
import { templateFor, type VenueSettings } from './settings.ts';

/** Why "Table ready" (or "Almost ready") could not be queued. */
export type NotifyProblem =
  TransitionError | { kind: 'too_long'; length: number; limit: number } | { kind: 'already_queued' };

/** The guest's address for notifications, if they gave one. */
function recipientOf(party: Party): Recipient | null {
  if (party.pushedId) return { type: 'pushed_id', pushedId: party.pushedId };
  if (party.email) return { type: 'email', email: party.email };
  if (canNotifyPushedUser(party)) return { type: 'user' };
  return null;
}

/**
 * The message of this kind this party would get, from the venue's template: with their whole name,
 * or, when that would be over the limit (Settings check templates against a 30-character name, Add
 * party takes 60), with their first name only. Never cut mid-word.
 */
function messageFor(kind: MessageKind, party: Party, settings: VenueSettings, position: number | null): string {
  const render = (name: string) =>
    renderMessage(templateFor(settings, kind), {
      name,
      venue: settings.venueName,
      size: party.size,
      position: position ?? '?',
      quote: party.quoteMinutes,
    });
  const whole = render(party.name);
  const firstName = party.name.split(' ')[0] ?? party.name;
  if (characterCount(whole) <= settings.contentLimit || firstName === party.name) return whole;
  return render(firstName);
}

/** What sending one round of a message makes: the party with it queued, and its outbox entry (none with no address). */
export interface PreparedMessage {
  party: Party;
  entry: OutboxEntry | null;
}

/**
 * One round of a message to a party: its outbox entry (key derived from party, kind and round) and
 * the party with the message queued, or, with no PushedID or email, the message marked as having
 * nowhere to go. A message over the limit is refused with its length, never cut.
 */
export function prepareMessage(
  kind: MessageKind,
  party: Party,
  settings: VenueSettings,
  { round, position, now }: { round: number; position: number | null; now: number },
): Result<PreparedMessage, { kind: 'too_long'; length: number; limit: number }> {
  const recipient = recipientOf(party);
  if (!recipient) {
    const delivery: Delivery = { state: 'not_sent', at: now, why: 'no_contact' };
    return ok({ party: withMessageQueued(party, kind, round, delivery, now), entry: null });
  }
  const content = messageFor(kind, party, settings, position);
  const length = characterCount(content);
  if (length > settings.contentLimit) return err({ kind: 'too_long', length, limit: settings.contentLimit });
  const entry: OutboxEntry = {
    key: messageKey(party.id, kind, round),
    kind,
    round,
    partyId: party.id,
    recipient,
    content,
    createdAt: now,
    state: 'pending',
    attempts: 0,
    notBefore: now,
  };
  const queued: Delivery = { state: 'queued', since: now, retryAt: null };
  return ok({ party: withMessageQueued(party, kind, round, queued, now), entry });
}

/**
 * A message the host did not ask for (On the list, Getting close): like prepareMessage, but one that
 * cannot fit is not refused — the party is kept and the row says the message is too long.
 */
export function prepareAutomaticMessage(
  kind: MessageKind,
  party: Party,
  settings: VenueSettings,
  context: { round: number; position: number | null; now: number },
): PreparedMessage {
  const prepared = prepareMessage(kind, party, settings, context);
  if (prepared.ok) return prepared.value;
  const delivery: Delivery = { state: 'failed', at: context.now, errorType: 'content_too_long', message: '' };
  return { party: withMessageQueued(party, kind, context.round, delivery, context.now), entry: null };
}

/**
 * "Table ready": the party becomes notified and, if it has a PushedID or email, an outbox entry is
 * made with the message as it reads now. Refuses, rather than truncates, a message over the limit.
 * Its round is the call's number, and its key is derived from it: the same call never goes twice.
 */
export function prepareNotification(
  party: Party,
  settings: VenueSettings,
  now: number,
  position: number | null = null,
): Result<PreparedMessage, NotifyProblem> {
  const changed = applyAction(party, 'notify', now);
  if (!changed.ok) return changed;
  return prepareMessage('table_ready', changed.value, settings, { round: changed.value.callCount, position, now });
}

/** "Almost ready", sent by the host: the next round of Getting close, to a party still on the board. */
export function prepareAlmostReady(
  party: Party,
  settings: VenueSettings,
  now: number,
  position: number | null,
): Result<PreparedMessage, NotifyProblem> {
  const round = (party.messages.getting_close?.round ?? 0) + 1;
  if ((party.status !== 'waiting' && party.status !== 'notified') || round > MAX_ROUNDS)
    return err({ kind: 'illegal_transition', from: party.status, action: 'notify' });
  return prepareMessage('getting_close', { ...party, updatedAt: now }, settings, { round, position, now });
}
