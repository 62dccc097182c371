import { afterEach, describe, expect, test } from 'vitest';
import { ANNOUNCEMENT_INTERVAL_MS, ANNOUNCEMENT_STALE_AFTER_MS } from '../../src/core/announcement.ts';
import { settleAttempt } from '../../src/core/delivery.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { announcementsStore } from '../../src/storage/announcements-store.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { aParty } from '../support/parties.ts';

// Runs twice: in Node over fake-indexeddb, and in real Chromium (the "chromium" project).
const opened: WaitbellDb[] = [];
const T = 1_700_000_000_000;
const MIN = 60_000;

async function open(name = `waitbell-announce-${crypto.randomUUID()}`) {
  const db = await openWaitbellDb(name);
  opened.push(db);
  return { db, announcements: announcementsStore(db), outbox: outboxStore(db) };
}
let n = 0;
const request = (target: 'channel' | 'app', text = 'Kitchen closes in 30 minutes') => {
  n += 1;
  return { id: `a${n}`, key: `announce-key-${n}`, target, text };
};

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

describe('announcements: the record and its outbox entry, together', () => {
  test('queued with no party: the entry goes to the channel with its own key, and the list shows it queued', async () => {
    const { db, announcements, outbox } = await open();
    const queued = await announcements.announce(request('channel'), T);
    expect(queued).toMatchObject({ ok: true, value: { target: 'channel', delivery: { state: 'queued', since: T } } });
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({
      kind: 'announcement',
      recipient: { type: 'channel' },
      content: 'Kitchen closes in 30 minutes',
      state: 'pending',
    });
    expect(entry).not.toHaveProperty('partyId');
    expect(entry!.key).toBe((await announcements.list())[0]!.key);
    expect(await outbox.count()).toBe(1);
  });

  test('sent: the record goes sending, then sent, in the same transactions as the entry', async () => {
    const { announcements, outbox } = await open();
    await announcements.announce(request('app'), T);
    const next = await outbox.takeNext(T + 1);
    if (next.kind !== 'send') throw new Error(`expected a send, got ${next.kind}`);
    expect(next.entry).toMatchObject({ kind: 'announcement', recipient: { type: 'app' }, state: 'in_flight' });
    expect((await announcements.list())[0]!.delivery).toEqual({ state: 'sending', since: T + 1 });
    await outbox.settle(
      next.entry.seq,
      settleAttempt(next.entry, { kind: 'delivered', shipmentId: 'S1' }, T + 2, 0.5, 'relay'),
    );
    expect((await announcements.list())[0]!.delivery).toEqual({ state: 'sent', at: T + 2, shipmentId: 'S1' });
    expect(await outbox.count()).toBe(0);
  });

  test('a guest message and announcements go out in the order they were queued', async () => {
    const { db, announcements, outbox } = await open();
    const party = aParty({ name: 'Ana', pushedId: 'PidAna', joinedAt: T });
    await partyStore(db).add(party);
    await announcements.announce(request('channel', 'First'), T);
    await outbox.enqueue(party.id, T + 1);
    await announcements.announce(request('app', 'Third'), T + 2);
    const sent: string[] = [];
    for (;;) {
      const next = await outbox.takeNext(T + 3);
      if (next.kind !== 'send') break;
      sent.push(next.entry.content);
      await outbox.settle(
        next.entry.seq,
        settleAttempt(next.entry, { kind: 'delivered', shipmentId: null }, T + 3, 0, 'relay'),
      );
    }
    expect(sent).toEqual(['First', expect.stringMatching(/^Ana, your table/), 'Third']);
  });
});

describe('announcements: at most one per target every 10 minutes', () => {
  test('the second within 10 minutes is refused and nothing is written; at 10 minutes it goes', async () => {
    const { db, announcements } = await open();
    await announcements.announce(request('channel'), T);
    expect(await announcements.announce(request('channel'), T + 9 * MIN)).toEqual({
      ok: false,
      error: { kind: 'too_soon', target: 'channel', lastAt: T, nextAt: T + ANNOUNCEMENT_INTERVAL_MS },
    });
    expect(await db.count('announcements')).toBe(1);
    expect(await db.count('outbox')).toBe(1);
    expect((await announcements.announce(request('channel'), T + ANNOUNCEMENT_INTERVAL_MS)).ok).toBe(true);
  });

  test('one Pushed refused does not hold the next back: fixed and sent again at once', async () => {
    const { announcements, outbox } = await open();
    await announcements.announce(request('channel'), T);
    const next = await outbox.takeNext(T);
    if (next.kind !== 'send') throw new Error('expected a send');
    const refused = {
      kind: 'refused',
      status: 400,
      errorType: 'target_has_no_subscribers',
      message: 'No subscribers.',
    } as const;
    await outbox.settle(next.entry.seq, settleAttempt(next.entry, refused, T + 1, 0, 'relay'));
    expect((await announcements.list())[0]!.delivery).toMatchObject({ state: 'failed' });
    expect((await announcements.announce(request('channel'), T + MIN)).ok).toBe(true);
  });

  test('two tabs (two connections to one database) announcing at once: exactly one is queued', async () => {
    const name = `waitbell-announce-${crypto.randomUUID()}`;
    const [a, b] = [await open(name), await open(name)];
    const results = await Promise.all([
      a.announcements.announce(request('channel', 'From tab A'), T),
      b.announcements.announce(request('channel', 'From tab B'), T + 1),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ error: { kind: 'too_soon' } }]);
    expect(await a.db.count('outbox')).toBe(1);
  });

  test('the text is checked against the venue’s own limit, in the same transaction', async () => {
    const { db, announcements } = await open();
    await settingsStore(db).save({ ...SANDBOX_SETTINGS, contentLimit: 20 });
    expect(await announcements.announce(request('app', 'x'.repeat(21)), T)).toEqual({
      ok: false,
      error: { kind: 'too_long', length: 21, limit: 20 },
    });
    expect(await db.count('announcements')).toBe(0);
  });
});

describe('announcements: too late to be useful', () => {
  test('queued over 15 minutes (offline), it is not sent: the list says so, and it no longer counts', async () => {
    const { announcements, outbox } = await open();
    await announcements.announce(request('channel'), T);
    expect(await outbox.takeNext(T + ANNOUNCEMENT_STALE_AFTER_MS + 1)).toEqual({ kind: 'idle' });
    expect((await announcements.list())[0]!.delivery).toEqual({
      state: 'not_sent',
      at: T + ANNOUNCEMENT_STALE_AFTER_MS + 1,
      why: 'stale',
    });
    expect(await outbox.count()).toBe(0);
  });

  test('the list is newest first', async () => {
    const { announcements } = await open();
    await announcements.announce(request('channel', 'older'), T);
    await announcements.announce(request('app', 'newer'), T + MIN);
    expect((await announcements.list()).map((a) => a.text)).toEqual(['newer', 'older']);
  });
});
