/** Runs `fn` while holding the named lock; at most one holder at a time across every tab of the origin. */
export type ExclusiveLock = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/** Web Locks: released by the browser even if the holding tab crashes or is closed mid-send. */
export function webLock(locks: LockManager | undefined = globalThis.navigator?.locks): ExclusiveLock {
  if (!locks) return inTabLock();
  return (name, fn) => locks.request(name, { mode: 'exclusive' }, fn);
}

/** A lock for one tab only, where Web Locks are missing (and in Node tests). */
export function inTabLock(): ExclusiveLock {
  const tails = new Map<string, Promise<unknown>>();
  return (name, fn) => {
    const run = (tails.get(name) ?? Promise.resolve()).then(fn, fn);
    tails.set(
      name,
      run.catch(() => {}),
    );
    return run;
  };
}
