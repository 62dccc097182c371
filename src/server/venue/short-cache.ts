/** A revocation or a new secret reaches every server copy within this. */
export const CACHE_MS = 5_000;

/** Answers kept CACHE_MS, as promises: requests arriving together share one query. */
export type Cache<T> = Map<string, { value: Promise<T>; until: number }>;

/** The cached answer for `name`, or a fresh one from `read` (a failed read is not kept). At most 10,000 names. */
export function cached<T>(cache: Cache<T>, name: string, t: number, read: () => Promise<T>): Promise<T> {
  const known = cache.get(name);
  if (known && known.until > t) return known.value;
  if (cache.size >= 10_000) cache.clear(); // many wrong tokens cannot grow it without end
  const entry = { value: read(), until: t + CACHE_MS };
  cache.set(name, entry);
  entry.value.catch(() => cache.get(name) === entry && cache.delete(name));
  return entry.value;
}
