import { afterEach, describe, expect, test } from 'vitest';
import type { Party } from '../../src/core/party.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { historyStore } from '../../src/storage/history-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { DB_VERSION } from '../../src/storage/schema.ts';
import { aParty } from '../support/parties.ts';

// Runs in Node over fake-indexeddb and in real Chromium.
const names: string[] = [];
afterEach(() => {
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});

const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** A party as v1 and v2 stored it, before the delivery fields of v3, the place in line and calls of v5, the messages of v6. */
type V1Party = Omit<
  Party,
  | 'email'
  | 'messages'
  | 'lastMessage'
  | 'joinedPosition'
  | 'rank'
  | 'calledAt'
  | 'callCount'
  | 'finishReason'
  | 'excusedAt'
  | 'previous'
>;
const asV1 = ({
  email: _e,
  messages: _m,
  lastMessage: _l,
  joinedPosition: _j,
  rank: _r,
  calledAt: _c,
  callCount: _cc,
  finishReason: _f,
  excusedAt: _x,
  previous: _p,
  ...v1
}: Party): V1Party => v1;

/** Writes `parties` (and outbox `entries`) into a database made by hand, as its version would have stored them. */
async function fill(
  db: IDBDatabase,
  parties: readonly object[],
  entries: readonly object[] = [],
): Promise<IDBDatabase> {
  const tx = db.transaction(entries.length > 0 ? ['parties', 'outbox'] : ['parties'], 'readwrite');
  for (const p of parties) tx.objectStore('parties').put(p);
  for (const entry of entries) tx.objectStore('outbox').put(entry);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  return db;
}

/** A database exactly as Waitbell v1 left it: the parties store and its board index, holding `parties`. */
async function createV1Database(name: string, parties: V1Party[]): Promise<IDBDatabase> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('parties', { keyPath: 'id' }).createIndex('by-status-joined', ['status', 'joinedAt']);
  };
  return fill(await request(open), parties);
}

/** A database exactly as Waitbell v5 left it: parties with their places and calls, outbox (with `entries`), settings, security. */
async function createV5Database(
  name: string,
  parties: readonly (Party | Record<string, unknown>)[],
  entries: readonly Record<string, unknown>[] = [],
): Promise<IDBDatabase> {
  const open = indexedDB.open(name, 5);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore('parties', { keyPath: 'id' });
    store.createIndex('by-status-joined', ['status', 'joinedAt']);
    store.createIndex('by-finished', 'finishedAt');
    const outbox = open.result.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('by-key', 'key', { unique: true });
    outbox.createIndex('by-party', 'partyId');
    open.result.createObjectStore('settings');
    open.result.createObjectStore('security');
  };
  return fill(await request(open), parties, entries);
}

describe('database upgrades', () => {
  test('v1 → current keeps every party, indexes the existing history and adds the delivery fields', async () => {
    const name = `waitbell-upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const waiting = aParty({ name: 'Still waiting', joinedAt: 10 });
    const seated = aParty({ name: 'Seated earlier', status: 'seated', finishedAt: 50 });
    const noShow = aParty({ name: 'Never came', status: 'no_show', finishedAt: 70 });
    (await createV1Database(name, [waiting, seated, noShow].map(asV1))).close();

    const db = await openWaitbellDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'announcements',
      'history',
      'outbox',
      'parties',
      'pending',
      'security',
      'settings',
      'sync-meta',
      'synced',
    ]);
    const store = partyStore(db);
    expect(await store.readBoard()).toEqual([{ ...waiting, joinedPosition: 1 }]);
    expect((await store.readHistory(10)).map((p) => p.name)).toEqual(['Never came', 'Seated earlier']);
    expect(await db.count('parties')).toBe(3);
    db.close();
  });

  test('v1 → current: parties keep their order by joining, and a notified party counts as called once', async () => {
    const name = `waitbell-upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const first = aParty({ name: 'First', joinedAt: 100 });
    const called = aParty({ name: 'Called', joinedAt: 200, status: 'notified', updatedAt: 900 });
    (await createV1Database(name, [called, first].map(asV1))).close();

    const db = await openWaitbellDb(name);
    const board = await partyStore(db).readBoard();
    expect(board.map((p) => [p.name, p.rank, p.calledAt, p.callCount, p.finishReason])).toEqual([
      ['First', 100, null, 0, null],
      ['Called', 200, 900, 1, null],
    ]);
    db.close();
  });

  test('v5 → v6: every party that had finished gets its anonymous copy for quotes; the board and the parties stay', async () => {
    const name = `waitbell-upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const waiting = aParty({ name: 'Still waiting', size: 4, joinedAt: 1_000 });
    const seated = aParty({
      name: 'Ana',
      size: 3,
      quoteMinutes: 20,
      joinedAt: 2_000,
      status: 'seated',
      finishedAt: 9_000,
    });
    const gone = aParty({ name: 'Bo', pushedId: 'Pid1', joinedAt: 3_000, status: 'no_show', finishedAt: 8_000 });
    (await createV5Database(name, [waiting, seated, gone])).close();

    const db = await openWaitbellDb(name);
    expect(db.version).toBe(DB_VERSION);
    // The guest messages' part of v6 gives a waiting party its place as its place when it joined.
    expect(await partyStore(db).readBoard()).toEqual([{ ...waiting, joinedPosition: 1 }]);
    expect(await db.count('parties')).toBe(3);
    const offset = -new Date(2_000).getTimezoneOffset();
    expect(await historyStore(db).readAll()).toEqual([
      {
        id: seated.id,
        joinedAt: 2_000,
        utcOffsetMinutes: offset,
        size: 3,
        quotedMinutes: 20,
        seatedAt: 9_000,
        leftAt: null,
        outcome: 'seated',
      },
      {
        id: gone.id,
        joinedAt: 3_000,
        utcOffsetMinutes: offset,
        size: 2,
        quotedMinutes: null,
        seatedAt: null,
        leftAt: 8_000,
        outcome: 'no_show',
      },
    ]);
    db.close();
  });

  test('an older tab holding the database open blocks the upgrade until it closes, and the app is told', async () => {
    const name = `waitbell-blocked-${crypto.randomUUID()}`;
    names.push(name);
    const oldTab = await createV1Database(name, [asV1(aParty({ name: 'Kept' }))]);
    let blocked = 0;
    const opening = openWaitbellDb(name, { onBlocked: () => (blocked += 1) });
    await expect.poll(() => blocked).toBe(1);
    oldTab.close();
    const db = await opening;
    expect((await partyStore(db).readBoard()).map((p) => p.name)).toEqual(['Kept']);
    db.close();
  });

  test('a newer tab asking to upgrade closes this connection and tells the app to reload', async () => {
    const name = `waitbell-outdated-${crypto.randomUUID()}`;
    names.push(name);
    let outdated = 0;
    const db = await openWaitbellDb(name, { onOutdated: () => (outdated += 1) });
    await partyStore(db).add(aParty({ name: 'Before the upgrade' }));
    const newer = await request(indexedDB.open(name, 99));
    expect(outdated).toBe(1);
    await expect(partyStore(db).add(aParty())).rejects.toMatchObject({ problem: 'outdated' });
    newer.close();
  });
});

describe('v5 → v6: guest messages', () => {
  test('Table ready’s delivery and count become its message; a queued entry is Table ready for the latest call', async () => {
    const name = `waitbell-upgrade-${crypto.randomUUID()}`;
    names.push(name);
    const {
      messages: _m,
      lastMessage: _l,
      joinedPosition: _j,
      ...v6Only
    } = aParty({
      name: 'Called twice',
      status: 'notified',
      pushedId: 'Pid1',
      callCount: 2,
      calledAt: 500,
      rank: 20,
    });
    const delivery = { state: 'sent', at: 600, shipmentId: 'S1' };
    const party = { ...v6Only, delivery, notifyCount: 2 };
    const entry = {
      key: 'a-random-key-made-once',
      partyId: party.id,
      recipient: { type: 'pushed_id', pushedId: 'Pid1' },
      content: 'Your table is ready',
      createdAt: 500,
      state: 'pending',
      attempts: 0,
      notBefore: 500,
    };
    const { messages: _m2, lastMessage: _l2, joinedPosition: _j2, ...ahead } = aParty({ name: 'Ahead', rank: 10 });
    (await createV5Database(name, [{ ...ahead, delivery: null, notifyCount: 0 }, party], [entry])).close();

    const db = await openWaitbellDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await db.getAll('outbox')).toEqual([{ ...entry, seq: 1, kind: 'table_ready', round: 2 }]);
    const upgraded = (await db.get('parties', party.id))!;
    expect(upgraded).toEqual({
      ...v6Only,
      messages: { table_ready: { round: 2, at: 600, delivery, sent: 2 } },
      lastMessage: 'table_ready',
      joinedPosition: 2, // its place on the board at the upgrade: behind "Ahead"
    });
    expect(await db.get('parties', ahead.id)).toEqual({ ...ahead, messages: {}, lastMessage: null, joinedPosition: 1 });
    db.close();
  });
});
