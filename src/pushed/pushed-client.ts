import { classifyPushResponse, type PushResult } from '../core/push-result.ts';
import type { PushTarget } from '../core/push-target.ts';
import { buildPushBody, type AppCredentials, type PushOptions } from './push-request.ts';
import { DEFAULT_TIMEOUT_MS, refusedBeforeSending, sendPush, type FetchLike } from './send-push.ts';

// The relay words its own refusals with it.
export { describeRequestProblem } from './send-push.ts';

/** How to reach the Pushed API. */
export interface PushedClientOptions {
  /** e.g. https://api.pushed.co/1 (no trailing slash). */
  baseUrl: string;
  fetch: FetchLike;
  timeoutMs?: number;
  now?: () => number;
}

/** One push, as the sender asks for it. */
export interface PushCall {
  credentials: AppCredentials;
  target: PushTarget;
  content: string;
  options: PushOptions;
  signal?: AbortSignal;
}

/** A Pushed API client: every outcome, even a thrown one, comes back as a PushResult. */
export function createPushedClient({
  baseUrl,
  fetch,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  now = Date.now,
}: PushedClientOptions) {
  return {
    async push({ credentials, target, content, options, signal }: PushCall): Promise<PushResult> {
      const body = buildPushBody(credentials, target, content, options);
      if (!body.ok) return refusedBeforeSending(body.error);
      return sendPush({
        fetch,
        url: `${baseUrl}/push`,
        body: body.value,
        signal,
        timeoutMs,
        now,
        classify: classifyPushResponse,
      });
    },
  };
}
