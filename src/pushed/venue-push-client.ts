import { classifyRelayResponse, type PushResult } from '../core/push-result.ts';
import type { PushTarget } from '../core/push-target.ts';
import { buildMessageBody, type PushOptions } from './push-request.ts';
import { DEFAULT_TIMEOUT_MS, refusedBeforeSending, sendPush, type FetchLike } from './send-push.ts';

/** How to reach the venue server. */
export interface VenuePushClientOptions {
  /** The venue server's API base, e.g. https://waitbell.example/1 (no trailing slash). */
  baseUrl: string;
  fetch: FetchLike;
  /** This tablet's token on the venue server. */
  deviceToken: string;
  timeoutMs?: number;
  now?: () => number;
}

/** One push through the venue server: no app credentials, and the key that makes every attempt of it one push. */
export interface VenuePushCall {
  idempotencyKey: string;
  target: PushTarget;
  content: string;
  options: PushOptions;
  signal?: AbortSignal;
}

/**
 * A client of the venue's relay: no app credentials leave the tablet, only its device token, and
 * every attempt of one push carries the same idempotency key, so the relay sends it once.
 */
export function createVenuePushClient({
  baseUrl,
  fetch,
  deviceToken,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  now = Date.now,
}: VenuePushClientOptions) {
  return {
    async push({ idempotencyKey, target, content, options, signal }: VenuePushCall): Promise<PushResult> {
      const body = buildMessageBody(target, content, options);
      if (!body.ok) return refusedBeforeSending(body.error);
      return sendPush({
        fetch,
        url: `${baseUrl}/push`,
        body: body.value,
        headers: { Authorization: `Bearer ${deviceToken}`, 'Idempotency-Key': idempotencyKey },
        signal,
        timeoutMs,
        now,
        classify: classifyRelayResponse,
      });
    },
  };
}
