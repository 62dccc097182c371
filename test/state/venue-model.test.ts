import { describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import type { DemoSync } from '../../src/core/venue.ts';
import { createVenueClient } from '../../src/pushed/venue-client.ts';
import { createVenueModel } from '../../src/state/venue-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { checkInStore } from '../../src/storage/check-in-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { fakeVenueServer } from '../support/fake-venue-server.ts';

const KIOSK = 'http://127.0.0.1:4173';

async function setup(allowedOrigins: string[] = []) {
  const server = fakeVenueServer({ origin: KIOSK });
  const db = await openWaitbellDb(`venue-${crypto.randomUUID()}`);
  const store = settingsStore(db);
  let paired = 0;
  /** What each start-up check told of the demo's shared board. */
  const demoSyncs: (DemoSync | null)[] = [];
  /** The model as the app builds it at each start, over the same database. */
  const start = () =>
    createVenueModel({
      store,
      connect: (c) => createVenueClient({ ...c, fetch: server.fetch }),
      ownOrigin: KIOSK,
      allowedOrigins,
      onPaired: () => void (paired += 1),
      checkIns: checkInStore(db),
      onDemoSync: (demo) => demoSyncs.push(demo),
    });
  const venue = start();
  return { server, store, venue, paired: () => paired, restart: start, demoSyncs };
}

describe('pairing this tablet', () => {
  test('a scanned link for the kiosk’s own server saves the same-origin path, the token and the venue’s details', async () => {
    const { server, store, venue, paired } = await setup();
    const code = server.addCode();
    expect(await venue.pair(`${KIOSK}/pair?code=${code}`, 'Front stand')).toEqual({
      ok: true,
      venueName: 'Casa Prueba',
      label: 'Front stand',
    });
    const saved = await store.read();
    expect(saved).toMatchObject({
      route: 'relay',
      relayUrl: '/relay/1',
      deviceToken: server.devices[0]!.token,
      venueName: 'Casa Prueba',
      channelAlias: 'CasaPrueba',
      subscriptionLink: 'https://pushed.co/s/Casa1',
      template: SANDBOX_SETTINGS.template, // everything else as it was
    });
    expect(server.requests[0]?.url).toBe(`${KIOSK}/relay/1/pair`);
    expect(await store.readPublic()).not.toHaveProperty('deviceToken');
    expect(paired()).toBe(1);
  });

  test('a typed code pairs with the kiosk’s own server', async () => {
    const { server, store, venue } = await setup();
    const code = server.addCode().toLowerCase().replace(/-/g, ' ');
    expect((await venue.pair(code, '')).ok).toBe(true);
    expect((await store.read()).relayUrl).toBe('/relay/1');
  });

  test('a code for a server this build may not reach is refused by name, sending nothing and changing nothing', async () => {
    const { server, store, venue } = await setup();
    const before = await store.read();
    expect(await venue.pair('https://venue.example/pair?code=K7QM-3XDP-9RTA', '')).toEqual({
      ok: false,
      problem: { kind: 'other_origin', origin: 'https://venue.example' },
    });
    expect(server.requests).toEqual([]);
    expect(await store.read()).toEqual(before);
  });

  test('a used code: nothing saved, and the reason comes back', async () => {
    const { server, store, venue } = await setup();
    const code = server.addCode();
    await venue.pair(code, 'A');
    await store.save(SANDBOX_SETTINGS);
    expect(await venue.pair(code, 'B')).toEqual({ ok: false, problem: { kind: 'used_code' } });
    expect(await store.read()).toEqual(SANDBOX_SETTINGS);
  });
});

describe('a paired tablet', () => {
  async function paired() {
    const s = await setup();
    await s.venue.pair(s.server.addCode(), 'Front stand');
    return s;
  }

  test('reads the venue and its tablets; this one is marked', async () => {
    const { server, venue } = await paired();
    server.addDevice('Patio');
    await venue.load();
    expect(venue.venue.value).toMatchObject({ name: 'Casa Prueba', hasAppSecret: false });
    expect(venue.devices.value?.map((d) => [d.label, d.current])).toEqual([
      ['Front stand', true],
      ['Patio', false],
    ]);
    expect(server.requests.at(-1)?.auth).toMatch(/^Bearer tok/);
  });

  test('saving the Pushed account: the server keeps the secret, this tablet mirrors the channel', async () => {
    const { server, store, venue } = await paired();
    const result = await venue.saveVenue({ appKey: 'Key1', appSecret: 'Secret1', channelAlias: 'NewChan' });
    expect(result).toMatchObject({ ok: true, value: { appKey: 'Key1', hasAppSecret: true } });
    expect(server.venue.appSecret).toBe('Secret1');
    expect((await store.read()).channelAlias).toBe('NewChan');
    expect((await store.read()).appSecret).toBe(SANDBOX_SETTINGS.appSecret); // the venue's secret never lands here
  });

  test('disconnected: any call raises the banner, nothing saved is touched; pairing again lowers it', async () => {
    const { server, store, venue } = await paired();
    const before = await store.read();
    server.revokeAll();
    await venue.load();
    expect(venue.revoked.value).toBe(true);
    expect(venue.loadProblem.value).toEqual({ kind: 'revoked' });
    expect(await store.read()).toEqual(before);
    await venue.pair(server.addCode(), 'Front stand again');
    expect(venue.revoked.value).toBe(false);
  });

  test('a push held back because this tablet was disconnected raises the banner; a delivered one lowers it', async () => {
    const { venue } = await setup();
    venue.notePush({ kind: 'held', why: 'venue_not_configured' });
    expect(venue.revoked.value).toBe(false);
    venue.notePush({ kind: 'held', why: 'device_revoked' });
    expect(venue.revoked.value).toBe(true);
    venue.notePush({ kind: 'delivered', shipmentId: null });
    expect(venue.revoked.value).toBe(false);
  });
});

describe('at start-up', () => {
  test('a paired tablet disconnected while it was off says so at once; a connected one says nothing; a direct one asks nothing', async () => {
    const { server, store, venue } = await setup();
    expect((await venue.pair(server.addCode(), 'Front stand')).ok).toBe(true);
    await venue.check();
    expect(venue.revoked.value).toBe(false);
    server.devices[0]!.revokedAt = new Date().toISOString(); // the owner disconnected it meanwhile
    await venue.check();
    expect(venue.revoked.value).toBe(true);

    await store.save({ ...(await store.read()), route: 'direct', apiBaseUrl: '/1' });
    const asked = server.requests.length;
    await venue.check();
    expect(server.requests).toHaveLength(asked); // sends straight to Pushed: no venue server to ask
  });

  test('opened from a venue server that does not know the demo token: not connected to the venue yet, and its pushes wait unsent until pairing', async () => {
    const { server, store, venue } = await setup();
    await venue.check(); // still the built-in demo account, at a real venue server
    expect(server.requests).toHaveLength(1);
    expect(venue.unpaired.value).toBe(true);
    expect(venue.revoked.value).toBe(false);
    expect(venue.holdBeforeSending(await store.read())).toEqual({ kind: 'held', why: 'not_paired' });
    expect((await venue.pair(server.addCode(), 'Front stand')).ok).toBe(true);
    expect(venue.unpaired.value).toBe(false);
    expect(venue.holdBeforeSending(await store.read())).toBeNull(); // now it sends, with its own token
  });

  test('the demo’s own server (it knows the demo token), or a server that cannot be reached, leaves the demo as it was', async () => {
    const { server, venue } = await setup();
    server.devices.push({
      id: 'dev_demo',
      label: 'Demo tablet',
      token: SANDBOX_SETTINGS.deviceToken,
      pairedAt: new Date().toISOString(),
      lastSeenAt: null,
      revokedAt: null,
      pairedBy: null,
      revokedBy: null,
      lastOwnerAction: null,
    });
    await venue.check();
    expect(venue.unpaired.value).toBe(false);
    server.devices.length = 0;
    server.setDown(true);
    await venue.check();
    expect(venue.unpaired.value).toBe(false);
    expect(venue.holdBeforeSending(SANDBOX_SETTINGS)).toBeNull(); // the demo sends as before
  });

  test('the demo tablet syncs only with a demo server that says it shares its board; a paired tablet is never told to', async () => {
    const { server, store, venue, demoSyncs } = await setup();
    const demoDevice = server.devices.length;
    server.devices.push({
      id: 'dev_demo',
      label: 'Demo tablet',
      token: SANDBOX_SETTINGS.deviceToken,
      pairedAt: new Date().toISOString(),
      lastSeenAt: null,
      revokedAt: null,
      pairedBy: null,
      revokedBy: null,
      lastOwnerAction: null,
    });
    await venue.check(); // the demo's server, its board private
    server.setDemoSync(true);
    await venue.check();
    server.setDown(true);
    await venue.check(); // out of reach: nothing said either way
    server.setDown(false);
    expect(demoSyncs).toEqual([null, { venueId: expect.any(String), deviceId: 'dev_demo' }]);

    server.devices.splice(demoDevice, 1);
    await venue.check(); // a venue's server that does not know the demo token
    expect(demoSyncs.at(-1)).toBeNull();
    expect((await venue.pair(server.addCode(), 'Front stand')).ok).toBe(true);
    const told = demoSyncs.length;
    await venue.check(); // paired: the server's word is not for it
    expect(demoSyncs).toHaveLength(told);
    expect((await store.read()).deviceToken).not.toBe(SANDBOX_SETTINGS.deviceToken);
  });

  test('the venue’s check-in page is read with the check, kept while the server is out of reach, and dropped once the tablet is disconnected', async () => {
    const { server, venue, restart } = await setup();
    expect((await venue.pair(server.addCode(), 'Front stand')).ok).toBe(true);
    await venue.check();
    expect(venue.checkIn.value).toBeNull(); // a server that names none
    server.setCheckIn({ code: 'K7QM2P', url: 'https://waitlist.example.com/v/K7QM2P' });
    await venue.check();
    expect(venue.checkIn.value).toEqual({ code: 'K7QM2P', url: 'https://waitlist.example.com/v/K7QM2P' });
    server.setDown(true);
    await venue.check();
    expect(venue.checkIn.value?.url).toBe('https://waitlist.example.com/v/K7QM2P');
    // Started again while the server is out of reach: the page known before shows.
    const again = restart();
    await again.check();
    expect(again.checkIn.value?.url).toBe('https://waitlist.example.com/v/K7QM2P');
    server.setDown(false);
    server.devices[0]!.revokedAt = new Date().toISOString();
    await venue.check();
    expect(venue.checkIn.value).toBeNull();
    expect(restart().checkIn.value).toBeNull();
    const later = restart();
    server.setDown(true);
    await later.check();
    expect(later.checkIn.value).toBeNull(); // dropped for good, not brought back from storage
  });

  test('a push the venue server refused for the demo token lowers nothing and raises "not connected yet"', async () => {
    const { venue } = await setup();
    venue.notePush({ kind: 'held', why: 'not_paired' });
    expect(venue.unpaired.value).toBe(true);
    expect(venue.revoked.value).toBe(false);
  });
});
