import type { ChangeFeed } from '../../src/platform/change-feed.ts';
import type { Connectivity } from '../../src/platform/connectivity.ts';

/** A ChangeFeed that records announcements and lets the test play "another tab changed it". */
export function fakeFeed() {
  const listeners = new Set<() => void>();
  let announced = 0;
  const feed: ChangeFeed = {
    announce: () => void (announced += 1),
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  return { feed, announced: () => announced, otherTabChanged: () => listeners.forEach((fn) => fn()) };
}

/** Connectivity the test switches by hand. */
export function fakeConnectivity(initially = true) {
  let online = initially;
  const listeners = new Set<(online: boolean) => void>();
  const connectivity: Connectivity = {
    isOnline: () => online,
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  return {
    connectivity,
    set(value: boolean) {
      online = value;
      listeners.forEach((fn) => fn(value));
    },
  };
}
