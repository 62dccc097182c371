import { signal } from '@preact/signals';
import type { Clock } from '../core/ports.ts';
import type { ChangeFeed } from '../platform/change-feed.ts';
import type { Connectivity } from '../platform/connectivity.ts';
import type { PartyStore } from '../storage/parties-store.ts';
import type { BoardSignals } from './board-signals.ts';
import { keepRetention, type RetentionDeps } from './retention.ts';

/** What keeps an open board true: its clock, the network's state, other tabs' changes, and the history purge. */
export interface BoardUpkeepDeps extends Pick<RetentionDeps, 'history' | 'retention'> {
  store: PartyStore;
  clock: Clock;
  feed: ChangeFeed;
  connectivity: Connectivity;
}

/** What else runs on the board's clock: closing late calls on each tick, reading today's finished parties at start. */
export interface UpkeepHooks {
  onTick(): Promise<void>;
  onStart(): Promise<void>;
  /** Another tab changed something: lists kept beside the board (Seated & gone) read again. */
  onOtherTab(): Promise<void>;
}

/** The board's clock (minutes waited) and connection, kept live while the board is open. */
export function createBoardUpkeep(
  { store, clock, feed, connectivity, history, retention }: BoardUpkeepDeps,
  sync: BoardSignals,
  hooks: UpkeepHooks,
) {
  const now = signal(clock.now());
  const online = signal(connectivity.isOnline());
  return {
    now,
    online,
    /** Keeps the board live: moves its clock and re-reads when other tabs change things. Returns stop. */
    start(tickMs = 15_000): () => void {
      // Guests' names are kept only as long as the venue's retention says (the README's privacy promise).
      const stopRetention = keepRetention({ store, clock, history, retention });
      void hooks.onStart(); // never rejects: it reports its own failure
      const timer = setInterval(() => {
        now.value = clock.now();
        void hooks.onTick(); // never rejects either
      }, tickMs);
      const stopListening = feed.listen((partyId) => {
        void (partyId ? sync.refreshParty(partyId) : sync.refresh());
        void hooks.onOtherTab(); // never rejects: it reports its own failure
      });
      const stopWatching = connectivity.onChange((isOnline) => (online.value = isOnline));
      return () => {
        clearInterval(timer);
        stopRetention();
        stopListening();
        stopWatching();
      };
    },
  };
}
