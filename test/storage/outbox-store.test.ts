import { afterEach, describe, expect, test } from 'vitest';
import { applyAction } from '../../src/core/lifecycle.ts';
import type { Party } from '../../src/core/party.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { aParty } from '../support/parties.ts';

// Runs twice: in Node over fake-indexeddb, and in real Chromium (the "chromium" project).
const opened: WaitbellDb[] = [];
const T = 1_000_000;

async function freshOutbox() {
  const db = await openWaitbellDb(`waitbell-outbox-${crypto.randomUUID()}`);
  opened.push(db);
  const parties = partyStore(db);
  const add = async (name: string, pushedId: string | null = `Pid${name}`) => {
    const party = aParty({ name, pushedId, joinedAt: T });
    await parties.add(party);
    return party.id;
  };
  return { db, outbox: outboxStore(db), parties, add, party: async (id: string) => (await db.get('parties', id))! };
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

describe('Table ready: the transactional outbox', () => {
  test('the party becomes notified and its entry is queued together; the message comes from the template', async () => {
    const { db, outbox, add, party } = await freshOutbox();
    const id = await add('Ana');
    expect((await outbox.enqueue(id, T)).ok).toBe(true);
    expect(await party(id)).toMatchObject({
      status: 'notified',
      messages: { table_ready: { round: 1, at: T, delivery: { state: 'queued', since: T, retryAt: null }, sent: 0 } },
      lastMessage: 'table_ready',
    });
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({
      key: `${id}_table_ready_1`,
      kind: 'table_ready',
      round: 1,
      partyId: id,
      recipient: { type: 'pushed_id', pushedId: 'PidAna' },
      content: 'Ana, your table at Demo Bistro is ready! Please come to the host stand.',
      state: 'pending',
      attempts: 0,
    });
    expect(await outbox.count()).toBe(1);
  });

  test('a refused Table ready writes neither the party nor an entry', async () => {
    const { outbox, parties, add, party } = await freshOutbox();
    const id = await add('Gone');
    await parties.change(id, (p) => applyAction(p, 'seat', T));
    const before = await party(id);
    expect(await outbox.enqueue(id, T)).toEqual({
      ok: false,
      error: { kind: 'illegal_transition', from: 'seated', action: 'notify' },
    });
    expect(await party(id)).toEqual(before);
    expect(await outbox.count()).toBe(0);
  });

  test('a message over the limit is refused, not cut', async () => {
    const { db, outbox, add } = await freshOutbox();
    await settingsStore(db).save({ ...SANDBOX_SETTINGS, contentLimit: 40 });
    const id = await add('Bartholomew the Magnificent');
    expect(await outbox.enqueue(id, T)).toMatchObject({ ok: false, error: { kind: 'too_long', limit: 40 } });
    expect(await outbox.count()).toBe(0);
  });

  test('Table ready again while one is still queued does not queue a second', async () => {
    const { outbox, add } = await freshOutbox();
    const id = await add('Ana');
    await outbox.enqueue(id, T);
    expect(await outbox.enqueue(id, T)).toEqual({ ok: false, error: { kind: 'already_queued' } });
    expect(await outbox.count()).toBe(1);
  });

  test('no PushedID: notified, nothing queued, the row says to call them', async () => {
    const { outbox, add, party } = await freshOutbox();
    const id = await add('Walk-in', null);
    await outbox.enqueue(id, T);
    expect((await party(id)).messages.table_ready?.delivery).toEqual({ state: 'not_sent', at: T, why: 'no_contact' });
    expect(await outbox.count()).toBe(0);
  });
});

describe('taking and settling entries', () => {
  test('the oldest due entry is marked in flight, and the row says sending; a backing-off first entry holds the line', async () => {
    const { outbox, add, party } = await freshOutbox();
    const [a, b] = [await add('Ana'), await add('Bo')];
    await outbox.enqueue(a, T);
    await outbox.enqueue(b, T);
    const next = await outbox.takeNext(T);
    expect(next).toMatchObject({ kind: 'send', entry: { partyId: a, state: 'in_flight', attempts: 1 } });
    expect((await party(a)).messages.table_ready?.delivery).toEqual({ state: 'sending', since: T });
    if (next.kind !== 'send') return;
    const retryAt = T + 5_000;
    const delivery = { state: 'queued', since: T, retryAt, unanswered: 'relay' } as const;
    await outbox.settle(next.entry.seq, {
      entry: { ...next.entry, state: 'pending', notBefore: retryAt },
      delivery,
      sent: 0,
    });
    expect((await party(a)).messages.table_ready?.delivery).toEqual(delivery);
    expect(await outbox.takeNext(T + 1)).toEqual({ kind: 'wait', until: retryAt });
  });

  test('an entry left in flight by a dead sender: "unknown" straight to Pushed, queued again through the relay', async () => {
    const { outbox, add, party } = await freshOutbox();
    const [direct, relayed] = [await add('Direct'), await add('Relayed')];
    await outbox.enqueue(direct, T);
    await outbox.takeNext(T);
    expect(await outbox.recoverInterrupted(T, 0, 'direct')).toBe(1);
    expect((await party(direct)).messages.table_ready?.delivery).toEqual({
      state: 'unknown',
      at: T,
      cause: 'interrupted',
    });
    await outbox.enqueue(relayed, T);
    await outbox.takeNext(T);
    expect(await outbox.recoverInterrupted(T, 0, 'relay')).toBe(1);
    expect((await party(relayed)).messages.table_ready?.delivery).toMatchObject({
      state: 'queued',
      retryAt: expect.any(Number),
    });
    expect(await outbox.count()).toBe(1);
  });
});

describe('the messages before Table ready', () => {
  /** Adds a party the way Add party does: the party and its "On the list" in one transaction. */
  const join = (outbox: ReturnType<typeof outboxStore>, name: string, over: Partial<Party> = {}) =>
    outbox.addParty(aParty({ name, pushedId: `Pid${name}`, quoteMinutes: 20, ...over }), T);

  test('On the list is queued with the add, in one transaction, telling the place the party joined at', async () => {
    const { db, outbox, party } = await freshOutbox();
    await join(outbox, 'Ana', { pushedId: null });
    const bo = await join(outbox, 'Bo');
    expect(bo).toMatchObject({ joinedPosition: 2, lastMessage: 'on_list' });
    expect(await party(bo.id)).toEqual(bo);
    expect(await db.getAll('outbox')).toMatchObject([
      {
        key: `${bo.id}_on_list_1`,
        kind: 'on_list',
        round: 1,
        content: "You're on the list at Demo Bistro: #2, about 20 min",
      },
    ]);
  });

  test('with On the list off, or no PushedID or email, the party is added and nothing is queued', async () => {
    const { db, outbox } = await freshOutbox();
    expect(await join(outbox, 'Walk-in', { pushedId: null })).toMatchObject({ joinedPosition: 1, messages: {} });
    await settingsStore(db).save({ ...SANDBOX_SETTINGS, onListMessage: false });
    expect(await join(outbox, 'Quiet')).toMatchObject({ joinedPosition: 2, messages: {}, lastMessage: null });
    expect(await outbox.count()).toBe(0);
  });

  test('Getting close is queued once for a party that reached place 2, however often it is asked, and not when off', async () => {
    const { db, outbox, parties, party } = await freshOutbox();
    const first = await join(outbox, 'First', { pushedId: null });
    await join(outbox, 'Second', { pushedId: null });
    const third = await join(outbox, 'Third');
    expect(await outbox.sendGettingClose(T)).toEqual([]);
    await parties.change(first.id, (p) => applyAction(p, 'seat', T));
    const [sent, again] = await Promise.all([outbox.sendGettingClose(T), outbox.sendGettingClose(T)]); // two tabs
    expect([sent.map((p) => p.name), again]).toEqual([['Third'], []]);
    expect((await party(third.id)).messages.getting_close).toMatchObject({ round: 1, delivery: { state: 'queued' } });
    expect((await db.getAll('outbox')).map((e) => [e.kind, e.content])).toEqual([
      ['on_list', "You're on the list at Demo Bistro: #3, about 20 min"],
      ['getting_close', "Third, you're nearly up at Demo Bistro: please stay close."],
    ]);

    await settingsStore(db).save({ ...SANDBOX_SETTINGS, gettingClosePosition: 0 });
    const fourth = await join(outbox, 'Fourth');
    await parties.change(third.id, (p) => applyAction(p, 'seat', T));
    expect(await outbox.sendGettingClose(T)).toEqual([]);
    expect((await party(fourth.id)).messages.getting_close).toBeUndefined();
  });

  test('Almost ready by hand: the next round each time, refused while one still waits to go', async () => {
    const { db, outbox } = await freshOutbox();
    const ana = await join(outbox, 'Ana');
    expect(await outbox.almostReady(ana.id, T, 1)).toMatchObject({ ok: true, value: { lastMessage: 'getting_close' } });
    expect(await outbox.almostReady(ana.id, T, 1)).toEqual({ ok: false, error: { kind: 'already_queued' } });
    const queued = await db.getAll('outbox');
    expect(queued.map((e) => e.key)).toEqual([`${ana.id}_on_list_1`, `${ana.id}_getting_close_1`]);
  });
});
