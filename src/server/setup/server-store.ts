import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/database.ts';
import { keyStore, type KeyStore } from '../push/key-store.ts';
import { migrate } from '../db/migrations.ts';
import { openPgliteDatabase } from '../db/pglite.ts';
import { openPostgresDatabase } from '../db/postgres.ts';
import type { Logger } from '../log/logger.ts';
import { serverSyncStore, type ServerSyncStore } from '../sync/server-sync-store.ts';
import { secretBox, type SecretBox } from '../venue/secret-box.ts';
import { venueStore, type VenueStore } from '../venue/venue-store.ts';
import { sweepAttemptBudgets } from '../venue/attempt-budget.ts';
import { ticketStore } from '../guest/ticket-store.ts';
import { pushedUsers } from '../guest/pushed-users.ts';
import { sweepRetention } from '../sync/erasures.ts';
import { quoteStats } from '../venue/quote-stats.ts';

/** Where the server keeps everything: the database, and the venues' and keys' views of it. */
export interface ServerStore {
  db: Database;
  venues: VenueStore;
  keys: KeyStore;
  /** Seals the venues' Pushed secrets (the import of the old relay needs it too). */
  box: SecretBox;
  /** The venues' parties as synced between their tablets. */
  sync: ServerSyncStore;
}

/** Where the server's database is: a PostgreSQL server, or PGlite in a folder (or in memory, for tests). */
export type DatabaseLocation =
  | { url: string }
  /** `durable: false` (WAITBELL_DURABLE=off) acknowledges commits before they reach the disk: faster, lost on a power cut. */
  | { dataDir: string; durable?: boolean }
  | { memory: true };

/** Where a data folder keeps its PGlite database. */
export const pgliteDir = (dataDir: string) => join(dataDir, 'db');

/** Opens the database (a new PGlite folder takes a few seconds: it runs initdb), without touching the schema. */
export async function openDatabase(where: DatabaseLocation, log?: Pick<Logger, 'warn'>): Promise<Database> {
  if ('url' in where)
    return openPostgresDatabase({ connectionString: where.url, max: 20, ...(log ? { warn: log.warn } : {}) });
  if ('memory' in where) return openPgliteDatabase();
  mkdirSync(where.dataDir, { recursive: true, mode: 0o700 });
  return openPgliteDatabase(pgliteDir(where.dataDir), { durable: where.durable !== false });
}

/** The server's stores over an open, migrated database. */
export function serverStore(db: Database, secretKey: Buffer): ServerStore {
  const box = secretBox(secretKey);
  return { db, venues: venueStore(db, box), keys: keyStore(db), box, sync: serverSyncStore(db) };
}

/** A failed-attempt budget untouched this long has refilled long ago (at the defaults it takes 2 minutes). */
const ATTEMPTS_IDLE_MS = 60 * 60_000;

/** Sweeps expired keys and pairing codes now and then every hour; the timer never holds the process open. */
export function sweepEvery(store: ServerStore, log: Pick<Logger, 'info' | 'warn'>, everyMs = 60 * 60_000) {
  const sweep = async () => {
    try {
      const keys = await store.keys.sweep();
      const codes = await store.venues.sweepPairingCodes();
      const sync = await store.sync.sweep();
      const retention = await sweepRetention(store.db, Date.now());
      const attempts = await sweepAttemptBudgets(store.db, ATTEMPTS_IDLE_MS);
      const tickets = await ticketStore(store.db).sweep(); // after the parties: a ticket goes with its party
      const pushed = await pushedUsers(store.db, store.box).sweep(); // tokens too, and 2 hours after the visit
      if (keys || codes || sync || retention || attempts || tickets || pushed)
        log.info('swept', {
          keys,
          pairingCodes: codes,
          sync,
          retention,
          attempts,
          guestTickets: tickets,
          pushedUsers: pushed,
        });
    } catch (error) {
      log.warn('sweep failed', { name: error instanceof Error ? error.name : 'error' });
    }
  };
  const run = () => void sweep().catch(() => {}); // sweep logs its own failure: nothing is left to reject
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Venues whose quotes one tick brings up to date: the rest wait for the next. */
const QUOTE_VENUES_PER_TICK = 20;

/**
 * Brings the venues' learned quote statistics up to date now and then every `everyMs`, one venue after
 * another, outside any request; a tick still running when the next is due makes that one wait.
 */
export function refreshQuotesEvery(store: ServerStore, log: Pick<Logger, 'info' | 'warn'>, everyMs: number) {
  const stats = quoteStats(store.db);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const venue of await stats.stale(QUOTE_VENUES_PER_TICK)) {
        const done = await stats.refresh(venue);
        if (done === 'relearned') log.info('quotes learned', { venue });
      }
    } catch (error) {
      log.warn('quote refresh failed', { name: error instanceof Error ? error.name : 'error' });
    } finally {
      running = false;
    }
  };
  const run = () => void tick().catch(() => {}); // tick logs its own failure
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Opens and migrates the database, and gives the server's stores over it. */
export async function openServerStore(
  where: DatabaseLocation,
  secretKey: Buffer,
  log?: Pick<Logger, 'warn' | 'info'>,
  { bound }: { bound?: (db: Database) => Database } = {},
): Promise<ServerStore> {
  const db = await openDatabase(where, log);
  try {
    const applied = await migrate(db);
    if (applied.length) log?.info('database migrated', { versions: applied.join(',') });
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  // Bounded once migrated: a migration of a large database may rightly take long.
  return serverStore(bound ? bound(db) : db, secretKey);
}
