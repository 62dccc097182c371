import type { IDBPDatabase } from 'idb';
import { erasePersonalData, type ErasureField, type ErasureRecord } from '../core/erasure.ts';
import { matchesGuest } from '../core/guest-search.ts';
import type { Party } from '../core/party.ts';
import { scrubErased } from './erased-party.ts';
import { keepHistoryCopy } from './history-store.ts';
import type { WaitbellDb } from './open-db.ts';
import { ERASURES_KEY } from './schema.ts';
import { guarded } from './storage-error.ts';

/** The most matches one search lists (as the venue server does). */
export const ERASURE_MATCHES_MAX = 50;

/** An unpaired tablet's erasures of its own guests' details. Every method throws only StorageError. */
export interface ErasureStore {
  /** The parties this tablet holds whose guest the search finds, newest first, at most ERASURE_MATCHES_MAX. */
  find(field: ErasureField, value: string): Promise<Party[]>;
  /**
   * In one transaction: erases every named party that still matches (its outbox entries go, unsent) and
   * keeps the anonymous record with how many it reached. The same record id again answers the stored record.
   */
  erase(record: Omit<ErasureRecord, 'parties'>, value: string, partyIds: readonly string[]): Promise<ErasureRecord>;
  /** The erasures made here, newest first. */
  list(): Promise<ErasureRecord[]>;
}

/** The `settings` store as this module uses it: one list of records under its own key. */
interface RecordsIn {
  get(key: string): Promise<unknown>;
  put(value: unknown, key: string): Promise<unknown>;
}

const newestFirst = (a: { at: number }, b: { at: number }) => b.at - a.at;

/** The erasure store over an open database; its records live in the `settings` store under their own key. */
export function erasureStore(db: WaitbellDb): ErasureStore {
  const untyped = db as unknown as IDBPDatabase; // the settings store's other keys hold these records, not VenueSettings
  return {
    find: (field, value) =>
      guarded(async () =>
        (await db.getAll('parties'))
          .filter((p) => matchesGuest(p, field, value))
          .sort((a, b) => b.joinedAt - a.joinedAt)
          .slice(0, ERASURE_MATCHES_MAX),
      ),

    erase: (record, value, partyIds) =>
      guarded(async () => {
        const tx = db.transaction(['parties', 'outbox', 'history', 'settings'], 'readwrite');
        const settings = tx.objectStore('settings') as unknown as RecordsIn; // its other keys hold these records
        const kept = ((await settings.get(ERASURES_KEY)) as ErasureRecord[] | undefined) ?? [];
        const done = kept.find((r) => r.id === record.id);
        if (done) {
          await tx.done;
          return done;
        }
        let parties = 0;
        for (const id of new Set(partyIds)) {
          const party = await tx.objectStore('parties').get(id);
          if (!party || !matchesGuest(party, record.field, value)) continue; // changed since the search: left as it is
          const erased = await scrubErased(tx.objectStore('outbox'), erasePersonalData(party, record.at));
          await tx.objectStore('parties').put(erased);
          await keepHistoryCopy(tx.objectStore('history'), party, erased);
          parties += 1;
        }
        const stored: ErasureRecord = { ...record, parties };
        await settings.put([stored, ...kept], ERASURES_KEY);
        await tx.done;
        return stored;
      }),

    list: () =>
      guarded(async () =>
        [...(((await untyped.get('settings', ERASURES_KEY)) as ErasureRecord[] | undefined) ?? [])].sort(newestFirst),
      ),
  };
}
