import { afterEach, describe, expect, test } from 'vitest';
import { erasePersonalData } from '../../src/core/erasure.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { applyRetention } from '../../src/state/retention.ts';
import { erasureStore } from '../../src/storage/erasure-store.ts';
import { historyStore } from '../../src/storage/history-store.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { tabletSyncStore } from '../../src/storage/tablet-sync-store.ts';
import { aParty } from '../support/parties.ts';

// Runs in Node over fake-indexeddb, and in real Chromium.
const opened: WaitbellDb[] = [];
const DAY = 24 * 60 * 60 * 1000;

async function fresh() {
  const db = await openWaitbellDb(`waitbell-erasure-${crypto.randomUUID()}`);
  opened.push(db);
  const settings = settingsStore(db);
  await settings.save({ ...SANDBOX_SETTINGS, relayUrl: 'https://venue.example/1', deviceToken: 'TabletToken0001' });
  return {
    parties: partyStore(db),
    outbox: outboxStore(db),
    sync: tabletSyncStore(db),
    erasures: erasureStore(db),
    history: historyStore(db),
  };
}
afterEach(() => {
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

/** A guest with a PushedID and their Table ready queued on this tablet (offline: it has not gone). */
async function queuedGuest(s: Awaited<ReturnType<typeof fresh>>, name: string, at: number) {
  const party = aParty({ name, pushedId: `pid-${name}`, phone: '+34 600 123 456', joinedAt: at - 60_000 });
  await s.parties.add(party);
  const queued = await s.outbox.enqueue(party.id, at);
  if (!queued.ok) throw new Error('not queued');
  return queued.value;
}

describe('a guest erased on the venue server, pulled by this tablet', () => {
  test('its queued message is never sent: the entry leaves the outbox and the row says not sent, without the name', async () => {
    const s = await fresh();
    const ana = await queuedGuest(s, 'Ana', 1_000_000);
    const bea = await queuedGuest(s, 'Bea', 1_000_000);
    expect(await s.outbox.count()).toBe(2);

    // The server never heard of this tablet's Table ready (it was offline): its row has no such message.
    const erased = erasePersonalData({ ...ana, messages: {}, lastMessage: null }, 2_000_000);
    await s.sync.applyPull({
      rows: [{ party: erased, lastChange: null, version: 5 }],
      answered: [],
      meta: { version: 5 },
    });

    const shown = await s.parties.get(ana.id);
    expect(shown).toMatchObject({ name: '', pushedId: null, phone: null, status: 'removed', erasedAt: 2_000_000 });
    expect(shown?.messages.table_ready?.delivery).toMatchObject({ state: 'not_sent', at: 2_000_000 });
    expect(await s.outbox.count()).toBe(1); // Bea's still goes
    const next = await s.outbox.takeNext(1_500_000);
    expect(next.kind === 'send' && next.entry.kind !== 'announcement' && next.entry.partyId).toBe(bea.id);
  });
});

describe("an unpaired tablet's own erasure", () => {
  test('finds a guest by phone digits, erases the confirmed parties only, and keeps no trace of what was searched', async () => {
    const s = await fresh();
    const ana = await queuedGuest(s, 'Ana', 1_000_000);
    const other = aParty({ name: 'Ana', phone: '611 000 000' });
    await s.parties.add(other);

    const found = await s.erasures.find('phone', '600123456');
    expect(found.map((p) => p.id)).toEqual([ana.id]);

    const record = await s.erasures.erase({ id: 'e-1', at: 5_000, field: 'phone', tablet: null }, '600123456', [
      ana.id,
      other.id, // named, but it does not match: left as it is
    ]);
    expect(record).toEqual({ id: 'e-1', at: 5_000, field: 'phone', parties: 1, tablet: null });
    expect(await s.parties.get(ana.id)).toMatchObject({ name: '', phone: null, status: 'removed', erasedAt: 5_000 });
    expect((await s.parties.get(other.id))?.name).toBe('Ana');
    expect(await s.outbox.count()).toBe(0);
    expect(JSON.stringify(await s.erasures.list())).not.toContain('600');
    expect(await s.erasures.find('name', 'Ana')).toHaveLength(1); // an erased guest is never found again

    // A retry of the same erasure answers the same record and erases nothing more.
    const again = await s.erasures.erase({ id: 'e-1', at: 6_000, field: 'name', tablet: null }, 'Ana', [other.id]);
    expect(again).toEqual(record);
    expect((await s.parties.get(other.id))?.name).toBe('Ana');
    expect(await s.erasures.list()).toHaveLength(1);
  });
});

describe("the venue's retention on this tablet", () => {
  test('finished parties older than its days go with their outbox entries; the anonymous history older than its months goes', async () => {
    const s = await fresh();
    const now = Date.UTC(2026, 11, 7);
    const old = aParty({ name: 'Old', status: 'seated', joinedAt: now - 5 * DAY, finishedAt: now - 3 * DAY });
    const recent = aParty({ name: 'Recent', status: 'seated', joinedAt: now - DAY, finishedAt: now - DAY });
    const ancient = aParty({ status: 'seated', joinedAt: now - 200 * DAY, finishedAt: now - 200 * DAY });
    for (const p of [old, recent, ancient]) await s.parties.add(p);
    await s.parties.purgeFinishedBefore(now - 100 * DAY); // only the ancient party's guest: its anonymous copy stays

    const retention = async () => ({ personalDataDays: 2, historyMonths: 3 });
    await applyRetention({ store: s.parties, history: s.history, clock: { now: () => now }, retention });

    expect(await s.parties.get(old.id)).toBeUndefined();
    expect((await s.parties.get(recent.id))?.name).toBe('Recent');
    const kept = [];
    for await (const page of s.history.pages()) kept.push(...page.map((r) => r.id));
    expect(kept.sort()).toEqual([old.id, recent.id].sort()); // 200 days is past 3 months; 5 days is not
  });
});
