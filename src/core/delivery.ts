import { staleAnnouncement } from './announcement.ts';
import type { MessageKind } from './guest-message.ts';
import { isActive, type Party } from './party.ts';
import type { AnnouncementTooSoon, HeldReason, PushResult } from './push-result.ts';
import type { Recipient } from './push-target.ts';
import { nextAttemptAt } from './retry-policy.ts';

/** A "Table ready" older than this is not sent any more: the guest would get it far too late. */
export const STALE_AFTER_MS = 30 * 60_000;

/** Where a party's latest "Table ready" notification is, as the host sees it on the row. */
export type Delivery =
  /** `unanswered`: who failed the last attempt, when one did (absent in rows saved before it was recorded). */
  | { state: 'queued'; since: number; retryAt: number | null; unanswered?: Unanswered; held?: HeldReason }
  | { state: 'sending'; since: number }
  | { state: 'sent'; at: number; shipmentId: string | null }
  | { state: 'failed'; at: number; errorType: string; message: string; tooSoon?: AnnouncementTooSoon }
  | { state: 'unknown'; at: number; cause: 'timeout' | 'network' | 'unreadable' | 'interrupted' | 'relay_lost' }
  | { state: 'not_sent'; at: number; why: 'no_contact' | 'stale' | 'left_board' };

/** When a delivery last changed: sent, failed… at, or queued, sending since. */
export const deliveryTime = (delivery: Delivery): number => ('at' in delivery ? delivery.at : delivery.since);

/** Who did not answer an attempt: the venue's relay, or Pushed itself. */
export type Unanswered = 'relay' | 'pushed';

/** One notification waiting to go: a message to one guest, or a staff announcement. Plain data. */
export type OutboxEntry = GuestEntry | AnnouncementEntry;

/** A message to one guest about their party. `seq` (its place in line) is given by storage. */
export interface GuestEntry {
  seq?: number;
  /** Derived from party, kind and round when the entry is created (messageKey); the relay deduplicates by it. */
  key: string;
  /** Which message this is; entries stored before kinds existed are Table ready (v6). */
  kind: MessageKind;
  /** Which send of that kind: Table ready's call number, Almost ready's count, 1 for On the list. (v6) */
  round: number;
  partyId: string;
  recipient: Recipient;
  content: string;
  createdAt: number;
  state: 'pending' | 'in_flight';
  attempts: number;
  /** Not before this time (backoff after a transient failure). */
  notBefore: number;
}

/** A staff announcement: no party; to everyone subscribed to the venue's channel, or to the whole app. */
export interface AnnouncementEntry extends Omit<GuestEntry, 'kind' | 'round' | 'partyId' | 'recipient'> {
  kind: 'announcement';
  /** The announcement record whose delivery this entry's fate is written to. */
  announcementId: string;
  recipient: Extract<Recipient, { type: 'app' | 'channel' }>;
}

/** How a delivery route treats a send whose outcome is unknown. */
export type DeliveryRoute = 'direct' | 'relay';

/** What to write after an attempt: the entry's fate and the party's delivery. */
export interface Settlement {
  /** The entry to keep (rescheduled), or null to remove it from the outbox. */
  entry: OutboxEntry | null;
  delivery: Delivery;
  /** 1 when a notification reached Pushed, for the row's count. */
  sent: 0 | 1;
}

/** Whether an entry should still go out now; if not, what the row says instead. */
export function checkStillWanted(entry: OutboxEntry, party: Party | undefined, now: number): Settlement | null {
  if (entry.kind === 'announcement') {
    const stale = staleAnnouncement(entry.createdAt, now); // no party: only its age decides
    return stale && { entry: null, delivery: stale, sent: 0 };
  }
  if (!party || !isActive(party.status))
    return { entry: null, delivery: { state: 'not_sent', at: now, why: 'left_board' }, sent: 0 };
  if (now - entry.createdAt > STALE_AFTER_MS)
    return { entry: null, delivery: { state: 'not_sent', at: now, why: 'stale' }, sent: 0 };
  return null;
}

/**
 * Decides what an attempt's result means (README, "Delivery"): transient → try
 * again later; refused → stop and say why; unknown → direct to Pushed, stop and let staff resend
 * (retrying could notify twice); via the relay, retry with the same key (it sends at most once).
 */
export function settleAttempt(
  entry: OutboxEntry,
  result: PushResult,
  now: number,
  random: number,
  route: DeliveryRoute,
): Settlement {
  switch (result.kind) {
    case 'delivered':
      return { entry: null, delivery: { state: 'sent', at: now, shipmentId: result.shipmentId }, sent: 1 };
    case 'refused':
      return {
        entry: null,
        delivery: {
          state: 'failed',
          at: now,
          errorType: result.errorType,
          message: result.message,
          ...(result.tooSoon ? { tooSoon: result.tooSoon } : {}),
        },
        sent: 0,
      };
    case 'transient':
      return reschedule(entry, now, random, result.retryAfterMs, result.unanswered ?? 'pushed');
    case 'held':
      // Kept, never failed: it goes once the owner reconnects the tablet or sets the venue's credentials. The
      // usual backoff (not the longest wait at once), so a quick fix by the owner is not followed by minutes of waiting.
      return reschedule(entry, now, random, null, undefined, result.why);
    case 'unknown':
      // Via the relay a retry with the same key is safe — unless the relay itself says the outcome is lost.
      if (route === 'relay' && result.cause !== 'relay_lost') return reschedule(entry, now, random, null, 'relay');
      return { entry: null, delivery: { state: 'unknown', at: now, cause: result.cause }, sent: 0 };
  }
}

/** An entry found in flight when no sender holds it: its tab died mid-send. */
export function settleInterrupted(entry: OutboxEntry, now: number, random: number, route: DeliveryRoute): Settlement {
  if (route === 'relay') return reschedule(entry, now, random, null);
  return { entry: null, delivery: { state: 'unknown', at: now, cause: 'interrupted' }, sent: 0 };
}

function reschedule(
  entry: OutboxEntry,
  now: number,
  random: number,
  retryAfterMs: number | null,
  unanswered?: Unanswered,
  held?: HeldReason,
): Settlement {
  const notBefore = nextAttemptAt(now, entry.attempts, random, retryAfterMs);
  return {
    entry: { ...entry, state: 'pending', notBefore },
    delivery: {
      state: 'queued',
      since: entry.createdAt,
      retryAt: notBefore,
      ...(unanswered ? { unanswered } : {}),
      ...(held ? { held } : {}),
    },
    sent: 0,
  };
}
