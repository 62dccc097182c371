import fs from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { openPgliteDatabase } from '../../../src/server/db/pglite.ts';
import { pgliteDir } from '../../../src/server/setup/server-store.ts';
import { testDatabaseEnv } from '../../support/test-database.ts';

// A commit the server acknowledged must be on the disk: a power cut right after must not lose it.
// PGlite reaches the disk only through Node's fs, so a counting shim around its fsync sees every flush.

const SLOW = 120_000; // the first test file to need it makes the migrated folder (initdb): many seconds
let db: Database;
const events: string[] = [];

describe.skipIf(process.env.WAITBELL_TEST_DB === 'postgres')('a PGlite data folder', () => {
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-durable-'));
    await testDatabaseEnv(dataDir); // a copy of the migrated folder: no initdb
    db = await openPgliteDatabase(pgliteDir(dataDir));
    await db.exec('CREATE TABLE parties (id int PRIMARY KEY, name text)');
    const fsync = fs.fsyncSync;
    const fdatasync = fs.fdatasyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => (events.push('flush'), fsync(fd)));
    vi.spyOn(fs, 'fdatasyncSync').mockImplementation((fd) => (events.push('flush'), fdatasync(fd)));
  }, SLOW);
  afterAll(async () => {
    vi.restoreAllMocks();
    await db?.close();
  });

  test('flushes every commit to the disk before acknowledging it', async () => {
    for (let id = 1; id <= 20; id++) {
      events.push('commit');
      await db.transaction((tx) => tx.query('INSERT INTO parties VALUES ($1, $2)', [id, 'Ana']));
      events.push('acknowledged');
      events.push('commit');
      await db.query('UPDATE parties SET name = $2 WHERE id = $1', [id, 'Ana M.']);
      events.push('acknowledged');
    }
    // A flush just before each of the 40 acknowledgements (a transaction's, and a statement's own).
    const unflushed = events
      .map((event, i) => (event.startsWith('acknowledged') && events[i - 1] !== 'flush' ? event : null))
      .filter(Boolean);
    expect(unflushed).toEqual([]);
    expect(events.filter((e) => e === 'flush').length).toBeGreaterThanOrEqual(40);
  });
});
