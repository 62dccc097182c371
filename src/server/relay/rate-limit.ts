/** A token bucket per device: `perMinute` requests a minute on average, bursts up to `burst`. */
export function rateLimiter(perMinute: number, burst = Math.max(10, perMinute), now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes one request's worth for `device`; returns how long to wait (ms) when there is none left, else 0. */
    take(device: string): number {
      const t = now();
      const bucket = buckets.get(device) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) * perMinute) / 60_000);
      bucket.at = t;
      buckets.set(device, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) * 60_000) / perMinute);
    },
  };
}
