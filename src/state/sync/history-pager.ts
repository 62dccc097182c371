import { signal } from '@preact/signals';
import type { SyncApi } from '../../core/sync/sync-port.ts';
import type { TabletSyncStore } from '../../storage/tablet-sync-store.ts';
import { unwrap } from './push-pull.ts';

/** Rows per page of the background history read. */
export const HISTORY_PAGE = 1_000;

/**
 * The venue's history on a new tablet, a page at a time after the board: `progress` says how far it
 * has got (rows read of all there are; null when none runs). A failed page is picked up again by the
 * next round's `run`.
 */
export function createHistoryPager(deps: {
  store: TabletSyncStore;
  api: SyncApi;
  pageSize?: number;
  /** Whether the engine still runs: a stopped engine reads no further page. */
  running(): boolean;
  changed(partyIds: readonly string[]): void;
}) {
  const { store, api } = deps;
  const progress = signal<{ done: number; total: number } | null>(null);
  let reading: Promise<void> | null = null;

  async function readAll(): Promise<void> {
    let meta = await store.readMeta();
    let done = 0;
    while (deps.running() && !meta.historyDone) {
      const page = unwrap(await api.changes(meta.historyVersion, { limit: deps.pageSize ?? HISTORY_PAGE }));
      done += page.parties.length;
      progress.value = { done, total: done + page.remaining };
      deps.changed(
        await store.applyPull({
          rows: page.parties,
          answered: [],
          meta: { historyVersion: page.version, historyDone: !page.more },
        }),
      );
      meta = await store.readMeta();
    }
    if (meta.historyDone) progress.value = null;
  }

  return {
    progress,
    /** Starts reading, unless a read runs already. */
    run(): void {
      reading ??= readAll()
        .catch(() => {}) // picked up again by the next round
        .finally(() => (reading = null));
    },
    /** The read running now, if any. */
    current: () => reading,
  };
}
