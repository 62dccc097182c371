import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { pastPartyOf } from '../core/past-party.ts';
import { isActive, type Party } from '../core/party.ts';
import type { PastParty } from '../core/quote-history.ts';
import { deleteBefore } from './delete-before.ts';
import type { WaitbellDb } from './open-db.ts';
import type { WaitbellSchema } from './schema.ts';
import { guarded } from './storage-error.ts';

/** A past party as stored: the party's own id (a finished party of this tablet), or an imported row's key. */
export interface HistoryRecord extends PastParty {
  id: string;
}

/** What an import did: rows added, and rows already there from an earlier import of the same file. */
export interface ImportCount {
  added: number;
  alreadyThere: number;
}

/** The quotes' history store. Every method throws only StorageError. */
export interface HistoryStore {
  /** Every past party, oldest joined first. */
  readAll(): Promise<HistoryRecord[]>;
  /**
   * Every past party, a page at a time, in no particular order: between pages the caller can let
   * the tablet answer a tap (100,000 parties read at once would hold the page for most of a second).
   */
  pages(pageSize?: number): AsyncGenerator<HistoryRecord[]>;
  /** Adds imported rows in ONE transaction: all of them or, if anything fails, none. Keys already stored are skipped. */
  importAll(records: readonly HistoryRecord[]): Promise<ImportCount>;
  /** Deletes past parties that joined before `cutoff`; returns how many. */
  purgeBefore(cutoff: number): Promise<number>;
  /** Whether any past party here came from a history file (only this tablet has those). */
  hasImported(): Promise<boolean>;
}

/** The venue's offset from UTC at `at`, in minutes, as this tablet's clock has it. */
const utcOffsetAt = (at: number): number => -new Date(at).getTimezoneOffset();

/** The history copy of `party`, or null while it is on the board. */
export function historyRecordOf(party: Party): HistoryRecord | null {
  const past = pastPartyOf(party, utcOffsetAt(party.joinedAt));
  return past && { id: party.id, ...past };
}

type HistoryWrite = IDBPObjectStore<WaitbellSchema, StoreNames<WaitbellSchema>[], 'history', 'readwrite'>;

/**
 * Keeps a party's anonymous copy true, inside the transaction that changes the party: written when
 * it finishes (or changes while finished), deleted when it comes back to the board (Undo, Recall).
 */
export async function keepHistoryCopy(history: HistoryWrite, before: Party | undefined, after: Party): Promise<void> {
  const record = historyRecordOf(after);
  if (record) await history.put(record);
  else if (before && !isActive(before.status)) await history.delete(after.id);
}

/** v6: the history store, with copies of every party that had finished before it existed. */
export async function addQuoteHistory(
  db: IDBPDatabase<WaitbellSchema>,
  tx: IDBPTransaction<WaitbellSchema, StoreNames<WaitbellSchema>[], 'versionchange'>,
): Promise<void> {
  db.createObjectStore('history', { keyPath: 'id' }).createIndex('by-joined', 'joinedAt');
  const history = tx.objectStore('history');
  let cursor = await tx.objectStore('parties').index('by-finished').openCursor();
  while (cursor) {
    const record = historyRecordOf(cursor.value);
    if (record) await history.put(record);
    cursor = await cursor.continue();
  }
}

/** Past parties read per page: a few tens of milliseconds of work each on a tablet. */
const PAGE_SIZE = 2_000;

/** The history store over an open database. */
export function historyStore(db: WaitbellDb): HistoryStore {
  return {
    readAll: () => guarded(() => db.getAllFromIndex('history', 'by-joined')),

    async *pages(pageSize = PAGE_SIZE): AsyncGenerator<HistoryRecord[]> {
      let after: string | null = null;
      for (;;) {
        const range: IDBKeyRange | undefined = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
        const page: HistoryRecord[] = await guarded(() => db.getAll('history', range, pageSize));
        if (page.length > 0) yield page;
        if (page.length < pageSize) return;
        after = page[page.length - 1]!.id;
      }
    },

    importAll: (records) =>
      guarded(async () => {
        const tx = db.transaction('history', 'readwrite');
        const stored = await Promise.all(records.map((r) => tx.store.getKey(r.id)));
        const fresh = records.filter((_, i) => stored[i] === undefined);
        await Promise.all([...fresh.map((r) => tx.store.put(r)), tx.done]);
        return { added: fresh.length, alreadyThere: records.length - fresh.length };
      }),

    purgeBefore: (cutoff) => deleteBefore(db, 'history', 'by-joined', cutoff),

    // Imported rows are keyed `csv:…` (importKeys); ';' is the character after ':'.
    hasImported: () =>
      guarded(async () => (await db.count('history', IDBKeyRange.bound('csv:', 'csv;', false, true))) > 0),
  };
}
