import type { Delivery, OutboxEntry } from './delivery.ts';
import { messageKey } from './guest-message.ts';
import { applyAction, type TransitionError } from './lifecycle.ts';
import { characterCount, renderMessage } from './message-template.ts';
import type { Party } from './party.ts';
import type { Recipient } from './push-target.ts';
import { err, ok, type Result } from './result.ts';
import type { VenueSettings } from './settings.ts';

/** Why "Table ready" could not be queued. */
export type NotifyProblem =
  TransitionError | { kind: 'too_long'; length: number; limit: number } | { kind: 'already_queued' };

/** The guest's address for notifications, if they gave one. */
function recipientOf(party: Party): Recipient | null {
  if (party.pushedId) return { type: 'pushed_id', pushedId: party.pushedId };
  if (party.email) return { type: 'email', email: party.email };
  return null;
}

/**
 * The message this party would get, from the venue's template: with their whole name, or, when
 * that would be over the limit (Settings check the template against a 30-character name, Add party
 * takes 60), with their first name only. Never cut mid-word.
 */
function messageFor(party: Party, settings: VenueSettings): string {
  const render = (name: string) =>
    renderMessage(settings.template, { name, venue: settings.venueName, size: party.size });
  const whole = render(party.name);
  const firstName = party.name.split(' ')[0] ?? party.name;
  if (characterCount(whole) <= settings.contentLimit || firstName === party.name) return whole;
  return render(firstName);
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
): Result<{ party: Party; entry: OutboxEntry | null }, NotifyProblem> {
  const changed = applyAction(party, 'notify', now);
  if (!changed.ok) return changed;
  const recipient = recipientOf(party);
  if (!recipient) {
    const delivery: Delivery = { state: 'not_sent', at: now, why: 'no_contact' };
    return ok({ party: { ...changed.value, delivery }, entry: null });
  }
  const content = messageFor(party, settings);
  const length = characterCount(content);
  if (length > settings.contentLimit) return err({ kind: 'too_long', length, limit: settings.contentLimit });
  const round = changed.value.callCount;
  const entry: OutboxEntry = {
    key: messageKey(party.id, 'table_ready', round),
    kind: 'table_ready',
    round,
    partyId: party.id,
    recipient,
    content,
    createdAt: now,
    state: 'pending',
    attempts: 0,
    notBefore: now,
  };
  return ok({ party: { ...changed.value, delivery: { state: 'queued', since: now, retryAt: null } }, entry });
}
