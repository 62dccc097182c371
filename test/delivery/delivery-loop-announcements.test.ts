import { afterEach, describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { createDeliveryLoop } from '../../src/delivery/delivery-loop.ts';
import { pushSender } from '../../src/delivery/push-sender.ts';
import { inTabLock } from '../../src/platform/exclusive-lock.ts';
import type { FetchLike } from '../../src/pushed/send-push.ts';
import { announcementsStore } from '../../src/storage/announcements-store.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { fakeConnectivity } from '../support/fakes.ts';

const T = 1_700_000_000_000;
let db: WaitbellDb;
afterEach(() => {
  db.close();
  indexedDB.deleteDatabase(db.name);
});

/** The loop over a fresh database, with a Pushed (or relay) that records each request and answers 200. */
async function setup(route: 'direct' | 'relay') {
  db = await openWaitbellDb(`waitbell-loop-announce-${crypto.randomUUID()}`);
  await settingsStore(db).save({ ...SANDBOX_SETTINGS, route, channelAlias: 'VenueAlias' });
  const requests: { url: string; fields: Record<string, string>; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, fields: Object.fromEntries(init.body), headers: init.headers ?? {} });
    return { status: 200, headers: new Headers(), text: async () => '{"response":{"data":{"shipment":"S1"}}}' };
  };
  const told: string[] = [];
  const loop = createDeliveryLoop({
    outbox: outboxStore(db),
    settings: settingsStore(db),
    send: pushSender(fetch, (url) => `https://pushed.test${url}`),
    connectivity: fakeConnectivity().connectivity,
    lock: inTabLock(),
    clock: { now: () => T + 1_000 },
    random: () => 0,
    onChange: (partyId) => told.push(partyId ?? 'board'),
    onAnnouncement: (id) => told.push(`announcement ${id}`),
  });
  return { loop, requests, told, announcements: announcementsStore(db) };
}

describe('the delivery loop sends announcements', () => {
  test('straight to Pushed: target channel with the alias from Settings, or app with none; the list hears each change', async () => {
    const { loop, requests, told, announcements } = await setup('direct');
    await announcements.announce({ id: 'a1', key: 'key-a1', target: 'channel', text: 'Kitchen closes soon' }, T);
    await announcements.announce({ id: 'a2', key: 'key-a2', target: 'app', text: 'Walk-ins welcome' }, T);
    await loop.kick();
    expect(requests.map((r) => r.fields)).toMatchObject([
      { target_type: 'channel', target_alias: 'VenueAlias', content: 'Kitchen closes soon' },
      { target_type: 'app', content: 'Walk-ins welcome' },
    ]);
    expect(requests[1]!.fields).not.toHaveProperty('target_alias');
    expect(told).toEqual([
      'board',
      'announcement a1',
      'board',
      'announcement a1',
      'board',
      'announcement a2',
      'board',
      'announcement a2',
    ]);
    expect((await announcements.list()).map((a) => a.delivery.state)).toEqual(['sent', 'sent']);
  });

  test('through the relay: the announcement’s own key goes with it', async () => {
    const { loop, requests, announcements } = await setup('relay');
    await announcements.announce({ id: 'a1', key: 'key-a1', target: 'channel', text: 'Hello' }, T);
    await loop.kick();
    expect(requests).toMatchObject([
      { fields: { target_type: 'channel', target_alias: 'VenueAlias' }, headers: { 'Idempotency-Key': 'key-a1' } },
    ]);
  });
});
