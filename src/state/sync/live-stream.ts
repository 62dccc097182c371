import { backoffDelay } from '../../core/retry-policy.ts';

/** How long a stream another tab of this tablet replaced waits (to twice that) before opening again. */
export const REPLACED_WAIT_MS = 60_000;
import type { SyncApi } from '../../core/sync/sync-port.ts';

/** Timers the engine waits on: the real ones in the app, the test's own in tests. */
export interface SyncTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * The venue's live versions: one event stream at a time, opened again after a backoff when it ends,
 * until `stop`. Says each version, that the settings may have changed (on every new stream, and when
 * the server says so), that a live stream ended, and that the tablet was disconnected.
 */
export function createLiveStream(deps: {
  api: SyncApi;
  timers: SyncTimers;
  random: () => number;
  onVersion(version: number): void;
  onSettings?(): void;
  /** The venue's announcements changed (and, on each new stream, may have). */
  onAnnouncements?(): void;
  /** A stream that had been live ended: nothing from the other tablets can arrive until the next one. */
  onEnded(): void;
  onRevoked(): void;
  /** The server syncs by other rules than this build. */
  onUpdateRequired(): void;
}) {
  let running = false;
  let stream: AbortController | null = null;
  let cutShort: (() => void) | null = null;

  const waitToReconnect = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = deps.timers.set(() => {
        cutShort = null;
        resolve();
      }, ms);
      cutShort = () => {
        deps.timers.clear(handle);
        cutShort = null;
        resolve();
      };
    });

  async function listen(): Promise<void> {
    let failures = 0;
    while (running) {
      stream = new AbortController();
      let first = true;
      const end = await deps.api.events(
        (version) => {
          failures = 0;
          // A stream (re)opened: the settings and announcements may have changed while it was down.
          if (first) {
            deps.onSettings?.();
            deps.onAnnouncements?.();
          }
          first = false;
          deps.onVersion(version);
        },
        stream.signal,
        () => deps.onSettings?.(),
        () => deps.onAnnouncements?.(),
      );
      if (!running) return;
      if (end?.kind === 'revoked') return deps.onRevoked();
      if (end?.kind === 'update_required') return deps.onUpdateRequired();
      if (end?.kind === 'replaced') {
        // Another tab of this tablet took the stream: opening ours again at once would take it back, for ever.
        deps.onEnded();
        failures = 0;
        await waitToReconnect(REPLACED_WAIT_MS * (1 + deps.random()));
        continue;
      }
      // Only after a stream that was live: one refused at once while the API answers would otherwise loop without a pause.
      if (failures === 0) deps.onEnded();
      failures += 1;
      await waitToReconnect(backoffDelay(failures, deps.random()));
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      void listen();
    },
    stop(): void {
      running = false;
      stream?.abort();
      cutShort?.();
    },
    /** The server answers again: a stream waiting out its backoff opens now. */
    reconnectNow(): void {
      cutShort?.();
    },
  };
}
