import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { keyStore } from '../../../src/server/push/key-store.ts';
import { testDatabase } from '../../support/test-database.ts';

// A rush of pushes goes to the database in a few statements (group commit): these are the rush's edge cases.
let db: Database;
beforeEach(async () => {
  db = await testDatabase();
  await db.query(`INSERT INTO venues (id, name, created_at) VALUES ('A', 'Casa A', now())`);
}, 60_000); // the first one makes the migrated database the others copy
afterEach(() => db.close());

const request = (key: string, venueId = 'A', requestHash = 'h1') => ({ venueId, key, deviceId: null, requestHash });

test('a rush of 300 reservations, each key asked for twice at once: each key goes to exactly one caller', async () => {
  const keys = keyStore(db);
  const names = Array.from({ length: 150 }, (_, i) => `rush-${i}`);
  const results = await Promise.all(
    names.flatMap((k) => [keys.reserve(request(k)), keys.reserve(request(k, 'A', 'h2'))]),
  );
  expect(results.filter((r) => r.reserved)).toHaveLength(150);
  for (const [i, k] of names.entries()) {
    const [first, second] = [results[2 * i]!, results[2 * i + 1]!];
    expect(first.reserved !== second.reserved, k).toBe(true);
    const loser = first.reserved ? second : first;
    expect(loser).toMatchObject({ reserved: false, existing: { key: k, state: 'reserved' } });
  }
});

test('one bad reservation in a rush (a venue that does not exist) fails alone; the others are reserved', async () => {
  const keys = keyStore(db);
  const rush = Array.from({ length: 60 }, (_, i) => keys.reserve(request(`ok-${i}`)).then((r) => r.reserved));
  const bad = keys.reserve(request('bad-key-1', 'no-such-venue'));
  const [outcomes, failed] = await Promise.all([
    Promise.all(rush),
    bad.then(
      () => 'reserved',
      () => 'refused',
    ),
  ]);
  expect(failed).toBe('refused');
  expect(outcomes.every(Boolean)).toBe(true);
  expect(await keys.lookup('no-such-venue', 'bad-key-1')).toBeUndefined();
});

test('a rush of answers: each reserved key gets its own answer, a key no longer reserved keeps what it had', async () => {
  const keys = keyStore(db);
  const names = Array.from({ length: 80 }, (_, i) => `answer-${i}`);
  for (const k of names) await keys.reserve(request(k));
  await keys.markUnknown('A', 'answer-0');
  const done = await Promise.all(names.map((k, i) => keys.complete('A', k, { status: 200, body: `{"n":${i}}` })));
  expect(done).toEqual(names.map((_, i) => i !== 0));
  expect(await keys.lookup('A', 'answer-0')).toMatchObject({ state: 'unknown' });
  expect(await keys.lookup('A', 'answer-41')).toMatchObject({ state: 'done', status: 200, body: '{"n":41}' });
});
