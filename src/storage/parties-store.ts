import { ACTIVE_STATUSES, type Party } from '../core/party.ts';
import { compareByPlace } from '../core/board.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { IDBPIndex } from 'idb';
import { keepHistoryCopy } from './history-store.ts';
import type { WaitbellDb } from './open-db.ts';
import type { WaitbellSchema } from './schema.ts';
import { guarded } from './storage-error.ts';
import { RECORDING_STORES, recordChange, type MutationDraft } from './tablet-sync-store.ts';

/** A change was asked of a party that is not (or no longer) stored. */
export interface NotFound {
  kind: 'not_found';
}

/** The parties store, as the rest of the app sees it. Every method throws only StorageError. */
export interface PartyStore {
  /** The parties on the board, in board order; reads the status index, never history. */
  readBoard(): Promise<Party[]>;
  /** One party, wherever it is (board or history). */
  get(id: string): Promise<Party | undefined>;
  /**
   * Stores a new party. Every write below keeps a finished party's anonymous copy for quotes in the same
   * transaction, and, given a draft while the tablet is paired with a venue server, its mutation too.
   */
  add(party: Party, record?: MutationDraft): Promise<void>;
  /** Reads, changes and writes one party in one transaction; a refused change writes nothing. */
  change<E>(
    id: string,
    change: (party: Party) => Result<Party, E>,
    record?: MutationDraft,
  ): Promise<Result<Party, E | NotFound>>;
  /** Several parties changed together (a move that spaces the board out again); all or nothing. */
  changeMany<E>(
    changes: ReadonlyMap<string, (party: Party) => Result<Party, E>>,
    records?: ReadonlyMap<string, MutationDraft>,
  ): Promise<Result<Party[], E | NotFound>>;
  /** Finished parties, most recently finished first. */
  readHistory(limit: number): Promise<Party[]>;
  /** Parties that finished at or after `since`, most recently finished first. */
  readFinishedSince(since: number): Promise<Party[]>;
  /** Deletes finished parties that left the board before `cutoff` (and their outbox entries); returns how many. */
  purgeFinishedBefore(cutoff: number): Promise<number>;
}

const activeRange = (status: string) => IDBKeyRange.bound([status, -Infinity], [status, Infinity]);

/** The store's board index, in whatever transaction reads it. */
type BoardIndex = Pick<
  IDBPIndex<WaitbellSchema, ('parties' | 'outbox' | 'settings')[], 'parties', 'by-status-joined', IDBTransactionMode>,
  'getAll' | 'count'
>;

/** The parties on the board in board order, read through the status index inside `index`'s transaction. */
export async function readBoardFrom(index: BoardIndex): Promise<Party[]> {
  const lists = await Promise.all(ACTIVE_STATUSES.map((status) => index.getAll(activeRange(status))));
  return lists.flat().sort(compareByPlace);
}

/** How many parties are on the board, counted through the status index (no party is read). */
export async function countBoardFrom(index: BoardIndex): Promise<number> {
  const counts = await Promise.all(ACTIVE_STATUSES.map((status) => index.count(activeRange(status))));
  return counts.reduce((a, b) => a + b, 0);
}

/** The parties store over an open database. */
export function partyStore(db: WaitbellDb): PartyStore {
  return {
    readBoard: () => guarded(() => readBoardFrom(db.transaction('parties').store.index('by-status-joined'))),

    get: (id) => guarded(() => db.get('parties', id)),

    add: (party, record) =>
      guarded(async () => {
        const tx = db.transaction(['parties', 'history', ...RECORDING_STORES], 'readwrite');
        await Promise.all([
          tx.objectStore('parties').add(party),
          keepHistoryCopy(tx.objectStore('history'), undefined, party),
          recordChange(tx, undefined, party, record),
          tx.done,
        ]);
      }),

    change: (id, change, record) =>
      guarded(async () => {
        const tx = db.transaction(['parties', 'history', ...RECORDING_STORES], 'readwrite');
        tx.done.catch(() => {}); // a write that fails throws its own error below
        const current = await tx.objectStore('parties').get(id);
        const result = current ? change(current) : err<NotFound>({ kind: 'not_found' });
        if (result.ok) {
          await tx.objectStore('parties').put(result.value);
          await keepHistoryCopy(tx.objectStore('history'), current, result.value);
          await recordChange(tx, current, result.value, record);
        }
        await tx.done;
        return result;
      }),

    changeMany: (changes, records) =>
      guarded(async () => {
        const tx = db.transaction(['parties', 'history', ...RECORDING_STORES], 'readwrite');
        tx.done.catch(() => {}); // a write that fails throws its own error below
        const changed: [Party, Party][] = [];
        for (const [id, change] of changes) {
          const current = await tx.objectStore('parties').get(id);
          const result = current ? change(current) : err<NotFound>({ kind: 'not_found' });
          if (!result.ok) {
            tx.abort(); // nothing half-moved
            await tx.done.catch(() => {}); // the abort is the expected end of this transaction
            return result;
          }
          changed.push([current!, result.value]); // a found party: a missing one returned above
        }
        await Promise.all([
          ...changed.map(([, p]) => tx.objectStore('parties').put(p)),
          ...changed.map(([before, p]) => keepHistoryCopy(tx.objectStore('history'), before, p)),
        ]);
        for (const [before, p] of changed) await recordChange(tx, before, p, records?.get(p.id));
        await tx.done;
        return ok(changed.map(([, p]) => p));
      }),

    readFinishedSince: (since) =>
      guarded(async () =>
        (await db.getAllFromIndex('parties', 'by-finished', IDBKeyRange.lowerBound(since))).reverse(),
      ),

    readHistory: (limit) =>
      guarded(async () => {
        const parties: Party[] = [];
        let cursor = await db.transaction('parties').store.index('by-finished').openCursor(null, 'prev');
        while (cursor && parties.length < limit) {
          parties.push(cursor.value);
          cursor = await cursor.continue();
        }
        return parties;
      }),

    // The server's copy of each purged party and its outbox entries go with it: a guest's name and contact are
    // kept no longer for having been synced or queued.
    purgeFinishedBefore: (cutoff) =>
      guarded(async () => {
        const tx = db.transaction(['parties', 'synced', 'outbox'], 'readwrite');
        const synced = tx.objectStore('synced');
        const outbox = tx.objectStore('outbox');
        let count = 0;
        let cursor = await tx
          .objectStore('parties')
          .index('by-finished')
          .openCursor(IDBKeyRange.upperBound(cutoff, true));
        while (cursor) {
          const id = cursor.primaryKey;
          const entries = await outbox.index('by-party').getAllKeys(id);
          await Promise.all([cursor.delete(), synced.delete(id), ...entries.map((key) => outbox.delete(key))]);
          count += 1;
          cursor = await cursor.continue();
        }
        await tx.done;
        return count;
      }),
  };
}
