import { isTransientStatus } from '../../core/push-result.ts';
import { pushedError } from '../http/http-util.ts';
import type { KeyStore } from './key-store.ts';
import type { Logger } from '../log/logger.ts';

/** One answer the relay gives a kiosk. */
export type Answer = { status: number; body: string; headers?: Record<string, string> };

/** An answer, and whether it is the key's stored answer (a duplicate then gets it as `Idempotent-Replayed`). */
export type Outcome = { answer: Answer; stored: boolean };

/** The answer for a key whose outcome was lost: never a second call. */
export const UNKNOWN: Answer = {
  status: 409,
  body: JSON.stringify(
    pushedError(
      'outcome_unknown',
      'The venue server lost track of this push; it will not send it again. Staff decide whether to resend.',
    ),
  ),
};

/** The answer when the reservation could not be written: Pushed was not called. */
export const NOT_RECORDED: Answer = {
  status: 503,
  body: JSON.stringify(
    pushedError(
      'relay_unavailable',
      'The venue server could not record this push, so it did not send it; try again shortly.',
    ),
  ),
  headers: { 'Retry-After': '5' },
};

const UNREACHABLE: Answer = {
  status: 502,
  body: JSON.stringify(pushedError('upstream_unreachable', 'Pushed could not be reached.')),
};

const REDIRECTED: Answer = {
  status: 502,
  body: JSON.stringify(
    pushedError(
      'upstream_redirect',
      'The venue server is misconfigured: Pushed answered with a redirect. Nothing was sent.',
    ),
  ),
};

/** What one call to Pushed needs. */
export interface UpstreamCall {
  upstream: string;
  timeoutMs: number;
  fetch: typeof fetch;
  keys: KeyStore;
  log: Logger;
}

/**
 * Calls Pushed once for a key already reserved in the database, and records what became of it.
 * Never follows a redirect: the body carries the app secret, and a 3xx means the upstream is
 * misconfigured. A failure to record the outcome leaves the key reserved, which every copy reads
 * as "outcome unknown" once the call's time is up: never a second call.
 */
export async function forward(
  call: UpstreamCall,
  push: { venueId: string; key: string; body: URLSearchParams },
  ids: { device: string; key: string },
): Promise<Outcome> {
  const { keys, log } = call;
  const { venueId, key } = push;
  const written = (error: unknown) =>
    void log.error('key write failed', { ...ids, name: error instanceof Error ? error.name : 'error' });
  const forget = () => keys.forget(venueId, key).catch(written);
  const started = Date.now();
  let outcome: Outcome;
  try {
    const response = await call.fetch(`${call.upstream}/push`, {
      method: 'POST',
      body: push.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const text = await response.text();
    const retryAfter = response.headers.get('retry-after');
    if (response.status >= 300 && response.status <= 399) {
      await forget(); // the redirect's target was never asked: nothing was delivered
      log.error('upstream redirect refused', { ...ids, status: response.status });
      outcome = { answer: REDIRECTED, stored: false };
    } else if (isTransientStatus(response.status)) {
      await forget(); // Pushed did not take it: a retry may call again
      outcome = { answer: answerOf(response.status, text, retryAfter), stored: false };
    } else {
      await keys.complete(venueId, key, { status: response.status, body: text }).catch(written);
      outcome = { answer: answerOf(response.status, text, retryAfter), stored: true };
    }
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
    if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH'].includes(code)) {
      await forget(); // never connected: provably not sent
      outcome = { answer: UNREACHABLE, stored: false };
    } else {
      await keys.markUnknown(venueId, key).catch(written);
      outcome = { answer: UNKNOWN, stored: false }; // a retry gets UNKNOWN too, but never as a replayed answer
    }
  }
  log.info('push', { ...ids, status: outcome.answer.status, ms: Date.now() - started });
  return outcome;
}

const answerOf = (status: number, body: string, retryAfter: string | null): Answer => ({
  status,
  body,
  ...(retryAfter ? { headers: { 'Retry-After': retryAfter } } : {}),
});
