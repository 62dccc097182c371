import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS, type VenueSettings } from '../../src/core/settings.ts';
import { createVenueClient, type VenueFetch } from '../../src/pushed/venue-client.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { createSharedSettingsSync } from '../../src/state/shared-settings-sync.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { sharedSyncStore } from '../../src/storage/shared-sync-store.ts';
import { fakeUpstream, TOKEN, TOKEN_B } from '../server/server-process.ts';
import { startRelayServer } from '../server/in-process-server.ts';
import { api, secondVenue } from '../server/venue/venue-client.ts';

let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let server: Awaited<ReturnType<typeof startRelayServer>>;
beforeEach(async () => {
  upstream = await fakeUpstream();
  server = await startRelayServer(upstream.url);
}, 60_000);
afterEach(async () => {
  await server.close();
  await upstream.close();
});

const PIN = '246813';

/** One tablet of the venue: its own IndexedDB, paired with the server by `token`, a network that can be cut. */
async function tablet(token: string, own: Partial<VenueSettings> = {}, reopened?: string) {
  const name = reopened ?? `shared-${crypto.randomUUID()}`;
  const db = await openWaitbellDb(name);
  const settings = settingsStore(db);
  const pins = pinStore(db);
  if (!reopened)
    await settings.save({
      ...SANDBOX_SETTINGS,
      route: 'relay',
      relayUrl: `${server.url}/1`,
      deviceToken: token,
      venueName: 'Casa Prueba',
      channelAlias: 'Venue',
      ...own,
    });
  const net = {
    online: true,
    bodies: [] as string[],
    urls: [] as string[],
    beforePut: null as (() => Promise<void>) | null,
  };
  const netFetch: VenueFetch = async (url, init) => {
    if (!net.online) throw new TypeError('Failed to fetch');
    net.urls.push(url);
    if (init.body) net.bodies.push(init.body);
    if (init.method === 'PUT' && net.beforePut) {
      const hook = net.beforePut;
      net.beforePut = null;
      await hook();
    }
    return fetch(url, init);
  };
  let adopted = 0;
  let pinModel: ReturnType<typeof createPinModel> | undefined;
  const shared = createSharedSettingsSync({
    settings,
    pins,
    sync: sharedSyncStore(db),
    connect: (c) => createVenueClient({ ...c, fetch: netFetch }),
    ownOrigin: 'http://127.0.0.1:4173',
    onAdopted: () => void (adopted += 1),
    staffPin: () => pinModel?.staffPin() ?? null,
    onPinUploaded: () => pinModel?.pinUploaded(),
  });
  const model = createSettingsModel({ store: settings, pins, shared });
  const pin = (pinModel = createPinModel({ store: pins, clock: { now: () => Date.now() }, shared }));
  /** Saves the settings form with these changes, as the host's Save does. */
  const save = async (changes: Partial<VenueSettings>) => {
    const saved = await settings.read();
    return model.save({ ...saved, appSecret: '', deviceToken: '', ...changes });
  };
  /** The app started again (a reload, a crash) over what this tablet stored: nothing held in memory is left. */
  const restart = () => tablet(token, own, name);
  return { settings, pins, model, pin, shared, net, save, restart, adopted: () => adopted };
}

/** What the server holds now, as any tablet of the venue reads it. */
const onServer = async () => (await api(server.url, '/1/venue/settings', { token: TOKEN })).json;

describe('the venue settings on every tablet', () => {
  test('the first tablet sets the venue up; a joining tablet takes the venue’s and keeps its own connection', async () => {
    const a = await tablet(TOKEN, { lateAfterMinutes: 25, template: 'Hi {name}, your table at {venue} is ready' });
    expect(await a.model.pullSettings()).toEqual({ kind: 'in_sync', revision: 1 });
    expect((await onServer()).settings).toMatchObject({ lateAfterMinutes: 25, venueName: 'Casa Prueba' });

    const b = await tablet(TOKEN_B, { venueName: 'Demo Bistro', lateAfterMinutes: 10, autoNoShow: true });
    expect(await b.model.pullSettings()).toEqual({ kind: 'in_sync', revision: 1 });
    expect(await b.settings.read()).toEqual({
      ...(await a.settings.read()),
      deviceToken: TOKEN_B, // its own token, route and server stay its own
    });
    expect(b.model.current.value).toMatchObject({ venueName: 'Casa Prueba', lateAfterMinutes: 25, autoNoShow: false });
    expect(b.adopted()).toBe(1);
    expect((await onServer()).revision).toBe(1); // taking the venue's uploads nothing
  });

  test('a change saved on one tablet is on the other after its next pull; unchanged fields stay', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    await b.model.pullSettings();
    expect(await a.save({ gettingClosePosition: 3, onListMessage: false })).toEqual({ ok: true });
    await a.model.pushSettings();
    await b.model.pullSettings();
    expect(await b.settings.read()).toMatchObject({
      gettingClosePosition: 3,
      onListMessage: false,
      deviceToken: TOKEN_B,
    });
  });

  test('saved offline: kept on the tablet at once, uploaded when the server answers again', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    await b.model.pullSettings();
    b.net.online = false;
    expect(await b.save({ autoNoShow: true, lateAfterMinutes: 20 })).toEqual({ ok: true });
    expect(await b.model.pushSettings()).toEqual({ kind: 'offline', waiting: true });
    expect(b.model.current.value).toMatchObject({ autoNoShow: true, lateAfterMinutes: 20 });
    expect((await onServer()).settings).toMatchObject({ autoNoShow: false });

    b.net.online = true;
    expect(await b.model.pushSettings()).toEqual({ kind: 'in_sync', revision: 2 });
    await a.model.pullSettings();
    expect(await a.settings.read()).toMatchObject({ autoNoShow: true, lateAfterMinutes: 20 });
    expect(await b.model.pushSettings()).toEqual({ kind: 'in_sync', revision: 2 }); // nothing left: nothing sent
  });

  test('both changed while one was offline: different fields both stand; the same field, the later one, and its host is told', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    await b.model.pullSettings();
    a.net.online = false;
    await a.save({ venueName: 'Casa A', contentLimit: 120 });
    await b.save({ venueName: 'Casa B', lateAfterMinutes: 30 });
    await b.model.pushSettings();

    a.net.online = true;
    expect(await a.model.pushSettings()).toEqual({ kind: 'in_sync', revision: 3 });
    expect(a.model.sharedConflict?.value).toEqual(['venueName']);
    expect(await a.settings.read()).toMatchObject({ venueName: 'Casa A', contentLimit: 120, lateAfterMinutes: 30 });
    await b.model.pullSettings();
    expect(await b.settings.read()).toMatchObject({ venueName: 'Casa A', contentLimit: 120, lateAfterMinutes: 30 });
    expect(b.model.sharedConflict?.value).toBeNull();
  });

  test('another tablet saving in the middle of an upload: refused as stale (409), merged again, nothing lost', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    await b.model.pullSettings();
    await a.save({ autoNoShow: true });
    await a.model.pushSettings(); // wait for the save's own upload to end before the next one
    a.net.beforePut = async () => {
      await b.save({ lateAfterMinutes: 40 });
      await b.model.pushSettings();
    };
    await a.save({ contentLimit: 100 });
    await a.model.pushSettings();
    expect(server.logs().filter((l) => l.type === 'settings_changed')).toHaveLength(1); // the stale upload
    expect((await onServer()).settings).toMatchObject({ autoNoShow: true, contentLimit: 100, lateAfterMinutes: 40 });
    expect(await a.settings.read()).toMatchObject({ autoNoShow: true, contentLimit: 100, lateAfterMinutes: 40 });
  });

  test('a PIN chosen on one tablet unlocks every tablet, also offline; only its hash ever leaves the tablet', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    await b.model.pullSettings();
    const chosen = await a.pin.choosePin(PIN, PIN);
    expect(chosen.ok).toBe(true);
    expect(await a.pin.confirmRecoveryCode()).toBe(true);
    await a.model.pushSettings();
    expect((await onServer()).pinHash).toMatchObject({ iterations: expect.any(Number) });

    await b.model.pullSettings();
    await b.pin.load();
    expect(b.pin.state.value).toMatchObject({ kind: 'set', hasRecovery: true });
    b.net.online = false;
    expect(await b.pin.unlock('000000')).toEqual({ ok: false, triesLeft: 4 });
    expect(await b.pin.unlock(PIN)).toEqual({ ok: true });
    // The wrong try counted on B only: lockout counters are each tablet's own.
    expect((await a.pins.read())?.failures).toBe(0);

    const sent = [...a.net.bodies, ...b.net.bodies, ...a.net.urls, ...b.net.urls].join('\n');
    expect(sent).not.toContain(PIN);
    if (chosen.ok) expect(sent).not.toContain(chosen.recoveryCode);
    expect(server.text()).not.toContain((await a.pins.read())!.hash);
  });

  test('a new PIN carries the code that opened Settings; made offline and uploaded after they closed, it is refused: the venue’s PIN comes back and the host is told', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    const first = await a.pin.choosePin(PIN, PIN);
    await a.pin.confirmRecoveryCode();
    await a.model.pushSettings();
    const venuePin = (await onServer()).pinHash;
    await b.model.pullSettings();
    if (!first.ok) throw new Error('no first PIN');

    // Offline, A resets the PIN with the recovery code; Settings close before it is uploaded.
    a.net.online = false;
    expect(await a.pin.recover(first.recoveryCode)).toEqual({ ok: true });
    expect((await a.pin.choosePin('1357', '1357')).ok).toBe(true);
    await a.pin.confirmRecoveryCode();
    a.pin.forget();
    const again = await a.restart(); // the app restarted before the network came back: the code is gone
    expect(await again.model.pushSettings()).toMatchObject({ kind: 'in_sync' });
    expect((await onServer()).pinHash).toEqual(venuePin);
    expect(again.model.sharedPinRefused?.value).toBe(true);
    expect(await again.pin.unlock(PIN)).toEqual({ ok: true });

    // Online, B does the same with Settings open: the change carries the code, and the new PIN counts after.
    expect(await b.pin.recover(first.recoveryCode)).toEqual({ ok: true });
    expect((await b.pin.choosePin('1357', '1357')).ok).toBe(true);
    await b.pin.confirmRecoveryCode();
    await b.model.pushSettings();
    expect((await onServer()).pinHash.hash).not.toBe(venuePin.hash);
    expect(b.pin.staffPin()).toBe('1357');
    expect(b.model.sharedPinRefused?.value).toBe(false);
    b.pin.forget();
    expect(b.pin.staffPin()).toBeNull();
  });

  test('a setting saved offline goes up with the PIN that opened Settings when the network is back; after a restart it is refused: the venue’s comes back and the host is told which', async () => {
    const a = await tablet(TOKEN);
    await a.model.pullSettings();
    await a.pin.choosePin(PIN, PIN);
    await a.pin.confirmRecoveryCode();
    await a.model.pushSettings();
    const venueTemplate = (await onServer()).settings.template;

    // Saved offline; Save closes Settings: the PIN that opened them goes up with the change when the network is back.
    a.net.online = false;
    expect(await a.pin.unlock(PIN)).toEqual({ ok: true });
    expect(await a.save({ template: 'Come in, {name}: we have cake.' })).toEqual({ ok: true });
    expect(await a.model.pushSettings()).toEqual({ kind: 'offline', waiting: true });
    a.pin.forget();
    a.net.online = true;
    expect(await a.model.pushSettings()).toMatchObject({ kind: 'in_sync' });
    expect((await onServer()).settings.template).toBe('Come in, {name}: we have cake.');

    // Saved offline, and the app restarted before the network came back: the PIN is gone, the change refused.
    a.net.online = false;
    expect(await a.pin.unlock(PIN)).toEqual({ ok: true });
    expect(await a.save({ lateAfterMinutes: 9 })).toEqual({ ok: true });
    a.pin.forget();
    const again = await a.restart();
    expect(await again.model.pushSettings()).toMatchObject({ kind: 'in_sync' });
    expect((await onServer()).settings.lateAfterMinutes).not.toBe(9);
    expect((await again.settings.read()).lateAfterMinutes).toBe((await onServer()).settings.lateAfterMinutes);
    expect(again.model.sharedSettingsRefused?.value).toEqual(['lateAfterMinutes']);
    expect(venueTemplate).not.toBe('Come in, {name}: we have cake.');
  });

  test('Online check-in saved with the PIN that opened Settings is every tablet’s; the same change without it is refused and taken back', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    await b.model.pullSettings();
    await a.pin.choosePin(PIN, PIN);
    await a.pin.confirmRecoveryCode();
    await a.model.pushSettings();
    const online = {
      enabled: true,
      maxWaiting: 12,
      maxSize: 6,
      hours: { from: '17:30', to: '23:00' },
      timeZone: 'Europe/Madrid',
    };
    expect(await a.pin.unlock(PIN)).toEqual({ ok: true });
    expect(await a.save({ onlineJoins: online })).toEqual({ ok: true });
    expect(await a.model.pushSettings()).toMatchObject({ kind: 'in_sync' });
    a.pin.forget();
    await b.model.pullSettings();
    expect((await b.settings.read()).onlineJoins).toEqual(online);

    // Saved offline, then the app restarted before the network came back: no PIN goes with it.
    a.net.online = false;
    expect(await a.pin.unlock(PIN)).toEqual({ ok: true });
    expect(await a.save({ onlineJoins: { ...online, enabled: false } })).toEqual({ ok: true });
    a.pin.forget();
    const again = await a.restart();
    expect(await again.model.pushSettings()).toMatchObject({ kind: 'in_sync' });
    expect((await again.settings.read()).onlineJoins).toEqual(online);
    expect(again.model.sharedSettingsRefused?.value).toEqual(['onlineJoins']);
  });

  test('a PIN nobody remembers, forgotten on the venue server by its owner: every tablet opens Settings without one, and the next PIN chosen is the venue’s', async () => {
    const a = await tablet(TOKEN);
    const b = await tablet(TOKEN_B);
    await a.model.pullSettings();
    await a.pin.choosePin(PIN, PIN);
    await a.pin.confirmRecoveryCode();
    await a.model.pushSettings();
    await b.model.pullSettings();
    expect(await b.pins.read()).not.toBeNull();

    await server.store.venues.forgetPin(server.venue.id);
    await b.model.pullSettings();
    await b.pin.load();
    expect(b.pin.state.value).toEqual({ kind: 'unset' });
    expect((await b.pin.choosePin('1357', '1357')).ok).toBe(true);
    await b.pin.confirmRecoveryCode();
    await b.model.pushSettings();
    await a.model.pullSettings();
    expect(await a.pin.unlock('1357')).toEqual({ ok: true });
  });

  test('a venue setting this tablet would refuse (a channel emptied on the server) keeps the tablet’s own, the rest is taken', async () => {
    const a = await tablet(TOKEN);
    await a.model.pullSettings();
    await server.store.venues.updateVenue(server.venue.id, { channelAlias: '', name: 'Casa Renombrada' });
    expect(await a.model.pullSettings()).toEqual({ kind: 'in_sync', revision: 2 });
    expect(await a.settings.read()).toMatchObject({ venueName: 'Casa Renombrada', channelAlias: 'Venue' });
    // Not pushed back either: the owner's change stands on the server until a host changes the field here.
    expect((await onServer()).settings).toMatchObject({ venueName: 'Casa Renombrada', channelAlias: '' });
  });

  test('the server refusing this tablet’s settings: they stay on the tablet, and the status names the fields', async () => {
    const a = await tablet(TOKEN);
    await a.model.pullSettings();
    // A rule the server has and this (older) tablet does not: the server's venue row takes names up to 60 characters.
    await a.settings.save({ ...(await a.settings.read()), channelAlias: 'x'.repeat(201) });
    await a.shared.noteChange(['channelAlias']);
    expect(await a.model.pushSettings()).toEqual({ kind: 'refused', fields: ['channelAlias'] });
    expect((await a.settings.read()).channelAlias).toBe('x'.repeat(201));
    expect(await onServer()).toMatchObject({ settings: { channelAlias: 'Venue' }, revision: 1 });
  });

  test('paired again with another venue: that venue’s settings are taken; nothing waiting for the first venue goes there', async () => {
    const a = await tablet(TOKEN);
    await a.model.pullSettings();
    a.net.online = false;
    await a.save({ lateAfterMinutes: 33 }); // waiting for venue 1, when the tablet moves
    const other = await secondVenue(server, 'Otro Sitio');
    const theirs = { ...(await onServer()).settings, venueName: 'Otro Sitio', channelAlias: 'Otro', autoNoShow: true };
    await api(server.url, '/1/venue/settings', {
      token: other.token,
      method: 'PUT',
      body: { revision: 0, settings: theirs },
    });

    await a.settings.save({ ...(await a.settings.read()), deviceToken: other.token }); // as pairing saves it
    a.net.online = true;
    expect(await a.model.settingsPaired()).toEqual({ kind: 'in_sync', revision: 1 });
    expect(await a.settings.read()).toMatchObject({
      venueName: 'Otro Sitio',
      autoNoShow: true,
      lateAfterMinutes: SANDBOX_SETTINGS.lateAfterMinutes,
    });
    const venue2 = await api(server.url, '/1/venue/settings', { token: other.token });
    expect(venue2.json).toMatchObject({
      revision: 1,
      settings: { lateAfterMinutes: SANDBOX_SETTINGS.lateAfterMinutes },
    });
  });

  test('a tablet not paired with a venue server (the demo) keeps its settings to itself and asks nothing', async () => {
    const demo = await tablet(TOKEN, { ...SANDBOX_SETTINGS });
    expect(await demo.save({ lateAfterMinutes: 22 })).toEqual({ ok: true });
    expect(await demo.model.pullSettings()).toEqual({ kind: 'unpaired' });
    expect(demo.net.urls).toEqual([]);
    expect((await onServer()).settings).toBeNull();
  });
});
