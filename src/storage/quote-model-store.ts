import type { IDBPDatabase } from 'idb';
import type { WaitbellDb } from './open-db.ts';
import { QUOTE_MODEL_KEY } from './schema.ts';
import { guarded } from './storage-error.ts';

/** The venue's learned quotes as its server last sent them, kept for a start-up without the server. */
export interface CachedQuoteModel {
  /** `serializeQuoteModel`'s JSON, as the server sent it. */
  model: unknown;
  /** The latest finishing time of a party in it: later ones are added on the tablet. */
  throughFinishedAt: number;
  /** The server's ETag of it. */
  tag: string;
}

/** The cached model's store. */
export interface QuoteModelStore {
  read(): Promise<CachedQuoteModel | null>;
  save(cached: CachedQuoteModel): Promise<void>;
}

/**
 * The record lives in the `settings` store under its own key, beside the settings (no new object
 * store, no schema version): only this module reads that key.
 */
export function quoteModelStore(typed: WaitbellDb): QuoteModelStore {
  const db = typed as unknown as IDBPDatabase; // the settings store's other key holds this record, not VenueSettings
  return {
    read: () =>
      guarded(async () => ((await db.get('settings', QUOTE_MODEL_KEY)) as CachedQuoteModel | undefined) ?? null),
    save: (cached) => guarded(async () => void (await db.put('settings', cached, QUOTE_MODEL_KEY))),
  };
}
