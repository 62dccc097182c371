import type { Database, Unlisten } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import { SYNC_CHANNEL, type ServerSyncStore } from './server-sync-store.ts';

/** One open event stream: told each new version of its venue, and ended when the server stops. */
export interface StreamListener {
  version(version: number): void;
  /** The venue's shared settings changed (a tablet saved them, or the owner ran `venue set`). */
  settings(): void;
  /** The venue's list of announcements changed (one was made, or its delivery settled). */
  announcements?(): void;
  end(): void;
}

/**
 * Wakes this copy's event streams when a venue's version moves: on PostgreSQL's NOTIFY (sent at the
 * COMMIT of every push, by any server copy) and, right away, on this copy's own pushes. After the
 * listening connection was lost, every venue with a stream reads its version again (what was
 * notified meanwhile is gone).
 */
export function syncHub(db: Database, store: ServerSyncStore, log: Pick<Logger, 'warn'>) {
  const streams = new Map<string, Set<StreamListener>>();
  let listening: Promise<Unlisten | null> | null = null;
  let stopped = false;

  function wake(venueId: string, version: number): void {
    for (const stream of streams.get(venueId) ?? []) stream.version(version);
  }

  // '<venueId>:<version>' after a push, '<venueId>:settings' after a change of the venue's settings,
  // '<venueId>:announcements' after one of its announcements changed.
  function heard(payload: string): void {
    const at = payload.lastIndexOf(':');
    if (at <= 0) return;
    const venueId = payload.slice(0, at);
    const what = payload.slice(at + 1);
    if (what === 'settings') {
      for (const stream of streams.get(venueId) ?? []) stream.settings();
      return;
    }
    if (what === 'announcements') {
      for (const stream of streams.get(venueId) ?? []) stream.announcements?.();
      return;
    }
    const version = Number(what);
    if (Number.isSafeInteger(version)) wake(venueId, version);
  }

  function caughtUp(): void {
    for (const venueId of streams.keys())
      store.version(venueId).then(
        (version) => wake(venueId, version),
        () => {}, // the next notification or reconnection tries again
      );
  }

  function listen(): void {
    if (listening || stopped) return;
    listening = db.listen(SYNC_CHANNEL, heard, caughtUp).catch((error: unknown) => {
      log.warn('sync listener failed', { name: error instanceof Error ? error.name : 'error' });
      listening = null; // the next stream tries again
      return null;
    });
  }

  return {
    /** Starts telling `stream` of its venue's versions (listening on the database from the first one); the way to stop. */
    subscribe(venueId: string, stream: StreamListener): () => void {
      listen();
      const set = streams.get(venueId) ?? new Set();
      set.add(stream);
      streams.set(venueId, set);
      return () => {
        set.delete(stream);
        if (set.size === 0 && streams.get(venueId) === set) streams.delete(venueId);
      };
    },
    /** Resolves once this copy listens to the database (the first stream starts it). */
    ready: async (): Promise<void> => {
      listen();
      await listening;
    },
    /** A push of this copy committed: its streams need not wait for the notification. */
    wake,
    /** Ends every stream (the server stops) and stops listening. */
    async stop(): Promise<void> {
      stopped = true;
      for (const set of [...streams.values()]) for (const stream of [...set]) stream.end();
      streams.clear();
      const unlisten = await listening;
      listening = null;
      await unlisten?.().catch(() => {});
    },
  };
}

/** The event hub of one server copy. */
export type SyncHub = ReturnType<typeof syncHub>;
