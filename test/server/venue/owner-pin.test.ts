import { pbkdf2Sync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { runAdminCommand } from '../../../src/server/admin/admin-commands.ts';
import { createHttpServer } from '../../../src/server/http/http-server.ts';
import { serverLogger } from '../../../src/server/log/logger.ts';
import { createServerApp } from '../../../src/server/server-app.ts';
import { SERVER_DEFAULTS } from '../../../src/server/setup/server-config.ts';
import { serverStore } from '../../../src/server/setup/server-store.ts';
import { TOKEN, TOKEN_B } from '../server-process.ts';
import { api, useVenueServer, type ApiAnswer, type VenueServer } from './venue-client.ts';

let server: VenueServer['server'];
useVenueServer((started) => ({ server } = started));

const PIN = '4821';
const RECOVERY = 'ABCD-EFGH-JKMN-PQRS';
/** A PIN record as a tablet makes it (PBKDF2-SHA256, base64), at the lowest work factor the wire takes. */
const slowHash = (text: string) => {
  const salt = randomBytes(16);
  return {
    salt: salt.toString('base64'),
    hash: pbkdf2Sync(text, salt, 1_000, 32, 'sha256').toString('base64'),
    iterations: 1_000,
  };
};
const pinRecord = (pin: string) => ({ ...slowHash(pin), recovery: slowHash(RECOVERY) });

/** The venue's shared settings as a tablet uploads them, with a PIN record. */
async function savePin(pinHash: object, headers: Record<string, string> = {}, token = TOKEN): Promise<ApiAnswer> {
  const now = await api(server.url, '/1/venue/settings', { token });
  const settings = now.json.settings ?? SETTINGS;
  return api(server.url, '/1/venue/settings', {
    token,
    method: 'PUT',
    body: { revision: now.json.revision, settings, pinHash },
    headers,
  });
}
const SETTINGS = {
  venueName: 'Casa Prueba',
  channelAlias: 'Venue',
  subscriptionLink: '',
  template: 'Your table is ready, {name}.',
  contentLimit: 140,
  lateAfterMinutes: 10,
  autoNoShow: false,
  onListMessage: false,
  onListTemplate: "You're on the list, {name}.",
  gettingClosePosition: 0,
  gettingCloseTemplate: "You're next, {name}.",
  defaultQuotes: [15, 20, 30, 40],
};

const pinned = (pin: string) => ({ 'Waitbell-Staff-Pin': pin });
const owner = {
  venue: (headers: Record<string, string>, token = TOKEN) =>
    api(server.url, '/1/venue', { token, method: 'PUT', body: { appKey: 'NewAppKey0000000009' }, headers }),
  code: (headers: Record<string, string>, token = TOKEN) =>
    api(server.url, '/1/pairing-codes', { token, method: 'POST', headers }),
  revoke: (id: string, headers: Record<string, string>, token = TOKEN, body?: unknown) =>
    api(server.url, `/1/devices/${id}/revoke`, { token, method: 'POST', headers, ...(body ? { body } : {}) }),
};
const refusal = (a: ApiAnswer) => [a.status, a.json?.error?.type];

describe('owner actions once the venue has a staff PIN', () => {
  test('the Pushed account, pairing codes and disconnecting need the PIN; a tablet token alone changes nothing', async () => {
    expect((await savePin(pinRecord(PIN))).status).toBe(200); // the venue's first PIN: no PIN to ask for yet
    const back = server.devices[1]!.id;

    expect(refusal(await owner.venue({}, TOKEN_B))).toEqual([403, 'staff_pin_required']);
    expect(refusal(await owner.code({}, TOKEN_B))).toEqual([403, 'staff_pin_required']);
    expect(refusal(await owner.revoke(server.devices[0]!.id, {}, TOKEN_B))).toEqual([403, 'staff_pin_required']);
    const wrong = await owner.venue(pinned('0000'), TOKEN_B);
    expect(refusal(wrong)).toEqual([403, 'staff_pin_wrong']);
    expect(wrong.json.error.message).toBe(
      "The venue server doesn't know this PIN: it may have been changed on another tablet.",
    );
    expect(wrong.json.error.triesLeft).toBe(4);
    // Nothing changed: the key, the tablets, no code made.
    expect((await server.store.venues.venue(server.venue.id))!.appKey).not.toBe('NewAppKey0000000009');
    expect((await server.store.venues.devices(server.venue.id)).every((d) => d.revokedAt === null)).toBe(true);

    expect((await owner.venue(pinned(PIN), TOKEN_B)).json.venue.appKey).toBe('NewAppKey0000000009');
    expect((await owner.code(pinned(PIN))).status).toBe(200);
    // The recovery code the tablet accepts for a forgotten PIN is accepted too.
    expect((await owner.revoke(back, pinned(RECOVERY.toLowerCase()))).status).toBe(200);

    // Each wrong try is logged with the tablet; the PIN is never logged nor echoed.
    const wrongLine = server.logs().find((l) => l.type === 'staff_pin_wrong');
    expect(wrongLine).toMatchObject({ status: 403, device: back, venue: server.venue.id, action: 'venue' });
    // As a value of its own: a request id's hex may hold the same four digits by chance.
    expect(server.text()).not.toMatch(/(?<![0-9a-f-])4821(?![0-9a-f-])|"0000"/);
    expect(wrong.text).not.toContain('0000');
  });

  test('a new PIN needs the current one; the same record sent again (any settings change) needs none', async () => {
    const first = pinRecord(PIN);
    await savePin(first);
    expect(refusal(await savePin(pinRecord('9999'), {}, TOKEN_B))).toEqual([403, 'staff_pin_required']);
    expect(refusal(await savePin(pinRecord('9999'), pinned('1111'), TOKEN_B))).toEqual([403, 'staff_pin_wrong']);
    expect((await api(server.url, '/1/venue/settings', { token: TOKEN })).json.pinHash).toEqual(first);
    expect((await savePin(first, {}, TOKEN_B)).status).toBe(200);
    const changed = await savePin(pinRecord('9999'), pinned(PIN), TOKEN_B);
    expect(changed.status).toBe(200);
    expect(changed.json.pinHash.hash).not.toBe(first.hash);
    expect(server.logs().findLast((l) => l.msg === 'venue settings changed' && l.pin === 'changed')).toMatchObject({
      device: server.devices[1]!.id,
    });
  });

  test('every shared setting needs the PIN once the venue has one: a stolen token can neither move the channel nor put a link in what guests read', async () => {
    await savePin(pinRecord(PIN));
    const upload = async (changes: object, headers: Record<string, string>) => {
      const now = await api(server.url, '/1/venue/settings', { token: TOKEN_B });
      const body = { revision: now.json.revision, settings: { ...now.json.settings, ...changes } };
      return api(server.url, '/1/venue/settings', { token: TOKEN_B, method: 'PUT', body, headers });
    };
    const elsewhere = { channelAlias: 'Elsewhere', subscriptionLink: 'https://elsewhere.example/join' };
    expect(refusal(await upload(elsewhere, {}))).toEqual([403, 'staff_pin_required']);
    expect(refusal(await upload({ subscriptionLink: elsewhere.subscriptionLink }, pinned('0000')))).toEqual([
      403,
      'staff_pin_wrong',
    ]);
    expect(await server.store.venues.venue(server.venue.id)).toMatchObject({
      channelAlias: 'Venue',
      subscriptionLink: '',
    });
    const phishing = { template: 'Table ready, {name}: pay your deposit at https://evil.example' };
    expect(refusal(await upload(phishing, {}))).toEqual([403, 'staff_pin_required']);
    expect(refusal(await upload({ lateAfterMinutes: 1 }, {}))).toEqual([403, 'staff_pin_required']);
    expect((await api(server.url, '/1/venue/settings', { token: TOKEN_B })).json.settings.template).not.toBe(
      phishing.template,
    );
    // The same settings again (a tablet re-sending what the venue has) change nothing and need nothing.
    expect((await upload({}, {})).status).toBe(200);
    expect((await upload(elsewhere, pinned(PIN))).json.settings).toMatchObject(elsewhere);
    const saved = await upload({ template: 'Come in, {name}.' }, pinned(PIN));
    expect(saved.json.settings.template).toBe('Come in, {name}.');
    const devices = await api(server.url, '/1/devices', { token: TOKEN_B });
    const listed = devices.json.devices as { current: boolean; lastOwnerAction: { action: string } | null }[];
    expect(listed.find((d) => d.current)?.lastOwnerAction?.action).toBe('settings');

    // Online check-in switched on, a week of guests' details; then a tablet of a build before both saves the name: both stay.
    const open = { enabled: true, maxWaiting: 20, maxSize: 8, hours: null, timeZone: 'UTC' };
    const week = { personalDataDays: 7, historyMonths: 13 };
    const opened = await upload({ onlineJoins: open, retention: week }, pinned(PIN));
    expect(opened.json.settings).toMatchObject({ onlineJoins: open, retention: week });
    const now = await api(server.url, '/1/venue/settings', { token: TOKEN_B });
    const { onlineJoins: _unknown, retention: _unknownToo, ...older } = now.json.settings;
    const body = { revision: now.json.revision, settings: { ...older, venueName: 'Casa Nueva' } };
    const fromOlder = await api(server.url, '/1/venue/settings', {
      token: TOKEN_B,
      method: 'PUT',
      body,
      headers: pinned(PIN),
    });
    expect(fromOlder.json.settings).toMatchObject({ venueName: 'Casa Nueva', onlineJoins: open, retention: week });
  });

  test("five wrong PINs lock the venue's owner actions for a minute, the right PIN too", async () => {
    await savePin(pinRecord(PIN));
    for (let left = 4; left >= 1; left--)
      expect((await owner.code(pinned('0000'), TOKEN_B)).json.error.triesLeft).toBe(left);
    const fifth = await owner.code(pinned('0000'), TOKEN_B);
    expect(refusal(fifth)).toEqual([429, 'staff_pin_locked']);
    expect(fifth.headers.get('retry-after')).toBe('60');
    const right = await owner.code(pinned(PIN), TOKEN);
    expect(refusal(right)).toEqual([429, 'staff_pin_locked']);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(50);
  });

  test('two server copies on one database share the wrong-PIN budget', async () => {
    await savePin(pinRecord(PIN));
    // Another copy: its own stores and app over the same database.
    const copy = createServerApp({
      store: serverStore(server.store.db, randomBytes(32)),
      upstream: 'http://127.0.0.1:9',
      allowedOrigins: [],
      logger: serverLogger(() => {}),
    });
    const { server: http, connections } = createHttpServer(
      copy,
      { ...SERVER_DEFAULTS, port: 0, host: '127.0.0.1' },
      serverLogger(() => {}),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      const tries: number[] = [];
      for (const base of [server.url, other, server.url, other]) {
        const answer = await api(base, '/1/pairing-codes', { token: TOKEN_B, method: 'POST', headers: pinned('1234') });
        tries.push(answer.json.error.triesLeft);
      }
      expect(tries).toEqual([4, 3, 2, 1]);
      expect(
        refusal(await api(other, '/1/pairing-codes', { token: TOKEN, method: 'POST', headers: pinned('1234') })),
      ).toEqual([429, 'staff_pin_locked']);
      expect(refusal(await owner.code(pinned(PIN)))).toEqual([429, 'staff_pin_locked']);
    } finally {
      await connections.stop(100);
    }
  });

  test('a venue without a PIN yet (first set-up) allows owner actions; the command line forgets a PIN nobody remembers', async () => {
    expect((await owner.code({})).status).toBe(200);
    await savePin(pinRecord(PIN));
    expect(refusal(await owner.code({}))).toEqual([403, 'staff_pin_required']);
    const log = { info: () => {} };
    const forgot = await runAdminCommand(
      server.store.venues,
      { args: ['venue', 'forget-pin', 'Casa Prueba'] },
      { publicUrl: 'https://venue.example', log, via: 'cli' },
    );
    expect(forgot.exitCode).toBe(0);
    expect(forgot.output).toMatch(/^Forgot the staff PIN of Casa Prueba/);
    expect((await api(server.url, '/1/venue/settings', { token: TOKEN })).json.pinHash).toBeNull();
    expect((await owner.code({})).status).toBe(200);
  });
});

describe('disconnecting a tablet', () => {
  /** A tablet paired with a code `token`'s tablet made; its id and token. */
  async function pairFrom(token: string, label: string) {
    const code = (await owner.code({}, token)).json.code as string;
    const paired = await api(server.url, '/1/pair', { body: { code, label } });
    return { id: paired.json.device.id as string, token: paired.json.deviceToken as string };
  }

  test('takes the tablets it paired with it, recursively, but those the owner keeps', async () => {
    const back = server.devices[1]!.id;
    const bar = await pairFrom(TOKEN_B, 'Bar');
    const patio = await pairFrom(bar.token, 'Patio');
    const kept = await pairFrom(TOKEN_B, 'Terrace');
    const underKept = await pairFrom(kept.token, 'Terrace 2');
    const answer = await owner.revoke(back, {}, TOKEN, { keep: [kept.id] });
    expect(answer.status).toBe(200);
    expect((answer.json.revoked as { id: string }[]).map((d) => d.id)).toEqual([back, bar.id, patio.id]);
    for (const token of [bar.token, patio.token])
      expect(refusal(await api(server.url, '/1/venue', { token }))).toEqual([401, 'device_revoked']);
    for (const token of [kept.token, underKept.token])
      expect((await api(server.url, '/1/venue', { token })).status).toBe(200);

    // The list says who paired each tablet, who disconnected it, and each one's last owner action.
    const list = (await api(server.url, '/1/devices', { token: TOKEN })).json.devices as Record<string, unknown>[];
    const byId = Object.fromEntries(list.map((d) => [d.id, d]));
    const front = server.devices[0]!.id;
    expect(byId[back]).toMatchObject({ pairedBy: null, revokedBy: front, lastOwnerAction: { action: 'pairing_code' } });
    expect(byId[patio.id]).toMatchObject({ pairedBy: bar.id, revokedBy: front });
    expect(byId[underKept.id]).toMatchObject({ pairedBy: kept.id, revokedBy: null, lastOwnerAction: null });
    expect(byId[front]).toMatchObject({ lastOwnerAction: { action: 'revoke' } });
    const line = server.logs().find((l) => l.msg === 'tablet revoked');
    expect(line).toMatchObject({ device: front, revoked: [back, bar.id, patio.id].join(','), kept: kept.id });
  });

  test('a keep list that is not a list of tablet ids is refused in words, nothing revoked', async () => {
    const answer = await owner.revoke(server.devices[1]!.id, {}, TOKEN, { keep: 'all' });
    expect(refusal(answer)).toEqual([400, 'invalid_request']);
    expect(answer.json.error.message).toMatch(/^The request to disconnect a tablet was refused, nothing was changed/);
    expect((await server.store.venues.devices(server.venue.id))[1]!.revokedAt).toBeNull();
  });
});
