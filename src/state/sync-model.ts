import { signal } from '@preact/signals';
import type { Clock, NewId } from '../core/ports.ts';
import { backoffDelay } from '../core/retry-policy.ts';
import type { MutationOutcome, SyncRejection } from '../core/sync/merge.ts';
import type { Mutation } from '../core/sync/mutation.ts';
import type { SyncApi, SyncProblem, TabletLabels } from '../core/sync/sync-port.ts';
import type { Result } from '../core/result.ts';
import type { Connectivity } from '../platform/connectivity.ts';
import type { PendingMutation, SyncStore } from '../storage/tablet-sync-store.ts';

/** Mutations per push: the contract's limit. */
export const PUSH_BATCH = 500;
/** The notices kept at once (the screen shows the last few). */
export const NOTICES_KEPT = 20;
/** Rows per page of the background history read. */
export const HISTORY_PAGE = 1_000;

/** What the connection badge says. */
export type SyncState = 'in_sync' | 'syncing' | 'offline' | 'unreachable' | 'disconnected' | 'update_required';

/** The badge's truth: the state, and how many of this tablet's changes wait to reach the server. */
export interface SyncStatus {
  state: SyncState;
  pending: number;
}

/** A change of this tablet the server refused, for the host to read (the row already shows the server's truth). */
export interface SyncNotice {
  /** The refused mutation's id (a notice's key). */
  id: string;
  partyName: string;
  /** What the host did here. */
  change: Mutation;
  reason: SyncRejection;
  /** The label of the tablet the reason names, when it names one. */
  tablet: string | null;
}

/** Timers the engine waits on: the real ones in the app, the test's own in tests. */
export interface SyncTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: SyncTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SyncEngineDeps {
  store: SyncStore;
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
  /** Rows per page of the history read (HISTORY_PAGE unless a test says otherwise). */
  historyPage?: number;
}

/** Thrown inside a cycle when a call got no useful answer. */
class SyncFailure extends Error {
  constructor(readonly problem: SyncProblem) {
    super(`sync failed: ${problem.kind}`);
  }
}

const unwrap = <T>(r: Result<T, SyncProblem>): T => {
  if (!r.ok) throw new SyncFailure(r.error);
  return r.value;
};

/** The tablet's side of the wire: without its place in the store. */
const onWire = ({ seq: _seq, ...m }: PendingMutation): Mutation => m;

/** The tablet the reason names, if any. */
const tabletOf = (reason: SyncRejection): string | null => ('tablet' in reason ? reason.tablet : null);

/**
 * Keeps this tablet in sync with the venue server: pushes its pending changes oldest first, pulls what
 * changed (after each push, and whenever the live stream says the venue has a newer version), and
 * rebuilds the parties the host sees from the server's rows with this tablet's pending changes on top.
 * A new tablet uploads what it holds, gets the board first and the history in the background. Backs
 * off with jitter on failure; stops for good when the tablet was disconnected.
 */
export function createSyncEngine(deps: SyncEngineDeps) {
  const { store, api, clock, newId, random, connectivity, onChanged } = deps;
  const timers = deps.timers ?? realTimers;
  const status = signal<SyncStatus>({ state: 'syncing', pending: 0 });
  const notices = signal<SyncNotice[]>([]);
  /** The background read of the venue's history on a new tablet: rows read of all there are; null when none runs. */
  const history = signal<{ done: number; total: number } | null>(null);

  let running = false;
  let revoked = false;
  let outdated = false;
  let problem: SyncProblem | null = null;
  let failures = 0;
  let retry: unknown = null;
  let busy: Promise<void> | null = null;
  let again = false;
  let known = 0; // the newest version pulled
  let stream: AbortController | null = null;
  let historyRun: Promise<void> | null = null;
  const stops: (() => void)[] = [];

  async function updateStatus(): Promise<void> {
    let pending = status.value.pending;
    try {
      pending = await store.countPending();
    } catch {
      // the count stays as it was: the next cycle counts again
    }
    const online = connectivity?.isOnline() ?? true;
    const state: SyncState = outdated
      ? 'update_required'
      : revoked
        ? 'disconnected'
        : !online
          ? 'offline'
          : problem?.kind === 'unauthorized'
            ? 'disconnected' // the server does not know this tablet's token: retrying keeps trying, but it is not the network
            : problem
              ? 'unreachable'
              : pending > 0
                ? 'syncing'
                : 'in_sync';
    status.value = { state, pending };
  }

  function changed(ids: readonly string[]): void {
    if (ids.length > 0) onChanged([...ids]);
  }

  /** Pulls what changed since our version (the board alone, on a new tablet), dropping the answered mutations on the last page. */
  async function pull(answered: readonly string[]): Promise<void> {
    const meta = await store.readMeta();
    if (!meta.boardLoaded) {
      const page = unwrap(await api.changes(0, { scope: 'board' }));
      changed(
        await store.applyPull({ rows: page.parties, answered, meta: { version: page.version, boardLoaded: true } }),
      );
      known = Math.max(known, page.version);
      return;
    }
    let since = meta.version;
    for (;;) {
      const page = unwrap(await api.changes(since));
      const last = !page.more;
      changed(
        await store.applyPull({ rows: page.parties, answered: last ? answered : [], meta: { version: page.version } }),
      );
      since = page.version;
      known = Math.max(known, page.version);
      if (last) return;
    }
  }

  /** The venue's history, a page at a time, after the board: `history` says how far it has got. */
  function pageHistory(): void {
    historyRun ??= (async () => {
      try {
        let meta = await store.readMeta();
        let done = 0;
        while (running && !meta.historyDone) {
          const page = unwrap(await api.changes(meta.historyVersion, { limit: deps.historyPage ?? HISTORY_PAGE }));
          done += page.parties.length;
          history.value = { done, total: done + page.remaining };
          changed(
            await store.applyPull({
              rows: page.parties,
              answered: [],
              meta: { historyVersion: page.version, historyDone: !page.more },
            }),
          );
          meta = await store.readMeta();
        }
        if (meta.historyDone) history.value = null;
      } catch {
        // picked up again by the next cycle
      } finally {
        historyRun = null;
      }
    })();
  }

  /** One round: what this tablet holds goes up (once), every pending change goes up, then what changed comes down. */
  async function cycle(): Promise<void> {
    if ((await store.readMeta()).uploadedExisting === false) await store.queueExisting(newId, clock.now());
    const answered: { m: PendingMutation; outcome: MutationOutcome }[] = [];
    const labels: Record<string, string> = {};
    let after: number | undefined;
    let size = PUSH_BATCH;
    for (;;) {
      const batch = await store.readPending(size, after);
      if (batch.length === 0) break;
      await updateStatus();
      const pushed = await api.push(batch.map(onWire));
      if (!pushed.ok && pushed.error.kind === 'server_error' && pushed.error.status === 413 && size > 1) {
        size = Math.ceil(size / 2); // too big for the server (a batch of whole parties): smaller batches
        continue;
      }
      const answer = unwrap(pushed);
      batch.forEach((m, i) => answered.push({ m, outcome: answer.outcomes[i]! })); // one outcome per mutation, checked by the client
      Object.assign(labels, answer.tablets);
      after = batch[batch.length - 1]!.seq;
    }
    const rejected = answered.filter(({ outcome }) => outcome.outcome === 'rejected');
    const names = await Promise.all(rejected.map(({ m }) => store.getParty(m.partyId).then((p) => p?.name ?? '')));
    await pull(answered.map(({ m }) => m.id));
    if (rejected.length > 0) {
      // The latest few: the rows already show the truth, and a host who never dismisses them must not grow a list.
      notices.value = [...notices.value, ...rejected.map((r, i) => noticeOf(r, names[i]!, labels))].slice(
        -NOTICES_KEPT,
      );
      deps.onRejected?.(rejected.map(({ m }) => m.id));
    }
    const meta = await store.readMeta();
    if (meta.boardLoaded && !meta.historyDone) pageHistory();
  }

  function noticeOf(
    { m, outcome }: { m: PendingMutation; outcome: MutationOutcome },
    partyName: string,
    labels: TabletLabels,
  ): SyncNotice {
    const reason = (outcome as Extract<MutationOutcome, { outcome: 'rejected' }>).reason; // only rejected ones come here
    const tablet = tabletOf(reason);
    return {
      id: m.id,
      partyName,
      change: onWire(m),
      reason,
      tablet: tablet === null ? null : (labels[tablet] ?? null),
    };
  }

  function stopAll(): void {
    running = false;
    stream?.abort();
    reconnect?.();
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
        await cycle();
        problem = null;
        failures = 0;
        reconnect?.(); // the server answers: the live stream need not wait out its backoff
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

  /** Runs a cycle now (or once more after the one running); while backing off, only the count is brought up to date. */
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
    reconnect?.();
    kick();
  }

  /** Cuts the live stream's wait before reconnecting short, when one is waiting. */
  let reconnect: (() => void) | null = null;
  const waitToReconnect = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = timers.set(() => {
        reconnect = null;
        resolve();
      }, ms);
      reconnect = () => {
        timers.clear(handle);
        reconnect = null;
        resolve();
      };
    });

  async function listen(): Promise<void> {
    let streamFailures = 0;
    while (running) {
      stream = new AbortController();
      let first = true;
      const end = await api.events(
        (version) => {
          streamFailures = 0;
          // A stream (re)opened: the settings may have changed while it was down.
          if (first) deps.onSettings?.();
          first = false;
          if (version > known || problem) wake(); // back after a failure: the badge need not wait out a backoff
        },
        stream.signal,
        () => deps.onSettings?.(),
      );
      if (!running) return;
      if (end?.kind === 'revoked') return revoke();
      if (end?.kind === 'update_required') return (outdate(), void updateStatus());
      // A live stream ended: nothing from the other tablets can arrive, so a cycle asks the server whether it is
      // still there (the badge says unreachable if not, not In sync while the venue server is down). Only after a
      // stream that was live: a stream refused at once while the API answers would otherwise loop without a pause.
      if (streamFailures === 0) kick();
      streamFailures += 1;
      await waitToReconnect(backoffDelay(streamFailures, random()));
    }
  }

  return {
    status,
    notices,
    history,
    /** Starts syncing (and listening to the venue's live versions) until `stop`. */
    start(): void {
      if (running || revoked || outdated) return;
      running = true;
      if (connectivity) stops.push(connectivity.onChange((online) => (online ? wake() : void updateStatus())));
      void store.readMeta().then(
        (meta) => (known = Math.max(known, meta.version)),
        () => {},
      );
      void listen();
      kick();
    },
    stop: stopAll,
    /** A change was recorded: push it. */
    kick,
    /** Resolves once no cycle runs (for tests and for a clean shutdown). */
    async settled(): Promise<void> {
      while (busy || historyRun) await (busy ?? historyRun);
    },
    /** The host has read a notice. */
    dismiss(id: string): void {
      notices.value = notices.value.filter((n) => n.id !== id);
    },
  };
}

/** The sync engine. */
export type SyncEngine = ReturnType<typeof createSyncEngine>;
