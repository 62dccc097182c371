import { isActive, type Party } from '../../src/core/party.ts';
import { err, ok } from '../../src/core/result.ts';
import {
  applyServerOrder,
  type MutationOutcome,
  type SyncRejection,
  type SyncState,
} from '../../src/core/sync/merge.ts';
import { emptySyncState } from './parties.ts';
import { GUEST_PAGE_DEVICE, mutation, type GuestAction, type Mutation } from '../../src/core/sync/mutation.ts';
import * as v from 'valibot';
import { changesAnswerSchema, pushAnswerSchema, readMutation } from '../../src/core/wire/sync.ts';
import type { ServerParty, SyncApi, SyncProblem } from '../../src/core/sync/sync-port.ts';

/**
 * An in-memory venue server that follows /work/sync-contract.md by calling the real pure rules
 * (`applyServerOrder`): one version per push, every mutation id kept with the outcome it got (a retry
 * gets that outcome again), rows paged by version, a live version to every listening tablet. Each
 * tablet gets its own SyncApi; the test can take one offline, lose one answer, or disconnect it.
 */
export function fakeSyncServer() {
  let state: SyncState = emptySyncState();
  let version = 0;
  const rowVersion = new Map<string, number>();
  const outcomes = new Map<string, MutationOutcome>();
  const labels: Record<string, string> = {};
  const listeners = new Set<(version: number) => void>();
  const streams = new Map<string, Set<(end: SyncProblem | { kind: 'replaced' } | null) => void>>();
  let maxBatch = Infinity;
  const offline = new Set<string>();
  const revoked = new Set<string>();
  let upgraded = false;
  const unknown = new Set<string>();
  const dropAnswers = new Map<string, number>();
  let applied = 0;
  let boardPage = Infinity;
  let betweenBoardPages: (() => void) | undefined;
  const reads: { device: string; scope: 'board' | 'all'; parties: string[] }[] = [];
  let boardMax = Infinity;
  const opened = new Map<string, number>(); // event streams asked for, per tablet

  const unreachable = () => err<SyncProblem>({ kind: 'unreachable' });
  const refused = (device: string) =>
    upgraded
      ? err<SyncProblem>({ kind: 'update_required' })
      : revoked.has(device)
        ? err<SyncProblem>({ kind: 'revoked' })
        : unknown.has(device)
          ? err<SyncProblem>({ kind: 'unauthorized' })
          : null;
  // As over the wire: JSON in, JSON out.
  const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  // The fake speaks the contract: an answer the tablet's schema would refuse is the test's mistake.
  const answered = <T>(schema: v.GenericSchema, value: T): T => (v.parse(schema, wire(value)), value);

  function push(device: string, sent: readonly Mutation[], own: readonly Mutation[] = []) {
    const fresh: Mutation[] = [...own];
    const read = wire(sent).map((raw, i) => {
      const m = readMutation(raw);
      if (m.ok) return { id: m.value.id, m: { ...m.value, tablet: device } };
      const id = typeof raw.id === 'string' ? raw.id : `#${i}`;
      // As the server says it: where, and why when the schema said.
      const e = m.error;
      const reason: SyncRejection =
        e.kind === 'malformed'
          ? { kind: 'invalid', at: e.at, ...(e.problem ? { problem: e.problem } : {}) }
          : { kind: 'invalid', at: `changes.${e.problems[0]?.field ?? 'fields'}` };
      outcomes.set(id, { id, outcome: 'rejected', reason });
      return { id };
    });
    for (const r of read) if (r.m && !outcomes.has(r.id)) fresh.push(r.m);
    version += 1;
    const before = state;
    // As the server bounds a board: a party that would join a full one is refused, the rest applies.
    let waiting = Object.values(state.parties).filter((p) => isActive(p.status)).length;
    const admit = (before: Party | undefined, after: Party): SyncRejection | null => {
      if ((before && isActive(before.status)) || !isActive(after.status)) return null;
      if (waiting >= boardMax) return { kind: 'board_full', bound: 'parties', max: boardMax };
      waiting += 1;
      return null;
    };
    const merged = applyServerOrder(state, fresh, boardMax === Infinity ? undefined : admit);
    state = merged.state;
    merged.outcomes.forEach((o) => outcomes.set(o.id, o));
    for (const id of new Set(fresh.map((m) => m.partyId)))
      if (before.parties[id] !== state.parties[id] || before.lastChange[id] !== state.lastChange[id])
        rowVersion.set(id, version);
    applied += merged.outcomes.filter((o) => o.outcome === 'applied').length;
    listeners.forEach((fn) => fn(version));
    return {
      version,
      outcomes: read.map((r) => outcomes.get(r.id) ?? { id: r.id, outcome: 'duplicate' as const }),
      tablets: { ...labels },
    };
  }

  const rowOf = (id: string): ServerParty => ({
    party: state.parties[id]!,
    lastChange: state.lastChange[id] ?? null,
    version: rowVersion.get(id)!,
  });

  function changes(since: number, limit = 1000, scope?: 'board') {
    const board = scope === 'board';
    const all = [...rowVersion.entries()]
      .filter(([id, v]) => v > since && (!board || isActive(state.parties[id]!.status)))
      .sort((a, b) => a[1] - b[1])
      .map(([id]) => rowOf(id));
    const size = board ? boardPage : limit;
    let page = all.slice(0, size);
    // A page never ends in the middle of a version.
    if (all.length > size) {
      const lastVersion = page[page.length - 1]!.version;
      if (all[size]!.version === lastVersion) page = page.filter((r) => r.version < lastVersion);
      if (page.length === 0) page = all.filter((r) => r.version === lastVersion);
    }
    const more = page.length < all.length;
    const answer = {
      version: more ? page[page.length - 1]!.version : version,
      current: version,
      parties: wire(page),
      more,
      remaining: all.length - page.length,
      tablets: { ...labels },
    };
    if (board && since === 0) betweenBoardPages?.(); // after the first page is read, before the next
    return answer;
  }

  return {
    /** The API as tablet `device` (named `label` in rejections) sees it. */
    api(device: string, label = device): SyncApi {
      labels[device] = label;
      return {
        async push(mutations) {
          await Promise.resolve(); // an answer never comes back in the same turn
          if (offline.has(device)) return unreachable();
          const no = refused(device);
          if (no) return no;
          if (mutations.length > maxBatch) return err<SyncProblem>({ kind: 'server_error', status: 413 });
          const answer = push(device, mutations);
          const drops = dropAnswers.get(device) ?? 0;
          if (drops > 0) {
            dropAnswers.set(device, drops - 1);
            return unreachable(); // applied, but the answer was lost on the way
          }
          return ok(answered(pushAnswerSchema, answer));
        },
        async changes(since, options = {}) {
          await Promise.resolve();
          if (offline.has(device)) return unreachable();
          const no = refused(device);
          if (no) return no;
          const page = changes(since, options.limit, options.scope);
          reads.push({ device, scope: options.scope ?? 'all', parties: page.parties.map((r) => r.party.name) });
          return ok(answered(changesAnswerSchema, page));
        },
        events(onVersion, signal) {
          opened.set(device, (opened.get(device) ?? 0) + 1);
          if (offline.has(device)) return Promise.resolve({ kind: 'unreachable' });
          if (revoked.has(device)) return Promise.resolve({ kind: 'revoked' });
          if (upgraded) return Promise.resolve({ kind: 'update_required' });
          onVersion(version);
          listeners.add(onVersion);
          return new Promise((resolve) => {
            const open = streams.get(device) ?? new Set();
            streams.set(device, open);
            const end = (why: SyncProblem | { kind: 'replaced' } | null) => {
              listeners.delete(onVersion);
              open.delete(end);
              resolve(why);
            };
            open.add(end);
            if (signal.aborted) end(null);
            else signal.addEventListener('abort', () => end(null));
          });
        },
      };
    },
    /** A venue that already has these parties, each changed by a version of its own (as a day of pushes leaves them). */
    seed(parties: readonly Party[]) {
      const next = { ...state.parties };
      for (const party of parties) {
        next[party.id] = party;
        rowVersion.set(party.id, ++version);
      }
      state = { ...state, parties: next };
    },
    /** The tablet loses (or finds again) its way to the server; a live stream it had ends. */
    setOffline(device: string, value: boolean) {
      if (value) offline.add(device);
      else offline.delete(device);
      if (value) [...(streams.get(device) ?? [])].forEach((end) => end({ kind: 'unreachable' }));
    },
    /** A board read comes in pages of this many parties (as the server pages it by bytes); `between` runs after its first. */
    setBoardPage(n: number, between?: () => void) {
      boardPage = n;
      betweenBoardPages = between;
    },
    /** Every page of changes `device` has read, in order: its scope and the parties' names. */
    reads: (device: string) => reads.filter((r) => r.device === device),
    /** A push of `device` taken in at once, as if it reached the server between two of another tablet's calls. */
    pushNow(device: string, mutations: readonly Mutation[]) {
      push(device, mutations);
    },
    /** What a guest does on their status page (cancel, on my way): the server's own change, made as the guest page. */
    guest(partyId: string, action: GuestAction, at: number) {
      const m = mutation(crypto.randomUUID(), GUEST_PAGE_DEVICE, at, partyId, { kind: 'guest', action });
      labels[GUEST_PAGE_DEVICE] = 'Online check-in';
      push(GUEST_PAGE_DEVICE, [], [m]);
      return outcomes.get(m.id);
    },
    /** The owner erases a guest's details: the server's own change, made by `device`. */
    erase(device: string, partyId: string, at: number) {
      const m = mutation(crypto.randomUUID(), device, at, partyId, { kind: 'erase', erasure: crypto.randomUUID() });
      push(device, [], [m]);
      return outcomes.get(m.id);
    },
    /** A party that would join a board of this many waiting is refused as `board_full`. */
    setBoardMax(n: number) {
      boardMax = n;
    },
    /** The server ends the tablet's live streams cleanly (as at their maximum age, or when it stops). */
    endStreams(device: string) {
      [...(streams.get(device) ?? [])].forEach((end) => end(null));
    },
    /** A newer stream of the same tablet (another tab) takes the place of its live ones. */
    replaceStreams(device: string) {
      [...(streams.get(device) ?? [])].forEach((end) => end({ kind: 'replaced' }));
    },
    /** How many event streams the tablet has asked for. */
    streamsOpened: (device: string) => opened.get(device) ?? 0,
    /** Pushes of more mutations than this are refused as too large (413). */
    setMaxBatch(n: number) {
      maxBatch = n;
    },
    /** The next `n` pushes of `device` are applied, but their answer never reaches it. */
    dropAnswer(device: string, n = 1) {
      dropAnswers.set(device, n);
    },
    revoke(device: string) {
      revoked.add(device);
    },
    /** The server now syncs by another protocol: every call of a tablet of this build is told to update; open streams end. */
    upgrade() {
      upgraded = true;
      for (const open of streams.values()) [...open].forEach((end) => end({ kind: 'update_required' }));
    },
    /** The server no longer knows the tablet's token at all (another database, restored from before it was paired). */
    forget(device: string, value = true) {
      if (value) unknown.add(device);
      else unknown.delete(device);
    },
    get state() {
      return state;
    },
    get version() {
      return version;
    },
    /** How many mutations have been applied, ever. */
    get applied() {
      return applied;
    },
  };
}

export type FakeSyncServer = ReturnType<typeof fakeSyncServer>;
