import { afterEach, describe, expect, test } from 'vitest';
import { applyAction } from '../../src/core/lifecycle.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { DB_VERSION } from '../../src/storage/schema.ts';
import { StorageError } from '../../src/storage/storage-error.ts';
import { aParty } from '../support/parties.ts';

// Runs twice: in Node over fake-indexeddb, and in real Chromium (the "chromium" project).
const opened: WaitbellDb[] = [];
async function freshStore() {
  const db = await openWaitbellDb(`waitbell-test-${crypto.randomUUID()}`);
  opened.push(db);
  return { db, store: partyStore(db) };
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

describe('parties store', () => {
  test('a new database is at the current version with the board and history indexes', async () => {
    const { db } = await freshStore();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.transaction('parties').store.indexNames].sort()).toEqual(['by-finished', 'by-status-joined']);
  });

  test('the board holds waiting and notified parties in arrival order, and no history', async () => {
    const { store } = await freshStore();
    const later = aParty({ joinedAt: 3_000 });
    const notified = aParty({ joinedAt: 2_000, status: 'notified' });
    const first = aParty({ joinedAt: 1_000 });
    await store.add(later);
    await store.add(aParty({ joinedAt: 500, status: 'seated', finishedAt: 900 }));
    await store.add(notified);
    await store.add(aParty({ joinedAt: 700, status: 'removed', finishedAt: 800 }));
    await store.add(first);
    expect((await store.readBoard()).map((p) => p.id)).toEqual([first.id, notified.id, later.id]);
  });

  test('a change is read, applied and written in one go and survives reopening', async () => {
    const { db, store } = await freshStore();
    const party = aParty();
    await store.add(party);
    const result = await store.change(party.id, (p) => applyAction(p, 'seat', 5_000));
    expect(result.ok && result.value.status).toBe('seated');
    db.close();
    const reopened = await openWaitbellDb(db.name);
    opened.push(reopened);
    expect(await reopened.get('parties', party.id)).toMatchObject({ status: 'seated', finishedAt: 5_000 });
    expect(await partyStore(reopened).readBoard()).toEqual([]);
  });

  test('a refused change writes nothing and says why; an unknown party is "not found"', async () => {
    const { db, store } = await freshStore();
    const party = aParty({ status: 'seated', finishedAt: 10 });
    await store.add(party);
    expect(await store.change(party.id, (p) => applyAction(p, 'no_show', 99))).toEqual({
      ok: false,
      error: { kind: 'illegal_transition', from: 'seated', action: 'no_show' },
    });
    expect(await db.get('parties', party.id)).toEqual(party);
    expect(await store.change('nobody', (p) => applyAction(p, 'seat', 99))).toEqual({
      ok: false,
      error: { kind: 'not_found' },
    });
  });

  test('adding the same party twice fails as a StorageError and keeps the first', async () => {
    const { db, store } = await freshStore();
    const party = aParty({ name: 'First' });
    await store.add(party);
    await expect(store.add({ ...party, name: 'Second' })).rejects.toBeInstanceOf(StorageError);
    expect((await db.get('parties', party.id))?.name).toBe('First');
  });

  test('history comes most recently finished first; the purge deletes only old finished parties', async () => {
    const { store } = await freshStore();
    const old = aParty({ status: 'seated', finishedAt: 100 });
    const recent = aParty({ status: 'no_show', finishedAt: 300 });
    const middle = aParty({ status: 'removed', finishedAt: 200 });
    const waiting = aParty({ joinedAt: 50 });
    for (const p of [old, recent, middle, waiting]) await store.add(p);
    expect((await store.readHistory(10)).map((p) => p.id)).toEqual([recent.id, middle.id, old.id]);
    expect((await store.readHistory(1)).map((p) => p.id)).toEqual([recent.id]);
    expect(await store.purgeFinishedBefore(200)).toBe(1);
    expect((await store.readHistory(10)).map((p) => p.id)).toEqual([recent.id, middle.id]);
    expect((await store.readBoard()).map((p) => p.id)).toEqual([waiting.id]);
  });

  test("today's finished parties: from a given time on, most recent first", async () => {
    const { store } = await freshStore();
    const yesterday = aParty({ status: 'seated', finishedAt: 900 });
    const morning = aParty({ status: 'removed', finishedAt: 1_000 });
    const evening = aParty({ status: 'no_show', finishedAt: 2_000, finishReason: 'late' });
    for (const p of [yesterday, morning, evening, aParty()]) await store.add(p);
    expect(await store.readFinishedSince(1_000)).toEqual([evening, morning]);
  });

  test('several parties change together or not at all', async () => {
    const { store } = await freshStore();
    const a = aParty({ rank: 1 });
    const b = aParty({ rank: 2 });
    for (const p of [a, b]) await store.add(p);
    const swap = await store.changeMany(
      new Map([
        [a.id, (p: typeof a) => ({ ok: true as const, value: { ...p, rank: 3 } })],
        [b.id, (p: typeof a) => ({ ok: true as const, value: { ...p, rank: 0 } })],
      ]),
    );
    expect(swap.ok).toBe(true);
    expect((await store.readBoard()).map((p) => p.id)).toEqual([b.id, a.id]);
    const half = await store.changeMany(
      new Map([
        [a.id, (p: typeof a) => ({ ok: true as const, value: { ...p, rank: -5 } })],
        ['missing', (p: typeof a) => ({ ok: true as const, value: p })],
      ]),
    );
    expect(half).toEqual({ ok: false, error: { kind: 'not_found' } });
    expect((await store.get(a.id))?.rank).toBe(3);
  });
});
