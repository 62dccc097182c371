import { randomBytes } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings } from '../../../src/core/shared-settings.ts';
import type { Database } from '../../../src/server/db/database.ts';
import { serverStore } from '../../../src/server/setup/server-store.ts';
import { sharedSettingsStore } from '../../../src/server/venue/shared-settings-store.ts';
import { testDatabase, TEST_ENGINE } from '../../support/test-database.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { withFaults } from '../in-process-server.ts';

const SETTINGS = sharedSettings({ ...SANDBOX_SETTINGS, venueName: 'Casa Prueba', channelAlias: 'Venue' });

let db: Database | undefined;
afterEach(() => db?.close());

test(`a first save that waited behind another tablet's is told the venue changed, and never overwrites it (${TEST_ENGINE})`, async () => {
  db = await testDatabase();
  const venue = await serverStore(db, randomBytes(32)).venues.createVenue('Casa Prueba');
  // Tablet A's save stops just before its commit, holding the venue's lock, until B waits for that lock.
  let inside!: () => void;
  const aInside = new Promise<void>((resolve) => (inside = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const slow = sharedSettingsStore(
    withFaults(db, async (sql) => {
      if (!sql.includes('pg_notify')) return;
      inside();
      await held;
    }),
  );
  const store = sharedSettingsStore(db);

  const a = slow.save(venue.id, null, 0, { settings: { ...SETTINGS, venueName: 'From A' } });
  await aInside;
  const b = store.save(venue.id, null, 0, { settings: { ...SETTINGS, venueName: 'From B' } });
  // On PostgreSQL B really waits for A's lock; PGlite runs one transaction at a time, so B waits for A anyway.
  if (TEST_ENGINE === 'postgres')
    await waitUntil(
      async () =>
        (
          await db!.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`,
          )
        ).rows[0]!.n > 0,
      'the second save to wait for the venue’s lock',
    );
  release();

  expect(await a).toMatchObject({ saved: { revision: 1, settings: { venueName: 'From A' } } });
  expect(await b).toMatchObject({ conflict: { revision: 1, settings: { venueName: 'From A' } } });
  expect(await store.read(venue.id)).toMatchObject({ revision: 1, settings: { venueName: 'From A' } });
});
