import type { IndexNames } from 'idb';
import type { WaitbellDb } from './open-db.ts';
import type { WaitbellSchema } from './schema.ts';
import { guarded } from './storage-error.ts';

/** The stores a purge walks by a time index: finished parties by when they left, past parties by when they joined. */
type Purged = 'parties' | 'history';

/** Deletes, in one transaction, every record of `store` whose `index` time is before `cutoff`; returns how many. */
export const deleteBefore = <S extends Purged>(
  db: WaitbellDb,
  store: S,
  index: IndexNames<WaitbellSchema, S>,
  cutoff: number,
): Promise<number> =>
  guarded(async () => {
    const tx = db.transaction(store, 'readwrite');
    let count = 0;
    let cursor = await tx.store.index(index).openCursor(IDBKeyRange.upperBound(cutoff, true));
    while (cursor) {
      await cursor.delete();
      count += 1;
      cursor = await cursor.continue();
    }
    await tx.done;
    return count;
  });
