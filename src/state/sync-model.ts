import { signal } from '@preact/signals';
import type { Clock, NewId } from '../core/ports.ts';
import { backoffDelay } from '../core/retry-policy.ts';
import type { SyncApi, SyncProblem } from '../core/sync/sync-port.ts';
import type { Connectivity } from '../platform/connectivity.ts';
import type { TabletSyncStore } from '../storage/tablet-sync-store.ts';
import { createHistoryPager } from './sync/history-pager.ts';
import { createLiveStream, type SyncTimers } from './sync/live-stream.ts';
import { pushAndPull, SyncFailure } from './sync/push-pull.ts';
import { createSyncNotices, syncState, type SyncStatus } from './sync/sync-status.ts';

export { HISTORY_PAGE } from './sync/history-pager.ts';
export type { SyncTimers } from './sync/live-stream.ts';
export { PUSH_BATCH } from './sync/push-pull.ts';
export {
  NOTICES_KEPT,
  type GuestCancel,
  type SyncNotice,
  type SyncState,
  type SyncStatus,
} from './sync/sync-status.ts';

const realTimers: SyncTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SyncEngineDeps {
  store: TabletSyncStore;
  api: SyncApi;
  clock: Clock;
  /** Mutation ids (crypto.randomUUID in the app). */
  newId: NewId;
  /** A number in [0, 1), for the backoff's jitter. */
  random: () => number;
  timers?: SyncTimers;
  connectivity?: Connectivity;
  /** Parties the engine rewrote from the server's truth: the board re-reads them and the other tabs hear. */
  onChanged(partyIds: string[]): void;
  /** The server said this tablet was disconnected: the engine has stopped (the revoked banner's cue). */
  onRevoked?(): void;
  /** The server syncs by other rules than this build: the engine has stopped, applying nothing; the app should update itself. */
  onUpdateRequired?(): void;
  /** The server refused these changes of this tablet (each also a notice): the board withdraws an Undo of one. */
  onRejected?(mutationIds: string[]): void;
  /** The live stream said the venue's shared settings changed (and, on each new stream, that they may have). */
  onSettings?(): void;
  /** The live stream said the venue's announcements changed (and, on each new stream, that they may have). */
  onAnnouncements?(): void;
  /** Rows per page of the history read (HISTORY_PAGE unless a test says otherwise). */
  historyPage?: number;
}

/**
 * Keeps this tablet in sync with the venue server. The connection loop lives here: it runs a round
 * (sync/push-pull.ts) whenever something may have changed — a change recorded here, a newer version
 * said by the live stream (sync/live-stream.ts), the network back — one at a time, backing off with
 * jitter on failure, and stops for good when the tablet was disconnected. A new tablet then reads the
 * venue's history in the background (sync/history-pager.ts). What the host sees — the badge and the
 * notices of refused changes — is in sync/sync-status.ts.
 */
export function createSyncEngine(deps: SyncEngineDeps) {
  const { store, api, clock, newId, random, connectivity } = deps;
  const timers = deps.timers ?? realTimers;
  const status = signal<SyncStatus>({ state: 'syncing', pending: 0 });
  const notices = createSyncNotices();

  let running = false;
  let revoked = false;
  let outdated = false;
  let problem: SyncProblem | null = null;
  let failures = 0;
  let retry: unknown = null;
  let busy: Promise<void> | null = null;
  let again = false;
  let known = 0; // the newest version pulled
  const stops: (() => void)[] = [];

  const changed = (ids: readonly string[]) => {
    if (ids.length > 0) deps.onChanged([...ids]);
  };
  const history = createHistoryPager({
    store,
    api,
    ...(deps.historyPage ? { pageSize: deps.historyPage } : {}),
    running: () => running,
    changed,
  });
  const live = createLiveStream({
    api,
    timers,
    random,
    onVersion: (version) => {
      if (version > known || problem) wake(); // back after a failure: the badge need not wait out a backoff
    },
    ...(deps.onSettings ? { onSettings: deps.onSettings } : {}),
    ...(deps.onAnnouncements ? { onAnnouncements: deps.onAnnouncements } : {}),
    // Nothing from the other tablets can arrive: a round asks the server whether it is still there (the badge
    // says unreachable if not, not In sync while the venue server is down).
    onEnded: () => kick(),
    onRevoked: () => revoke(),
    onUpdateRequired: () => (outdate(), void updateStatus()),
  });

  async function updateStatus(): Promise<void> {
    let pending = status.value.pending;
    try {
      pending = await store.countPending();
    } catch {
      // the count stays as it was: the next round counts again
    }
    const online = connectivity?.isOnline() ?? true;
    status.value = { state: syncState({ outdated, revoked, online, problem, pending }), pending };
  }

  async function round(): Promise<void> {
    const { rejected, labels, cancelled } = await pushAndPull({
      store,
      api,
      clock,
      newId,
      changed,
      reached: (version) => (known = Math.max(known, version)),
      beforeBatch: updateStatus,
    });
    notices.addCancels(cancelled);
    if (rejected.length > 0) {
      notices.add(rejected, labels);
      deps.onRejected?.(rejected.map(({ m }) => m.id));
    }
    const meta = await store.readMeta();
    if (meta.boardLoaded && !meta.historyDone) history.run();
  }

  function stopAll(): void {
    running = false;
    live.stop();
    if (retry !== null) timers.clear(retry);
    retry = null;
    stops.splice(0).forEach((stop) => stop());
  }

  function revoke(): void {
    if (revoked) return;
    revoked = true;
    stopAll();
    deps.onRevoked?.();
  }

  /** Another protocol on the server: nothing more is pushed or applied until the app is updated (a reload starts anew). */
  function outdate(): void {
    if (outdated) return;
    outdated = true;
    stopAll();
    deps.onUpdateRequired?.();
  }

  async function run(): Promise<void> {
    do {
      again = false;
      try {
        await round();
        problem = null;
        failures = 0;
        live.reconnectNow(); // the server answers: the live stream need not wait out its backoff
      } catch (error) {
        problem = error instanceof SyncFailure ? error.problem : { kind: 'server_error', status: 0 };
        failures += 1;
      }
      if (problem?.kind === 'revoked') revoke();
      if (problem?.kind === 'update_required') outdate();
      await updateStatus();
      if (problem && running) {
        retry = timers.set(
          () => {
            retry = null;
            kick();
          },
          backoffDelay(failures, random()),
        );
        return;
      }
    } while (again && running);
  }

  /** Runs a round now (or once more after the one running); while backing off, only the count is brought up to date. */
  function kick(): void {
    if (!running) return;
    if (retry !== null) return void updateStatus();
    if (busy) {
      again = true;
      return;
    }
    busy = run().finally(() => (busy = null));
  }

  /** A sign the server is there again (a live version, the network back): the backoffs are cut short. */
  function wake(): void {
    if (retry !== null) timers.clear(retry);
    retry = null;
    live.reconnectNow();
    kick();
  }

  return {
    status,
    notices: notices.notices,
    /** Parties on this board the guest cancelled from their phone, for the host to read (each dismissed by hand). */
    guestCancels: notices.cancels,
    /** The background read of the venue's history on a new tablet: rows read of all there are; null when none runs. */
    history: history.progress,
    /** Starts syncing (and listening to the venue's live versions) until `stop`. */
    start(): void {
      if (running || revoked || outdated) return;
      running = true;
      if (connectivity) stops.push(connectivity.onChange((online) => (online ? wake() : void updateStatus())));
      void store.readMeta().then(
        (meta) => (known = Math.max(known, meta.version)),
        () => {},
      );
      live.start();
      kick();
    },
    stop: stopAll,
    /** A change was recorded: push it. */
    kick,
    /** Resolves once no round runs (for tests and for a clean shutdown). */
    async settled(): Promise<void> {
      while (busy || history.current()) await (busy ?? history.current());
    },
    /** The host has read a notice. */
    dismiss: notices.dismiss,
  };
}

/** The sync engine. */
export type SyncEngine = ReturnType<typeof createSyncEngine>;
