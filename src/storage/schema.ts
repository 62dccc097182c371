import type { DBSchema } from 'idb';
import type { Announcement } from '../core/announcement.ts';
import type { OutboxEntry } from '../core/delivery.ts';
import type { Party } from '../core/party.ts';
import type { HistoryRecord } from './history-store.ts';
import type { Mutation } from '../core/sync/mutation.ts';
import type { SyncedRow, SyncMeta } from './tablet-sync-store.ts';
import type { VenueSettings } from '../core/settings.ts';
import type { StaffPinRecord } from '../core/staff-pin.ts';

export const DB_NAME = 'waitbell';
/** Bump with a new `if (oldVersion < N)` step in open-db.ts; never edit an old step. */
export const DB_VERSION = 7;

/** The whole database, at its current version. */
export interface WaitbellSchema extends DBSchema {
  parties: {
    key: string;
    value: Party;
    indexes: {
      /** [status, joinedAt]: the board reads active parties in order without touching history. */
      'by-status-joined': [string, number];
      /** finishedAt: history in the order parties left; unset (null) for parties on the board. (v2) */
      'by-finished': number;
    };
  };
  /** Notifications waiting to go, in line by `seq`. (v3) */
  outbox: {
    key: number;
    value: OutboxEntry;
    indexes: {
      /** The idempotency key, unique. */
      'by-key': string;
      'by-party': string;
    };
  };
  /** The venue's settings, one record under SETTINGS_KEY. (v3) */
  settings: {
    key: string;
    value: VenueSettings;
  };
  /** The staff PIN's hash and lockout counters, one record under PIN_KEY. (v4) */
  security: {
    key: string;
    value: StaffPinRecord;
  };
  /** Staff announcements to the venue's channel or the whole app, with their delivery. (v6) */
  announcements: {
    key: string;
    value: Announcement;
    indexes: {
      /** createdAt: the list newest first, and the 10-minute check. */
      'by-created': number;
    };
  };
  /** Finished parties without guests' data (no name, no contact), kept ~13 months for quotes; keyed by the party's id or an imported row's key. (v6) */
  history: {
    key: string;
    value: HistoryRecord;
    indexes: { 'by-joined': number };
  };
  /** Changes made on this tablet while paired, waiting to reach the venue server, in order by key. (v7) */
  pending: {
    key: number;
    value: Mutation & { seq?: number };
    indexes: {
      /** The mutation's id, unique: made once, never stored twice. */
      'by-id': string;
      /** The party it names: its pending changes in order, for the rebase. */
      'by-party': string;
    };
  };
  /** The venue server's copy of each party this tablet has heard of, keyed by the party's id. (v7) */
  synced: {
    key: string;
    value: SyncedRow;
  };
  /** Where this tablet's sync stands, one record under SYNC_META_KEY. (v7) */
  'sync-meta': {
    key: string;
    value: SyncMeta;
  };
}

export const PIN_KEY = 'staff-pin';

export const SETTINGS_KEY = 'venue';

/** In the `settings` store too: where this tablet stands with the venue's shared settings (shared-sync-store.ts). */
export const SHARED_SYNC_KEY = 'venue-shared-sync';
export const SYNC_META_KEY = 'sync';
/** In the `settings` store too: the venue's check-in page as its server last named it (check-in-store.ts). */
export const CHECK_IN_KEY = 'venue-check-in';
/** In the `settings` store too: the venue's learned quotes as its server last sent them (quote-model-store.ts). */
export const QUOTE_MODEL_KEY = 'venue-quote-model';
/** In the `settings` store too: the anonymous records of this tablet's own erasures while unpaired (erasure-store.ts). */
export const ERASURES_KEY = 'guest-erasures';
