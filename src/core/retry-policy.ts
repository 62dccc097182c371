/** First retry after about this long; each further one waits twice as long, up to the cap. */
export const RETRY_BASE_MS = 2_000;
export const RETRY_CAP_MS = 4 * 60_000;

/**
 * The wait before retry number `attempt` (1 for the first retry): exponential, capped, with
 * "equal jitter" (half fixed, half random) so that tablets coming back online together spread out.
 * `random` is a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: number): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** When to try again after a transient failure: the backoff, or later if the server asked for later (within the cap). */
export function nextAttemptAt(now: number, attempt: number, random: number, retryAfterMs: number | null): number {
  const wait = Math.max(backoffDelay(attempt, random), Math.min(retryAfterMs ?? 0, RETRY_CAP_MS));
  return now + wait;
}
