import { DEFAULT_RETENTION, historyCutoff, personalDataCutoff, type RetentionSettings } from '../core/retention.ts';
import type { Clock } from '../core/ports.ts';
import type { HistoryStore } from '../storage/history-store.ts';
import type { PartyStore } from '../storage/parties-store.ts';

/** How often an open tablet applies the venue's retention again (it also does at every start). */
export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

/** What the venue's retention is applied to on this tablet. */
export interface RetentionDeps {
  store: PartyStore;
  /** The quotes' anonymous history; absent, only guests' details are purged. */
  history?: HistoryStore;
  clock: Clock;
  /** The venue's retention as this tablet has it (the shared setting); absent, the defaults. */
  retention?: () => Promise<RetentionSettings>;
}

/**
 * Applies the venue's retention to this tablet's own stores: finished parties (with their outbox entries and
 * the server's copy) older than its days of guests' details, and anonymous history older than its months.
 */
export async function applyRetention({ store, history, clock, retention }: RetentionDeps): Promise<void> {
  const kept = (await retention?.()) ?? DEFAULT_RETENTION;
  const now = clock.now();
  await store.purgeFinishedBefore(personalDataCutoff(kept, now));
  await history?.purgeBefore(historyCutoff(kept, now));
}

/** Applies the retention now and then daily until the returned function is called; a failure waits for the next run. */
export function keepRetention(deps: RetentionDeps, everyMs = RETENTION_EVERY_MS): () => void {
  const run = () => void applyRetention(deps).catch(() => {}); // retried at the next run
  run();
  const timer = setInterval(run, everyMs);
  return () => clearInterval(timer);
}
