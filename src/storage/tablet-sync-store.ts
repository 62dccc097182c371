import type { IDBPTransaction, StoreNames } from 'idb';
import { compareByPlace } from '../core/board.ts';
import type { MessageKind } from '../core/guest-message.ts';
import { isActive, isErased, type Party } from '../core/party.ts';
import {
  isDemoAccount,
  isPairedWithVenue,
  SANDBOX_SETTINGS,
  withDefaults,
  type VenueSettings,
} from '../core/settings.ts';
import { rebase, type ChangeRef } from '../core/sync/merge.ts';
import { mutation, type Mutation, type MutationChange } from '../core/sync/mutation.ts';
import { scrubErased } from './erased-party.ts';
import { keepHistoryCopy } from './history-store.ts';
import type { WaitbellDb } from './open-db.ts';
import { SETTINGS_KEY, SYNC_META_KEY, type WaitbellSchema } from './schema.ts';
import { guarded } from './storage-error.ts';

/** The venue server's copy of one party: as the server last sent it, its last undoable change, and the version that made it. */
export interface SyncedRow {
  party: Party;
  lastChange: ChangeRef | null;
  version: number;
}

/** Where this tablet's sync stands. */
export interface SyncMeta {
  /** The server's version this tablet has pulled up to. */
  version: number;
  /** This tablet's id on the venue server, once known (the server stamps it on every mutation anyway). */
  deviceId?: string;
  /** The venue this sync state is of: pairing with another venue starts over. */
  venueId?: string;
  /** The parties this tablet held when first paired have been queued to go up (once). */
  uploadedExisting: boolean;
  /** The board was read whole from the server (a new tablet shows it first). */
  boardLoaded: boolean;
  /** Where the background read of the venue's history has reached, and whether it is done. */
  historyVersion: number;
  historyDone: boolean;
  /** Still on the demo account, this tablet syncs with the demo's server, which said it shares its board. */
  demoSync?: boolean;
}

/** A tablet that has never synced. */
export const NEW_SYNC_META: SyncMeta = {
  version: 0,
  uploadedExisting: false,
  boardLoaded: false,
  historyVersion: 0,
  historyDone: false,
};

/** The tablet's name on its own mutations until the server's id for it is known; the server stamps the real one. */
export const THIS_TABLET = 'this-tablet';

/** The stores a change's transaction spans so that it can record its mutation in the same transaction. */
export const RECORDING_STORES = ['settings', 'sync-meta', 'pending', 'synced'] as const;

/**
 * What a host's change records when the tablet is paired: the mutation made from the party before and
 * after. The id is made only when something is recorded; the store writes it in `recorded`, for an Undo
 * to name.
 */
export interface MutationDraft {
  newId: () => string;
  at: number;
  /** The change to record (null: nothing the server needs to hear). */
  change(before: Party | undefined, after: Party): MutationChange | null;
  recorded?: string;
}

type AnyTx = IDBPTransaction<WaitbellSchema, StoreNames<WaitbellSchema>[], 'readwrite'>;

/** Whether this tablet syncs its board: paired with a venue server, or the demo tablet at a demo server that shares its board. */
export const syncsWithServer = (settings: VenueSettings, meta: Pick<SyncMeta, 'demoSync'>): boolean =>
  isPairedWithVenue(settings) || (settings.route === 'relay' && isDemoAccount(settings) && meta.demoSync === true);

/** Whether this tablet records its changes, read inside the change's own transaction. */
async function pairedIn(tx: AnyTx): Promise<boolean> {
  const [saved, meta] = await Promise.all([
    tx.objectStore('settings').get(SETTINGS_KEY),
    tx.objectStore('sync-meta').get(SYNC_META_KEY),
  ]);
  // Nothing saved yet is the demo account, as the settings store reads it.
  return syncsWithServer(saved ? withDefaults(saved) : SANDBOX_SETTINGS, meta ?? NEW_SYNC_META);
}

/** Writes a change's mutation into `pending` inside the change's transaction, when the tablet is paired. */
export async function recordChange(
  tx: AnyTx,
  before: Party | undefined,
  after: Party,
  draft: MutationDraft | undefined,
): Promise<void> {
  if (!draft || !(await pairedIn(tx))) return;
  const change = draft.change(before, after);
  if (!change) return;
  const meta = await tx.objectStore('sync-meta').get(SYNC_META_KEY);
  const tablet = meta?.deviceId ?? THIS_TABLET;
  const pending = tx.objectStore('pending');
  if (before && change.kind !== 'add' && !(await heardOf(tx, before.id)))
    // A party from before the pairing, changed before it went up: it goes up first, as it was.
    await pending.add(mutation(draft.newId(), tablet, draft.at, before.id, { kind: 'add', party: before }));
  const id = draft.newId();
  await pending.add(mutation(id, tablet, draft.at, after.id, change));
  draft.recorded = id;
}

/** Whether the server has this party, or will once what is pending goes up. */
async function heardOf(tx: AnyTx, partyId: string): Promise<boolean> {
  const [row, waiting] = await Promise.all([
    tx.objectStore('synced').getKey(partyId),
    tx.objectStore('pending').index('by-party').getAll(partyId),
  ]);
  return row !== undefined || waiting.some((m) => m.kind === 'add');
}

/**
 * Records where each kind of message to the guest now stands, for every kind whose record a write
 * changed (queued, sent, failed…; not the moment of sending, which only this tablet needs to know).
 */
export async function recordMessages(
  tx: AnyTx,
  before: Party | undefined,
  after: Party,
  newId: () => string,
): Promise<void> {
  for (const message of Object.keys(after.messages) as MessageKind[]) {
    const record = after.messages[message];
    if (!record || record.delivery.state === 'sending') continue;
    if (JSON.stringify(before?.messages[message]) === JSON.stringify(record)) continue;
    await recordChange(tx, before, after, draftOf(newId, record.at, { kind: 'message', message, record }));
  }
}

/** A draft of a fixed change. */
export const draftOf = (newId: () => string, at: number, change: MutationChange | null): MutationDraft => ({
  newId,
  at,
  change: () => change,
});

/** A pending mutation as it goes on the wire (without its place in the store). */
export type PendingMutation = Mutation & { seq: number };

/** Rows pulled from the server, and what the push before it answered. */
export interface PullWrite {
  rows: readonly SyncedRow[];
  /** Mutation ids the server has answered: they leave `pending`. */
  answered: readonly string[];
  /** Sync's new standing (merged into what is stored). */
  meta: Partial<SyncMeta>;
}

/** The sync engine's side of storage. Every method throws only StorageError. */
export interface TabletSyncStore {
  readMeta(): Promise<SyncMeta>;
  saveMeta(changes: Partial<SyncMeta>): Promise<void>;
  /** Up to `limit` pending mutations after `afterSeq`, oldest first. */
  readPending(limit: number, afterSeq?: number): Promise<PendingMutation[]>;
  countPending(): Promise<number>;
  /** One party as the host sees it. */
  getParty(id: string): Promise<Party | undefined>;
  /**
   * In one transaction: stores the pulled rows (a row never goes back to an older version), drops the
   * answered mutations, and recomputes, for every party either names, what the host sees (the server's
   * row with this tablet's still-pending changes on top). Returns the ids of the parties recomputed.
   */
  applyPull(write: PullWrite): Promise<string[]>;
  /**
   * Once per pairing: queues an `add` for every party this tablet holds that the server has not heard of
   * from it (board first, then finished ones), in one transaction. Returns how many were queued.
   */
  queueExisting(newId: () => string, at: number): Promise<number>;
  /**
   * Paired with another venue: what this tablet knew of the old one's server (its rows, its version, the
   * changes not yet sent there) is forgotten; the parties stay, and go up to the new one as a joining
   * tablet's do.
   */
  forgetServer(): Promise<void>;
}

const PULL_STORES = ['synced', 'pending', 'parties', 'history', 'sync-meta', 'outbox'] as const;

async function metaIn(tx: AnyTx): Promise<SyncMeta> {
  return { ...NEW_SYNC_META, ...(await tx.objectStore('sync-meta').get(SYNC_META_KEY)) };
}

/** The host's view of one party: the server's row with this tablet's pending changes re-applied by the same rules. */
async function recompute(tx: AnyTx, partyId: string): Promise<void> {
  const [row, pending, before] = await Promise.all([
    tx.objectStore('synced').get(partyId),
    tx.objectStore('pending').index('by-party').getAll(partyId),
    tx.objectStore('parties').get(partyId),
  ]);
  const base = {
    parties: row ? { [partyId]: row.party } : {},
    seen: {},
    lastChange: row?.lastChange ? { [partyId]: row.lastChange } : {},
  };
  const rebased = rebase(base, pending).state.parties[partyId];
  if (!rebased) return; // the server has not heard of it yet, and nothing of it waits to go: the tablet's copy stays
  // Erased on the server: this tablet keeps nothing of the guest either, and sends them nothing more.
  const party = isErased(rebased) ? await scrubErased(tx.objectStore('outbox'), rebased) : rebased;
  await Promise.all([tx.objectStore('parties').put(party), keepHistoryCopy(tx.objectStore('history'), before, party)]);
}

/** The sync store over an open database. */
export function tabletSyncStore(db: WaitbellDb): TabletSyncStore {
  return {
    readMeta: () => guarded(async () => ({ ...NEW_SYNC_META, ...(await db.get('sync-meta', SYNC_META_KEY)) })),

    saveMeta: (changes) =>
      guarded(async () => {
        const tx = db.transaction('sync-meta', 'readwrite');
        const meta = { ...NEW_SYNC_META, ...(await tx.store.get(SYNC_META_KEY)), ...changes };
        await Promise.all([tx.store.put(meta, SYNC_META_KEY), tx.done]);
      }),

    readPending: (limit, afterSeq) =>
      guarded(async () => {
        const range = afterSeq === undefined ? undefined : IDBKeyRange.lowerBound(afterSeq, true);
        return (await db.getAll('pending', range, limit)) as PendingMutation[]; // stored mutations have their seq
      }),

    countPending: () => guarded(() => db.count('pending')),

    getParty: (id) => guarded(() => db.get('parties', id)),

    applyPull: ({ rows, answered, meta }) =>
      guarded(async () => {
        const tx = db.transaction(PULL_STORES, 'readwrite') as unknown as AnyTx; // spans every store recompute touches
        const touched = new Set<string>();
        const synced = tx.objectStore('synced');
        // Requests go in together (one transaction keeps their order): a page of 1,000 rows is not 1,000 round trips.
        const stored = await Promise.all(rows.map((row) => synced.get(row.party.id)));
        const newer = rows.filter((row, i) => !(stored[i] && stored[i].version > row.version)); // a page of history may be older than what is known
        await Promise.all(newer.map((row) => synced.put(row, row.party.id)));
        newer.forEach((row) => touched.add(row.party.id));
        const pending = tx.objectStore('pending');
        const answers = await Promise.all(answered.map((id) => pending.index('by-id').get(id)));
        const gone = answers.filter((m) => m !== undefined);
        await Promise.all(gone.map((m) => pending.delete(m.seq!))); // a stored mutation has its key
        gone.forEach((m) => touched.add(m.partyId));
        await Promise.all([...touched].map((id) => recompute(tx, id))); // each party's own rows: independent
        const next = { ...(await metaIn(tx)), ...meta };
        await tx.objectStore('sync-meta').put(next, SYNC_META_KEY);
        await tx.done;
        return [...touched];
      }),

    forgetServer: () =>
      guarded(async () => {
        const tx = db.transaction(['synced', 'pending', 'sync-meta'], 'readwrite');
        await Promise.all([
          tx.objectStore('synced').clear(),
          tx.objectStore('pending').clear(),
          tx.objectStore('sync-meta').clear(),
          tx.done,
        ]);
      }),

    queueExisting: (newId, at) =>
      guarded(async () => {
        const tx = db.transaction(['parties', 'pending', 'synced', 'sync-meta'], 'readwrite') as unknown as AnyTx;
        const meta = await metaIn(tx);
        let queued = 0;
        if (!meta.uploadedExisting) {
          const all = await tx.objectStore('parties').getAll();
          const board = all.filter((p) => isActive(p.status)).sort(compareByPlace);
          const done = all.filter((p) => !isActive(p.status)).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
          const tablet = meta.deviceId ?? THIS_TABLET;
          for (const party of [...board, ...done]) {
            if (await heardOf(tx, party.id)) continue;
            await tx.objectStore('pending').add(mutation(newId(), tablet, at, party.id, { kind: 'add', party }));
            queued += 1;
          }
          await tx.objectStore('sync-meta').put({ ...meta, uploadedExisting: true }, SYNC_META_KEY);
        }
        await tx.done;
        return queued;
      }),
  };
}
