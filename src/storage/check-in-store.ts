import type { IDBPDatabase } from 'idb';
import type { CheckIn } from '../core/venue.ts';
import type { WaitbellDb } from './open-db.ts';
import { CHECK_IN_KEY } from './schema.ts';
import { guarded } from './storage-error.ts';

/** The venue's check-in page as its server last named it, kept so a tablet started offline still shows it. */
export interface CheckInStore {
  read(): Promise<CheckIn | null>;
  save(checkIn: CheckIn | null): Promise<void>;
}

/**
 * The record lives in the `settings` store under its own key, beside the settings (no new object
 * store, no schema version): only this module reads that key.
 */
export function checkInStore(typed: WaitbellDb): CheckInStore {
  const db = typed as unknown as IDBPDatabase; // the settings store's other key holds this record, not VenueSettings
  return {
    read: () => guarded(async () => ((await db.get('settings', CHECK_IN_KEY)) as CheckIn | undefined) ?? null),
    save: (checkIn) => guarded(async () => void (await db.put('settings', checkIn, CHECK_IN_KEY))),
  };
}
