import type { StaffPinRecord } from '../core/staff-pin.ts';
import type { WaitbellDb } from './open-db.ts';
import { PIN_KEY } from './schema.ts';
import { guarded } from './storage-error.ts';

/** The staff PIN record store. */
export interface PinStore {
  read(): Promise<StaffPinRecord | null>;
  save(record: StaffPinRecord): Promise<void>;
  /** Forgets the PIN (the venue's owner cleared it on the venue server): Settings open without one until a new one is chosen. */
  clear(): Promise<void>;
}

/** The PIN store over an open database. */
export function pinStore(db: WaitbellDb): PinStore {
  return {
    read: () => guarded(async () => (await db.get('security', PIN_KEY)) ?? null),
    save: (record) => guarded(async () => void (await db.put('security', record, PIN_KEY))),
    clear: () => guarded(async () => void (await db.delete('security', PIN_KEY))),
  };
}
