import { afterEach, describe, expect, test } from 'vitest';
import { applyAction } from '../../src/core/lifecycle.ts';
import { ok } from '../../src/core/result.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { StorageError } from '../../src/storage/storage-error.ts';
import { draftOf, tabletSyncStore } from '../../src/storage/tablet-sync-store.ts';
import { aParty } from '../support/parties.ts';

// Runs in Node over fake-indexeddb, and in real Chromium.
const opened: WaitbellDb[] = [];
let ids = 0;
const newId = () => `m-${++ids}`;

async function fresh({ paired }: { paired: boolean }) {
  const db = await openWaitbellDb(`waitbell-sync-${crypto.randomUUID()}`);
  opened.push(db);
  const settings = settingsStore(db);
  if (paired)
    await settings.save({ ...SANDBOX_SETTINGS, relayUrl: 'https://venue.example/1', deviceToken: 'TabletToken0001' });
  return { db, parties: partyStore(db), outbox: outboxStore(db), sync: tabletSyncStore(db), settings };
}
afterEach(() => {
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

const seat = (at: number) => draftOf(newId, at, { kind: 'act', action: 'seat' });

describe('recording changes while paired with a venue server', () => {
  test('unpaired (or on the demo account), a change records nothing: the tablet works as before', async () => {
    for (const { parties, sync, settings } of [await fresh({ paired: false }), await fresh({ paired: false })]) {
      await settings.save(SANDBOX_SETTINGS); // the second: the built-in demo relay
      const party = aParty();
      await parties.add(party, draftOf(newId, 1, { kind: 'add', party }));
      const result = await parties.change(party.id, (p) => applyAction(p, 'seat', 2), seat(2));
      expect(result.ok).toBe(true);
      expect(await sync.countPending()).toBe(0);
    }
  });

  test('the demo tablet records its changes once its demo server said it shares its board, and only then', async () => {
    const { parties, sync, settings } = await fresh({ paired: false }); // a new tablet: nothing saved, the demo account
    const before = aParty({ name: 'Before' });
    await parties.add(before, draftOf(newId, 1, { kind: 'add', party: before }));
    expect(await sync.countPending()).toBe(0);
    await sync.saveMeta({ venueId: 'ven_demo', deviceId: 'dev_demo', demoSync: true });
    const after = aParty({ name: 'After' });
    await parties.add(after, draftOf(newId, 2, { kind: 'add', party: after }));
    expect((await sync.readPending(10)).map((m) => m.partyId)).toEqual([after.id]);
    // The same flag on a tablet sending straight to Pushed with the demo's key records nothing.
    await settings.save({ ...SANDBOX_SETTINGS, route: 'direct' });
    await parties.change(after.id, (p) => applyAction(p, 'seat', 3), seat(3));
    expect(await sync.countPending()).toBe(1);
  });

  test('paired, every change writes its mutation, in the order the host made them', async () => {
    const { parties, outbox, sync } = await fresh({ paired: true });
    const party = aParty({ name: 'Ana' });
    const add = draftOf(newId, 1, { kind: 'add', party });
    const stored = await outbox.addParty(party, 1, add);
    const seated = seat(2);
    await parties.change(stored.id, (p) => applyAction(p, 'seat', 2), seated);
    const pending = await sync.readPending(10);
    expect(pending.map((m) => [m.id, m.partyId, m.kind])).toEqual([
      [add.recorded, party.id, 'add'],
      [seated.recorded, party.id, 'act'],
    ]);
    expect(pending[1]).toMatchObject({ action: 'seat', at: 2 });
  });

  test('a change whose transaction fails leaves neither the change nor its mutation', async () => {
    const { parties, sync } = await fresh({ paired: true });
    const party = aParty();
    await parties.add(
      party,
      draftOf(() => 'clash', 1, { kind: 'add', party }),
    );
    // The seat's mutation is given an id already stored: the write fails, and the whole transaction with it.
    const failing = draftOf(() => 'clash', 2, { kind: 'act', action: 'seat' });
    await expect(parties.change(party.id, (p) => applyAction(p, 'seat', 2), failing)).rejects.toBeInstanceOf(
      StorageError,
    );
    expect((await parties.get(party.id))?.status).toBe('waiting');
    expect((await sync.readPending(10)).map((m) => m.kind)).toEqual(['add']);
    // And the other way round: a party that cannot be stored leaves no mutation behind.
    await expect(parties.add(party, draftOf(newId, 3, { kind: 'add', party }))).rejects.toBeInstanceOf(StorageError);
    expect(await sync.countPending()).toBe(1);
  });

  test('the delivery loop’s answer for a message is recorded as where that message stands; the moment of sending is not', async () => {
    const { outbox, sync } = await fresh({ paired: true });
    const party = aParty({ name: 'Ana', pushedId: 'PushedAna01' });
    await outbox.addParty(party, 1, draftOf(newId, 1, { kind: 'add', party }));
    await outbox.enqueue(party.id, 2, 1, draftOf(newId, 2, { kind: 'act', action: 'notify', round: 1 }));
    const next = await outbox.takeNext(3);
    if (next.kind !== 'send') throw new Error('Table ready should be due');
    await outbox.settle(next.entry.seq, { entry: null, delivery: { state: 'sent', at: 4, shipmentId: 'S1' }, sent: 1 });
    const pending = await sync.readPending(10);
    expect(pending.map((m) => (m.kind === 'message' ? `${m.message}:${m.record.delivery.state}` : m.kind))).toEqual([
      'add',
      'act',
      'table_ready:queued',
      'on_list:sent', // the first in line was the "On the list" queued when Ana joined (it went up inside her add)
    ]);
  });

  test('a party from before the pairing, changed before it went up, goes up first as it was', async () => {
    const { db, parties, sync, settings } = await fresh({ paired: false });
    const party = aParty({ name: 'Bo' });
    await parties.add(party);
    await settings.save({ ...SANDBOX_SETTINGS, relayUrl: 'https://venue.example/1', deviceToken: 'TabletToken0001' });
    await parties.change(party.id, (p) => applyAction(p, 'seat', 5), seat(5));
    const pending = await sync.readPending(10);
    expect(pending.map((m) => m.kind)).toEqual(['add', 'act']);
    expect(pending[0]).toMatchObject({ kind: 'add', party: { status: 'waiting', name: 'Bo' } });
    expect(await db.count('parties')).toBe(1);
  });
});

describe('the server copy and the host view', () => {
  test('a newer server row comes in under my pending change: my change stays on top', async () => {
    const { parties, sync } = await fresh({ paired: true });
    const party = aParty({ name: 'Ana', size: 2 });
    await parties.add(party, draftOf(newId, 1, { kind: 'add', party }));
    const edit = draftOf(newId, 2, { kind: 'edit', changes: { size: 5 } });
    await parties.change(party.id, (p) => ok({ ...p, size: 5 }), edit);
    const [add] = await sync.readPending(1);
    // The server took the add; another tablet changed the note since.
    const changed = await sync.applyPull({
      rows: [{ party: { ...party, note: 'window' }, lastChange: null, version: 3 }],
      answered: [add!.id],
      meta: { version: 3 },
    });
    expect(changed).toEqual([party.id]);
    expect(await parties.get(party.id)).toMatchObject({ size: 5, note: 'window' });
    expect((await sync.readPending(10)).map((m) => m.id)).toEqual([edit.recorded]);
    expect((await sync.readMeta()).version).toBe(3);
  });

  test('once my change is answered and the server row has it, the row is what shows', async () => {
    const { parties, sync } = await fresh({ paired: true });
    const party = aParty({ name: 'Ana' });
    const add = draftOf(newId, 1, { kind: 'add', party });
    await parties.add(party, add);
    const seated = seat(2);
    await parties.change(party.id, (p) => applyAction(p, 'seat', 2), seated);
    // Another tablet's No-show reached the server first; my Seated was refused.
    const noShow = applyAction(party, 'no_show', 1);
    if (!noShow.ok) throw new Error('a waiting party can be marked no-show');
    await sync.applyPull({
      rows: [{ party: noShow.value, lastChange: { mutation: 'x', tablet: 'bar', change: 'no_show' }, version: 4 }],
      answered: [add.recorded!, seated.recorded!],
      meta: { version: 4 },
    });
    expect((await parties.get(party.id))?.status).toBe('no_show');
    expect(await sync.countPending()).toBe(0);
  });

  test('a guest past the 30 days goes from the tablet’s copy of the server’s rows too, not only from its board and history', async () => {
    const { parties, sync, db } = await fresh({ paired: true });
    const party = aParty({ name: 'Old Guest' });
    const seated = applyAction(party, 'seat', 100);
    if (!seated.ok) throw new Error('a waiting party can be seated');
    await sync.applyPull({
      rows: [{ party: seated.value, lastChange: null, version: 1 }],
      answered: [],
      meta: { version: 1 },
    });
    expect(await parties.get(party.id)).toMatchObject({ name: 'Old Guest' });
    expect(await parties.purgeFinishedBefore(200)).toBe(1);
    expect(await db.get('synced', party.id)).toBeUndefined();
  });

  test('a page of history never takes a row back to an older version', async () => {
    const { parties, sync } = await fresh({ paired: true });
    const party = aParty({ name: 'Ana' });
    await sync.applyPull({
      rows: [{ party: { ...party, size: 4 }, lastChange: null, version: 9 }],
      answered: [],
      meta: {},
    });
    await sync.applyPull({ rows: [{ party, lastChange: null, version: 2 }], answered: [], meta: {} });
    expect((await parties.get(party.id))?.size).toBe(4);
  });

  test('joining: every party held goes up once, the board first, then the finished ones', async () => {
    const { parties, sync, settings } = await fresh({ paired: false });
    const done = aParty({ name: 'Done', status: 'seated', finishedAt: 5 });
    const later = aParty({ name: 'Later', joinedAt: 20 });
    const first = aParty({ name: 'First', joinedAt: 10 });
    for (const p of [done, later, first]) await parties.add(p);
    await settings.save({ ...SANDBOX_SETTINGS, relayUrl: 'https://venue.example/1', deviceToken: 'TabletToken0001' });
    const added = aParty({ name: 'Added after pairing', joinedAt: 30 });
    await parties.add(added, draftOf(newId, 30, { kind: 'add', party: added }));
    expect(await sync.queueExisting(newId, 40)).toBe(3);
    expect(await sync.queueExisting(newId, 41)).toBe(0);
    const names = (await sync.readPending(10)).map((m) => (m.kind === 'add' ? m.party.name : m.kind));
    expect(names).toEqual(['Added after pairing', 'First', 'Later', 'Done']);
    // Paired with another venue: its server has none of them, so all of them go up there once.
    await sync.forgetServer();
    expect(await sync.countPending()).toBe(0);
    expect(await sync.queueExisting(newId, 50)).toBe(4);
    expect((await sync.readMeta()).version).toBe(0);
  });
});
