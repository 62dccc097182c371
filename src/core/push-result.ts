import type { Recipient } from './push-target.ts';
import { readPushAnswer } from './wire/push.ts';
/** The venue's announcement in the way of this one (the venue server's 10-minute rule): when, until when, which tablet. */
export interface AnnouncementTooSoon {
  lastAt: number;
  nextAt: number;
  /** The label of the tablet that sent it; null when the server does not know it. */
  tablet: string | null;
}

/** What became of one push attempt. */
export type PushResult =
  /** Pushed took it: the guest's phone will get it. */
  | { kind: 'delivered'; shipmentId: string | null }
  /** Pushed (or Waitbell, before sending) said no, for a reason that retrying will not fix. */
  | { kind: 'refused'; status: number | null; errorType: string; message: string; tooSoon?: AnnouncementTooSoon }
  /** Worth trying again later: a busy or failing server, or a request that provably never left. `unanswered`: who failed (absent: Pushed). */
  | { kind: 'transient'; status: number | null; retryAfterMs: number | null; unanswered?: 'relay' | 'pushed' }
  /** The request may have reached Pushed, but no readable answer came back. */
  | { kind: 'unknown'; cause: 'timeout' | 'network' | 'unreadable' | 'relay_lost' }
  /** The venue server held it back for a reason the owner fixes (this tablet disconnected, no Pushed credentials): it waits, it is not lost. */
  | { kind: 'held'; why: HeldReason };

/**
 * Why a push waits: the venue server held it back (the owner fixes it in Settings), or this tablet,
 * opened from a venue server, is not paired with it yet (`not_paired`: it goes once the tablet is).
 */
export type HeldReason = 'device_revoked' | 'venue_not_configured' | 'not_paired';
// The venue server's own words for a held push; `not_paired` is the tablet's.
const HELD_REASONS: readonly string[] = ['device_revoked', 'venue_not_configured'] satisfies HeldReason[];

/** A push this tablet holds until it is paired with the venue server it was opened from. */
export const NOT_PAIRED: PushResult = { kind: 'held', why: 'not_paired' };

/**
 * The answer to a push sent with the built-in demo token (`demo`): a venue server that does not know
 * that token (it is not the demo's) means this tablet is not paired yet, so the push waits for
 * pairing instead of failing on a token the host never typed.
 */
export const heldUntilPaired = (result: PushResult, demo: boolean): PushResult =>
  demo && result.kind === 'refused' && result.status === 401 && result.errorType === 'unauthorized'
    ? NOT_PAIRED
    : result;

/**
 * A push to a guest who allowed Pushed on their phone, asked of Pushed directly: only the venue server holds
 * their access token, so it cannot go from this tablet. Refused: the host connects a venue server, then retries.
 */
export const NEEDS_VENUE_SERVER: PushResult = {
  kind: 'refused',
  status: null,
  errorType: 'needs_venue_server',
  message: '',
};

/**
 * The result as the host must read it for this kind of recipient: Pushed says `target_has_no_subscribers` both
 * when a PushedID or email is not subscribed and when a guest who allowed Pushed (`user`) is not, and the
 * host's advice differs, so the latter is told apart as `user_not_subscribed` (Pushed's message kept).
 */
export const forRecipient = (result: PushResult, recipient: Pick<Recipient, 'type'>): PushResult =>
  recipient.type === 'user' && result.kind === 'refused' && result.errorType === 'target_has_no_subscribers'
    ? { ...result, errorType: 'user_not_subscribed' }
    : result;

/** The contract's rule: 408, 429 and 5xx mean the server did not take the request, so it may be tried again. */
export const isTransientStatus = (status: number): boolean =>
  status === 408 || status === 429 || (status >= 500 && status <= 599);

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Classifies a Pushed answer. Success is decided by the status and the presence of `response`,
 * never by its `type` string; a body with `error` is a failure whatever the status.
 */
export function classifyPushResponse(status: number, body: string, retryAfter: string | null, now: number): PushResult {
  const json = readPushAnswer(body);
  const error = json?.error;
  // The relay lost Pushed's answer for this key and will never call again: only staff can decide.
  if (error && error.type === 'outcome_unknown') return { kind: 'unknown', cause: 'relay_lost' };
  if (isTransientStatus(status)) return { kind: 'transient', status, retryAfterMs: parseRetryAfter(retryAfter, now) };
  if (error) return { kind: 'refused', status, errorType: error.type || `http_${status}`, message: error.message };
  if (status >= 200 && status <= 299) {
    if (!json?.response) return { kind: 'unknown', cause: 'unreadable' };
    const shipment = json.response.data?.shipment ?? '';
    return { kind: 'delivered', shipmentId: /^[A-Za-z0-9]{1,64}$/.test(shipment) ? shipment : null };
  }
  if (status >= 400 && status <= 499) return { kind: 'refused', status, errorType: `http_${status}`, message: '' };
  return { kind: 'unknown', cause: 'unreadable' };
}

/** Errors the relay makes about itself; any other error body is Pushed's, passed through. */
const RELAY_OWN_ERRORS = ['relay_error', 'rate_limited'];

/**
 * Classifies the relay's answer as Pushed's, and says who failed when it is worth retrying: Pushed
 * when the body is Pushed's error (or the relay's `upstream_unreachable`), else the relay itself
 * (or a proxy in front of it).
 */
export function classifyRelayResponse(
  status: number,
  body: string,
  retryAfter: string | null,
  now: number,
): PushResult {
  const type = readPushAnswer(body)?.error?.type;
  // The venue server's own refusals that the owner fixes: the push waits for that, it does not fail.
  if ((status === 401 || status === 409) && type && HELD_REASONS.includes(type))
    return { kind: 'held', why: type as HeldReason }; // one of HELD_REASONS
  const result = classifyPushResponse(status, body, retryAfter, now);
  if (result.kind !== 'transient') return result;
  const fromPushed = !!type && !RELAY_OWN_ERRORS.includes(type);
  return { ...result, unanswered: fromPushed ? 'pushed' : 'relay' };
}
