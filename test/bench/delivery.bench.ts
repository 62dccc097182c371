import { expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { createDeliveryLoop } from '../../src/delivery/delivery-loop.ts';
import { pushSender } from '../../src/delivery/push-sender.ts';
import { webLock } from '../../src/platform/exclusive-lock.ts';
import type { FetchLike } from '../../src/pushed/send-push.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';
import { measure, report, summarize } from './stats.ts';

const QUEUED = 1_000;
const TAPS = 100;

const sandboxApi = (path: string, init?: RequestInit) => fetch(`/sandbox/api${path}`, init).then((r) => r.json());
async function subscribedGuest(): Promise<string> {
  const { pushedId } = (await sandboxApi('/guests', { method: 'POST' })) as { pushedId: string };
  await sandboxApi(`/guests/${pushedId}/subscribe`, { method: 'POST' });
  return pushedId;
}

/** The real model, outbox, drain loop and sender, in Chromium, against the Pushed sandbox. */
async function kiosk(onFetch: () => void = () => {}) {
  const db = await openWaitbellDb(`bench-delivery-${crypto.randomUUID()}`);
  const net = fakeConnectivity();
  const outbox = outboxStore(db);
  // Straight to the sandbox: the relay is measured on its own; Table ready alone (no On the list, no Getting close).
  await settingsStore(db).save({ ...SANDBOX_SETTINGS, route: 'direct', onListMessage: false, gettingClosePosition: 0 });
  const timedFetch: FetchLike = (url, init) => (onFetch(), fetch(url, init));
  let model: ReturnType<typeof createBoardModel> | undefined;
  const loop = createDeliveryLoop({
    outbox,
    settings: settingsStore(db),
    send: pushSender(timedFetch, (url) => new URL(url, location.href).href),
    connectivity: net.connectivity,
    lock: webLock(),
    clock: { now: () => Date.now() },
    random: Math.random,
    onChange: (partyId) => void (partyId ? model?.refreshParty(partyId) : model?.refresh()),
  });
  model = createBoardModel({
    store: partyStore(db),
    outbox,
    connectivity: net.connectivity,
    deliver: () => void loop.kick(),
    clock: { now: () => Date.now() },
    newId: () => crypto.randomUUID(),
    feed: fakeFeed().feed,
  });
  await model.refresh();
  const addParty = async (name: string, pushedId: string) => {
    const added = await model.add({ name, size: '2', note: '', quoteMinutes: '', pushedId, email: '' });
    if (!added.ok) throw new Error(`could not add ${name}`);
    return added.party.id;
  };
  return { db, net, loop, model, outbox, addParty };
}

test('Table ready: tap to request, and replaying 1,000 queued notifications', async () => {
  await sandboxApi('/reset', { method: 'POST' });

  // 1. From the tap (model.notify: one transaction, board re-read, drain loop woken) to fetch() being called.
  let fetchedAt = 0;
  const tapper = await kiosk(() => (fetchedAt = performance.now()));
  const ids: string[] = [];
  for (let i = 0; i < TAPS + 3; i++) ids.push(await tapper.addParty(`Tap ${i}`, await subscribedGuest()));
  const tapToFetch: number[] = [];
  await measure(TAPS, async (i) => {
    const id = ids[i < 0 ? TAPS - i - 1 : i]!;
    const tappedAt = performance.now();
    await tapper.model.notify(id);
    await expect.poll(() => fetchedAt >= tappedAt, { interval: 1 }).toBe(true);
    if (i >= 0) tapToFetch.push(fetchedAt - tappedAt);
    await tapper.loop.kick(); // let that send finish before the next tap
  });
  tapper.db.close();

  // 2. 1,000 notifications queued offline, then the network returns.
  await sandboxApi('/reset', { method: 'POST' });
  const replay = await kiosk();
  replay.net.set(false);
  const guests = await Promise.all(Array.from({ length: QUEUED }, () => subscribedGuest()));
  const parties: string[] = [];
  for (const [i, pushedId] of guests.entries())
    parties.push(await replay.addParty(`Guest ${String(i).padStart(4, '0')}`, pushedId));
  const enqueueMs: number[] = [];
  for (const id of parties) {
    const start = performance.now();
    await replay.model.notify(id);
    enqueueMs.push(performance.now() - start);
  }
  expect(await replay.outbox.count()).toBe(QUEUED);

  const replayStart = performance.now();
  replay.net.set(true);
  await replay.loop.kick();
  const replayMs = performance.now() - replayStart;

  const { shipments, pushRequests } = (await sandboxApi('/shipments')) as {
    shipments: { content: string }[];
    pushRequests: number;
  };
  const names = shipments.map((s) => s.content.split(',')[0]!);
  const duplicates = names.length - new Set(names).size;
  const inOrder = names.every((name, i) => i === 0 || name > names[i - 1]!);
  expect(await replay.outbox.count()).toBe(0);
  expect(duplicates).toBe(0);
  replay.db.close();

  report('Table ready (Chromium, real outbox and drain loop, Pushed sandbox on localhost)', {
    'tap → fetch() called for the push': summarize(tapToFetch),
    'Table ready while offline (transaction + board update)': summarize(enqueueMs),
  });
  console.log(
    `  replay of ${QUEUED} queued notifications: ${(replayMs / 1000).toFixed(2)} s, ${((QUEUED / replayMs) * 1000).toFixed(0)} per second` +
      `\n  shipments ${shipments.length}, push requests ${pushRequests}, duplicates ${duplicates}, oldest first: ${inOrder ? 'yes' : 'NO'}\n`,
  );
  expect(shipments).toHaveLength(QUEUED);
  expect(SANDBOX_SETTINGS.apiBaseUrl).toBe('/1');
});
