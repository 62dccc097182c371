/** Buckets kept at most; past it, full (idle) buckets are dropped, so many clients cannot grow the map without end. */
const MAX_BUCKETS = 10_000;

/** A token bucket per name (a device, a client address): `perMinute` on average, bursts up to `burst`. */
export function rateLimiter(perMinute: number, burst = Math.max(10, perMinute), now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (name: string, t: number) => {
    const bucket = buckets.get(name) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) * perMinute) / 60_000);
    bucket.at = t;
    return bucket;
  };
  const waitFor = (tokens: number) => (tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60_000) / perMinute));
  const prune = (t: number) => {
    if (buckets.size < MAX_BUCKETS) return;
    for (const name of buckets.keys()) if (refill(name, t).tokens >= burst) buckets.delete(name);
    for (const name of buckets.keys()) if (buckets.size >= MAX_BUCKETS) buckets.delete(name); // still full: the oldest go
  };
  return {
    /** Takes one request's worth for `name`; returns how long to wait (ms) when there is none left, else 0. */
    take(name: string): number {
      const t = now();
      prune(t);
      const bucket = refill(name, t);
      buckets.set(name, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return waitFor(bucket.tokens);
    },
    /** How long `name` must wait (ms) before it may take one, without taking anything; 0 when it may now. */
    wait(name: string): number {
      return buckets.has(name) ? waitFor(refill(name, now()).tokens) : 0;
    },
  };
}
