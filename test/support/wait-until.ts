/**
 * Resolves with the first truthy value `check` gives, asking again every `intervalMs`; fails after
 * `timeoutMs` saying what it was waiting for. For Node-side waits that `expect.poll` cannot express
 * (a server still starting, say).
 */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  what: string,
  { timeoutMs = 10_000, intervalMs = 50 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** True once `url` answers 200; false while nothing listens there yet. */
export const answers = (url: string): Promise<boolean> =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );
