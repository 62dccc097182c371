import type { IDBPDatabase } from 'idb';
import type { SharedDoc, SharedDocField } from '../core/shared-settings.ts';
import type { WaitbellDb } from './open-db.ts';
import { SHARED_SYNC_KEY } from './schema.ts';
import { guarded } from './storage-error.ts';

/** Where this tablet stands with the venue's shared settings on the venue server. */
export interface SharedSyncRecord {
  /** The server's revision this tablet last agreed with; 0 for never. */
  revision: number;
  /** The server's settings at that revision (what a conflict is told against); null for never. */
  base: SharedDoc | null;
  /** The fields changed on this tablet since then, still to upload. */
  edited: SharedDocField[];
  /** Counts this tablet's edits: an upload clears `edited` only if none came in while it ran. */
  edits: number;
}

export const NEVER_SYNCED: SharedSyncRecord = { revision: 0, base: null, edited: [], edits: 0 };

/** The shared settings' sync record store. */
export interface SharedSyncStore {
  read(): Promise<SharedSyncRecord>;
  save(record: SharedSyncRecord): Promise<void>;
  /** Notes fields changed here (before they are saved: a crash between the two re-uploads, never loses). */
  noteEdited(fields: readonly SharedDocField[]): Promise<void>;
}

/**
 * The record lives in the `settings` store under its own key, beside the settings (no new object
 * store, no schema version): only this module reads that key.
 */
export function sharedSyncStore(typed: WaitbellDb): SharedSyncStore {
  const db = typed as unknown as IDBPDatabase; // the settings store's other key holds this record, not VenueSettings
  const read = async (): Promise<SharedSyncRecord> =>
    ((await db.get('settings', SHARED_SYNC_KEY)) as SharedSyncRecord | undefined) ?? NEVER_SYNCED;
  return {
    read: () => guarded(read),
    save: (record) => guarded(async () => void (await db.put('settings', record, SHARED_SYNC_KEY))),
    noteEdited: (fields) =>
      guarded(async () => {
        const tx = db.transaction('settings', 'readwrite');
        const saved = ((await tx.store.get(SHARED_SYNC_KEY)) as SharedSyncRecord | undefined) ?? NEVER_SYNCED;
        const edited = [...new Set([...saved.edited, ...fields])];
        await tx.store.put({ ...saved, edited, edits: saved.edits + 1 }, SHARED_SYNC_KEY);
        await tx.done;
      }),
  };
}
