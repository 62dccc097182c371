import type { PushResult } from '../core/push-result.ts';
import type { RequestProblem } from './push-request.ts';

/** Existing clients use 4–10 s; past this an answer is treated as lost. */
export const DEFAULT_TIMEOUT_MS = 8_000;

/** The subset of `fetch` the clients need, so tests can pass their own. */
export type FetchLike = (
  url: string,
  init: {
    method: 'POST';
    body: URLSearchParams;
    signal: AbortSignal;
    headers?: Record<string, string>;
    redirect?: 'manual';
  },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** Reads an answer (status, body, Retry-After, now) as a PushResult. */
export type ClassifyAnswer = (status: number, body: string, retryAfter: string | null, now: number) => PushResult;

/** One POST of a push body, as a client asks for it. */
export interface SendPush {
  fetch: FetchLike;
  url: string;
  body: URLSearchParams;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  now: () => number;
  classify: ClassifyAnswer;
}

/** POSTs one push with a timeout on top of the caller's signal; every outcome, even a thrown one, comes back as a PushResult. */
export async function sendPush({
  fetch,
  url,
  body,
  headers,
  signal,
  timeoutMs,
  now,
  classify,
}: SendPush): Promise<PushResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    response = await fetch(url, { method: 'POST', body, signal: combined, ...(headers ? { headers } : {}) });
    text = await response.text();
  } catch {
    // Whatever was thrown may quote the request; only its kind is kept. It may have arrived: unknown.
    return { kind: 'unknown', cause: timeout.aborted ? 'timeout' : 'network' };
  }
  return classify(response.status, text, response.headers.get('retry-after'), now());
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

/** A push Waitbell refused before sending it: the row says why, nothing is retried. */
export function refusedBeforeSending(problem: RequestProblem): PushResult {
  const errorType = problem.kind === 'too_long' ? 'content_too_long' : 'invalid_request';
  return { kind: 'refused', status: null, errorType, message: describeRequestProblem(problem) };
}
