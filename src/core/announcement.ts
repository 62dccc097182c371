import type { AnnouncementEntry, Delivery } from './delivery.ts';
import { characterCount } from './message-template.ts';
import { err, ok, type Result } from './result.ts';

/** Who an announcement goes to: everyone subscribed to the venue's channel, or to any channel of its Pushed app. */
export type AnnouncementTarget = 'channel' | 'app';

export const ANNOUNCEMENT_TARGETS: readonly AnnouncementTarget[] = ['channel', 'app'];

/** At most one announcement per target in this time: guests subscribed for their table, not for a stream of news. */
export const ANNOUNCEMENT_INTERVAL_MS = 10 * 60_000;

/**
 * An announcement still queued after this is not sent any more: announcements speak of the moment
 * ("Kitchen closes in 30 minutes", "We're seating walk-ins now"), and a quarter of an hour late they
 * mislead more than they help. Shorter than Table ready's 30 minutes, where a late call is still useful.
 */
export const ANNOUNCEMENT_STALE_AFTER_MS = 15 * 60_000;

/** How many past announcements the list keeps (newest first); older ones are deleted when a new one is made. */
export const ANNOUNCEMENTS_KEPT = 50;

/** One staff message to many guests, and where its delivery is. */
export interface Announcement {
  id: string;
  target: AnnouncementTarget;
  text: string;
  createdAt: number;
  /** The outbox entry's idempotency key, made once for this announcement. */
  key: string;
  delivery: Delivery;
  /** The label of the tablet that sent it, as the venue server lists it (absent: this tablet's own, not listed yet). */
  tablet?: string | null;
}

/** Why an announcement was not queued. */
export type AnnouncementProblem =
  | { kind: 'empty' }
  | { kind: 'too_long'; length: number; limit: number }
  /**
   * `lastAt`: when the one that counts was made; `nextAt`: the first moment another may go to this target;
   * `tablet`: the label of the venue's tablet that sent it, when it was another's.
   */
  | { kind: 'too_soon'; target: AnnouncementTarget; lastAt: number; nextAt: number; tablet?: string };

/**
 * Whether an announcement counts toward the limit. A refused one (Pushed said no: nobody got it) and
 * a stale one (never left the tablet) do not, so a host who saw an error can fix it and send again at
 * once; anything that may have reached guests does — sent, on its way, or not sure it arrived.
 */
export const countsTowardLimit = (a: Announcement): boolean =>
  a.delivery.state !== 'failed' && a.delivery.state !== 'not_sent';

/** When the next announcement to `target` may go: now, or `too_soon` with the one in the way. */
export function checkInterval(
  past: readonly Announcement[],
  target: AnnouncementTarget,
  now: number,
): Result<null, Extract<AnnouncementProblem, { kind: 'too_soon' }>> {
  const last = past
    .filter((a) => a.target === target && countsTowardLimit(a) && now - a.createdAt < ANNOUNCEMENT_INTERVAL_MS)
    .reduce<Announcement | null>((latest, a) => (latest && latest.createdAt >= a.createdAt ? latest : a), null);
  if (!last) return ok(null);
  return err({
    kind: 'too_soon',
    target,
    lastAt: last.createdAt,
    nextAt: last.createdAt + ANNOUNCEMENT_INTERVAL_MS,
    ...(last.tablet ? { tablet: last.tablet } : {}),
  });
}

/** The text as it will be sent: trimmed, not empty, and within the venue's content limit (never cut). */
export function checkAnnouncementText(text: string, limit: number): Result<string, AnnouncementProblem> {
  const trimmed = text.trim();
  if (trimmed === '') return err({ kind: 'empty' });
  const length = characterCount(trimmed);
  if (length > limit) return err({ kind: 'too_long', length, limit });
  return ok(trimmed);
}

/** What the host asked to send. */
export interface AnnouncementRequest {
  id: string;
  key: string;
  target: AnnouncementTarget;
  text: string;
}

/** A new announcement, queued, if its text fits and its target's last one is at least ANNOUNCEMENT_INTERVAL_MS old. */
export function prepareAnnouncement(
  request: AnnouncementRequest,
  past: readonly Announcement[],
  limit: number,
  now: number,
): Result<Announcement, AnnouncementProblem> {
  const text = checkAnnouncementText(request.text, limit);
  if (!text.ok) return text;
  const interval = checkInterval(past, request.target, now);
  if (!interval.ok) return interval;
  return ok({
    id: request.id,
    target: request.target,
    text: text.value,
    createdAt: now,
    key: request.key,
    delivery: { state: 'queued', since: now, retryAt: null },
  });
}

/** The outbox entry of a new announcement: no party, its own key, to the channel or the app. */
export function announcementEntry(a: Announcement): AnnouncementEntry {
  return {
    key: a.key,
    kind: 'announcement',
    announcementId: a.id,
    recipient: { type: a.target },
    content: a.text,
    createdAt: a.createdAt,
    state: 'pending',
    attempts: 0,
    notBefore: a.createdAt,
  };
}

/** Whether a queued announcement should still go now; if not, its delivery says why. */
export function staleAnnouncement(createdAt: number, now: number): Delivery | null {
  return now - createdAt > ANNOUNCEMENT_STALE_AFTER_MS ? { state: 'not_sent', at: now, why: 'stale' } : null;
}

/** Announcements past the first `kept` (newest first): the ones to delete. */
export const beyondKept = (newestFirst: readonly Announcement[], kept = ANNOUNCEMENTS_KEPT): Announcement[] =>
  newestFirst.slice(kept);

/**
 * The venue's list as this tablet shows it: the venue server's (each with the tablet that sent it) and this
 * tablet's own not on it yet (queued, refused, never sent), by id, newest first.
 */
export function mergeAnnouncements(
  own: readonly Announcement[],
  venue: readonly Announcement[] | null,
  kept = ANNOUNCEMENTS_KEPT,
): Announcement[] {
  if (!venue) return [...own].sort((a, b) => b.createdAt - a.createdAt).slice(0, kept);
  const listed = new Set(venue.map((a) => a.id));
  return [...venue, ...own.filter((a) => !listed.has(a.id))].sort((a, b) => b.createdAt - a.createdAt).slice(0, kept);
}
