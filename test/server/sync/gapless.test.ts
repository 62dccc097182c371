import { randomBytes } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { serverSyncStore, type ServerSyncStore } from '../../../src/server/sync/server-sync-store.ts';
import { serverStore } from '../../../src/server/setup/server-store.ts';
import { testDatabase, TEST_ENGINE } from '../../support/test-database.ts';
import { withFaults } from '../in-process-server.ts';
import { addOf, change } from './sync-client.ts';

const WRITERS = 8;
// PGlite runs one transaction at a time (nothing can overtake): a short run there, the real test on PostgreSQL.
const PUSHES_EACH = TEST_ENGINE === 'postgres' ? 30 : 8;

let db: Database | undefined;
afterEach(() => db?.close());

/** Statements held back now and then by a few ms: transactions overlap and finish in any order, as in a rush. */
const jittery = (inner: Database) =>
  withFaults(inner, () =>
    Math.random() < 0.5 ? new Promise((resolve) => setTimeout(resolve, Math.random() * 4)) : undefined,
  );

/** One tablet pushing as fast as it can: each push adds a party and, every other time, edits an earlier one. */
async function writer(sync: ServerSyncStore, venueId: string, deviceId: string, tag: number): Promise<void> {
  const mine: string[] = [];
  for (let i = 0; i < PUSHES_EACH; i += 1) {
    const added = addOf(`W${tag}-${i}`);
    const batch = [added.add];
    if (i % 2 === 1)
      batch.push(
        change(mine[Math.floor(Math.random() * mine.length)]!, { kind: 'edit', changes: { size: 3 + (i % 5) } }),
      );
    const result = await sync.push(venueId, deviceId, batch);
    expect(result.outcomes.every((o) => o.outcome === 'applied')).toBe(true);
    mine.push(added.party.id);
  }
}

test(`a tablet paging changes while ${WRITERS} others push at once never skips a row (${TEST_ENGINE})`, async () => {
  db = await testDatabase();
  const stores = serverStore(db, randomBytes(32));
  const venue = await stores.venues.createVenue('Casa Prueba');
  const devices = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) => stores.venues.addDevice(venue.id, `Tablet ${i + 1}`)),
  );
  const sync = serverSyncStore(jittery(db));
  const reader = serverSyncStore(db); // as quick as it can be: it reads the head as often as possible

  // The reader: what it last saw of each party, paging from its version as a tablet does.
  const seen = new Map<string, number>();
  let cursor = 0;
  const read = async () => {
    const page = await reader.changes(venue.id, cursor, { limit: 20 });
    for (const row of page.parties) {
      expect(row.version).toBeGreaterThan(cursor);
      seen.set(row.party.id, row.version);
    }
    expect(page.version).toBeGreaterThanOrEqual(cursor);
    cursor = page.version;
    return page.more;
  };
  let writing = true;
  const writers = Promise.all(devices.map((d, i) => writer(sync, venue.id, d.device.id, i))).finally(
    () => (writing = false),
  );
  let reads = 0;
  while (writing) {
    await read();
    reads += 1;
    // A tablet's reads cross the network, so the event loop turns between two. On PGlite a read is
    // only promises: without this the loop never lets the writers' timers fire, and spins for ever.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await writers;
  while (await read()); // the last pages, once everyone is done

  // Every party's last row was seen by the reader at the version it ended at: nothing committed behind its back.
  const all = await reader.changes(venue.id, 0, { limit: 5_000 });
  expect(all.parties).toHaveLength(WRITERS * PUSHES_EACH);
  const missed = all.parties.filter((row) => seen.get(row.party.id) !== row.version);
  expect(missed.map((r) => `${r.party.name}@${r.version}`)).toEqual([]);
  expect(cursor).toBe(all.version);
  expect(reads).toBeGreaterThan(3); // the reader really read while the writers wrote
}, 120_000);
