import { classifyPushResponse, type PushResult } from '../core/push-result.ts';
import type { PushTarget } from '../core/push-target.ts';
import { buildPushBody, type AppCredentials, type PushOptions, type RequestProblem } from './push-request.ts';

/** Existing clients use 4–10 s; past this an answer is treated as lost. */
export const DEFAULT_TIMEOUT_MS = 8_000;

/** The subset of `fetch` the client needs, so tests can pass their own. */
export type FetchLike = (url: string, init: { method: 'POST'; body: URLSearchParams; signal: AbortSignal }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

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

/** Describes a refused request for the log and the row, without any credential in it. */
export function describeRequestProblem(problem: RequestProblem): string {
  switch (problem.kind) {
    case 'missing':
      return `missing ${problem.field}`;
    case 'empty_content':
      return 'empty content';
    case 'too_long':
      return `content is ${problem.length} characters, limit ${problem.limit}`;
    case 'bad_url':
      return 'the link is not an http(s) URL';
  }
}

/** A Pushed API client: every outcome, even a thrown one, comes back as a PushResult. */
export function createPushedClient({ baseUrl, fetch, timeoutMs = DEFAULT_TIMEOUT_MS, now = Date.now }: PushedClientOptions) {
  return {
    async push({ credentials, target, content, options, signal }: PushCall): Promise<PushResult> {
      const body = buildPushBody(credentials, target, content, options);
      if (!body.ok) {
        const errorType = body.error.kind === 'too_long' ? 'content_too_long' : 'invalid_request';
        return { kind: 'refused', status: null, errorType, message: describeRequestProblem(body.error) };
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let response: Awaited<ReturnType<FetchLike>>;
      let text: string;
      try {
        response = await fetch(`${baseUrl}/push`, { method: 'POST', body: body.value, signal: combined });
        text = await response.text();
      } catch {
        // Whatever was thrown may quote the request; only its kind is kept.
        return { kind: 'unknown', cause: timeout.aborted ? 'timeout' : 'network' };
      }
      return classifyPushResponse(response.status, text, response.headers.get('retry-after'), now());
    },
  };
}

/** A Pushed client. */
export type PushedClient = ReturnType<typeof createPushedClient>;
