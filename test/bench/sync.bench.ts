import { expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { createSyncEngine } from '../../src/state/sync-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { draftOf, tabletSyncStore } from '../../src/storage/tablet-sync-store.ts';
import { fakeSyncServer } from '../support/fake-sync-server.ts';
import { seedParty } from './seed.ts';
import { report } from './stats.ts';

// The tablet's side of sync in real Chromium IndexedDB, against the in-memory fake server (its own cost is included).
const PAIRED = { ...SANDBOX_SETTINGS, relayUrl: 'https://venue.example/1', deviceToken: 'TabletToken0001' };
const once = (ms: number) => ({ n: 1, median: ms, p95: ms });

async function pairedTablet(server: ReturnType<typeof fakeSyncServer>, device: string) {
  const db = await openWaitbellDb(`waitbell-bench-sync-${crypto.randomUUID()}`);
  await settingsStore(db).save(PAIRED);
  const engine = createSyncEngine({
    store: tabletSyncStore(db),
    api: server.api(device),
    clock: { now: () => Date.now() },
    newId: () => crypto.randomUUID(),
    random: Math.random,
    onChanged: () => {},
  });
  return { db, engine, parties: partyStore(db), sync: tabletSyncStore(db) };
}

test('sync on the tablet: 1,000 pending changes after a reconnect; a new tablet of a venue with 60 waiting and 10,000 finished', async () => {
  const now = Date.now();
  // 1,000 changes made offline: 200 parties added, each edited four times.
  const server = fakeSyncServer();
  const door = await pairedTablet(server, 'door');
  await door.sync.saveMeta({ uploadedExisting: true });
  for (let i = 0; i < 200; i++) {
    const party = { ...seedParty(100_000 + i, now), id: `offline-${i}`, status: 'waiting' as const, finishedAt: null };
    await door.parties.add(
      party,
      draftOf(() => crypto.randomUUID(), now, { kind: 'add', party }),
    );
    for (let e = 1; e <= 4; e++)
      await door.parties.change(
        party.id,
        (p) => ({ ok: true, value: { ...p, size: e } }),
        draftOf(() => crypto.randomUUID(), now, { kind: 'edit', changes: { size: e } }),
      );
  }
  expect(await door.sync.countPending()).toBe(1_000);
  let start = performance.now();
  door.engine.start();
  await door.engine.settled();
  const pushMs = performance.now() - start;
  expect(await door.sync.countPending()).toBe(0);
  door.engine.stop();
  door.db.close();

  // A new tablet joins a busy venue.
  const busy = fakeSyncServer();
  busy.seed([
    ...Array.from({ length: 10_000 }, (_, i) => seedParty(i, now)),
    ...Array.from({ length: 60 }, (_, i) => seedParty(100_000 + i, now)),
  ]);
  const fresh = await pairedTablet(busy, 'new');
  start = performance.now();
  let boardMs = NaN;
  const stop = fresh.engine.history.subscribe((progress) => {
    if (progress && Number.isNaN(boardMs)) boardMs = performance.now() - start; // the board is stored before the history starts
  });
  fresh.engine.start();
  await fresh.engine.settled();
  const allMs = performance.now() - start;
  stop();
  expect((await fresh.parties.readBoard()).length).toBe(60);
  expect(await fresh.db.count('parties')).toBe(10_060);
  fresh.engine.stop();
  fresh.db.close();

  report('Sync, tablet side (Chromium IndexedDB, in-memory fake server)', {
    'push + pull of 1,000 pending changes after a reconnect': once(pushMs),
    'new tablet: board of 60 stored (history starting)': once(boardMs),
    'new tablet: all 10,060 parties stored': once(allMs),
  });
});
