import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ONLINE_JOINS_DEFAULTS, type OnlineJoins } from '../../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings } from '../../../src/core/shared-settings.ts';
import { newDeviceToken } from '../../../src/server/venue/venue-store.ts';
import { sharedSettingsStore } from '../../../src/server/venue/shared-settings-store.ts';
import { startRelayServer } from '../in-process-server.ts';
import { api } from '../venue/venue-client.ts';
import { addOf, change, syncChanges, syncPush } from '../sync/sync-client.ts';
import { guestPhone } from './guest-client.ts';

const NOWHERE = 'http://127.0.0.1:9/1'; // no test here sends to Pushed
const PUBLIC = 'https://waitlist.example';
/** A guest's phone on the guest page at the server's public address. */
const phoneOn = (base: string, headers: Record<string, string> = {}) =>
  guestPhone(base, { Origin: PUBLIC, ...headers });
let server!: Awaited<ReturnType<typeof startRelayServer>>;
let appDir!: string;

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'waitbell-guest-app-'));
  await writeFile(join(appDir, 'index.html'), '<!doctype html><title>Waitbell</title>');
  await mkdir(join(appDir, 'src', 'guest'), { recursive: true });
  await writeFile(join(appDir, 'src', 'guest', 'guest.html'), '<!doctype html><title>Check in</title>');
  server = await startRelayServer(NOWHERE, {
    appDir,
    publicUrl: PUBLIC,
    allowedOrigins: ['https://kiosk.example', 'http://192.168.1.20:8080'],
    guest: { joinsPerAddress: 1_000, joinsPerVenue: 1_000 },
    board: { maxParties: 4 },
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(appDir, { recursive: true, force: true });
});

let venues = 0;
/** A venue of its own for one test: its code, its tablet's token, online joins as given. */
async function venueWith(joins: Partial<OnlineJoins> | null) {
  const venue = await server.store.venues.createVenue(`Casa ${++venues}`);
  const token = newDeviceToken();
  await server.store.venues.addDevice(venue.id, 'Front stand', token);
  if (joins)
    await sharedSettingsStore(server.store.db).save(venue.id, null, 0, {
      settings: sharedSettings({
        ...SANDBOX_SETTINGS,
        venueName: venue.name,
        onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true, ...joins },
      }),
    });
  const code = (await server.store.venues.code(venue.id))!;
  return { venueId: venue.id, code, token };
}

const ana = { name: 'Ana Torres', size: 2, language: 'es' };

/** A join whose Host header is `host` (fetch always sends the URL's own): what a DNS-rebinding page sends. */
function joinVia(base: string, code: string, { origin, host }: { origin: string; host: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/1/guest/venues/${code}/join`, {
      method: 'POST',
      headers: { Host: host, Origin: origin, 'Content-Type': 'application/json' },
    });
    req.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
    req.on('error', reject);
    req.end(JSON.stringify(ana));
  });
}

describe('joining online', () => {
  test('a guest joins: 201 with a ticket and their status; every tablet pulls the row as "Online check-in"', async () => {
    const { code, token } = await venueWith({});
    const phone = phoneOn(server.url);
    const joined = await phone.join(code.toLowerCase(), { ...ana, note: 'Window', phone: '+34 600 12 34 56' });
    expect(joined.status).toBe(201);
    expect(joined.json.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(joined.json.status).toMatchObject({
      venue: { code },
      party: { name: 'Ana Torres', size: 2 },
      state: 'waiting',
      place: 1,
      ahead: 0,
    });

    const pulled = await syncChanges(server.url, token);
    const row = pulled.json.parties[0];
    expect(row.party).toMatchObject({ name: 'Ana Torres', joinedVia: 'online', phone: '+34600123456', note: 'Window' });
    expect(row.party.joinedPosition).toBe(1);
    // The server's own estimate is the guest's quote, and what Waitbell suggested (the venue's usual 15 for two).
    expect([row.party.quoteMinutes, row.party.suggestedMinutes]).toEqual([15, 15]);
    expect(pulled.json.tablets).toEqual({ 'guest-page': 'Online check-in' });
  });

  test('the check-in page reads the venue, whether it takes joins, and the wait per size', async () => {
    const { code } = await venueWith({ maxSize: 6 });
    const read = await phoneOn(server.url).venue(code);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      venue: { code },
      joins: { open: true, maxSize: 6 },
      wait: { waiting: 0 },
      keptDays: 30,
      pushed: false,
    });
    expect(read.json.wait.minutes).toHaveLength(4);
    expect((await phoneOn(server.url).venue('ZZZZZZ')).json.error.code).toBe('unknown_venue');
  });

  test('every refusal of a join is in words, and nothing is added', async () => {
    const phone = phoneOn(server.url);
    const paused = await venueWith({ enabled: false });
    expect((await phone.join(paused.code, ana)).json.error).toMatchObject({ code: 'joins_paused' });
    const never = await venueWith(null);
    const notSetUp = await phone.join(never.code, ana);
    expect(notSetUp.status).toBe(409);
    expect(notSetUp.json.error).toMatchObject({
      code: 'joins_not_set_up',
      message: 'This restaurant hasn’t set up online check-in yet: please see the host.',
    });
    expect((await phone.venue(never.code)).json.joins).toMatchObject({ open: false, why: 'not_set_up' });

    // Open one minute a day, at a minute that is never now: closed, and says when it opens.
    const minute = new Date(Date.now() + 12 * 60 * 60_000).toISOString().slice(11, 16);
    const later = new Date(Date.now() + 12 * 60 * 60_000 + 60_000).toISOString().slice(11, 16);
    const closed = await venueWith({ hours: { from: minute, to: later }, timeZone: 'UTC' });
    const answer = await phone.join(closed.code, ana);
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatchObject({ code: 'joins_closed_now', opensAt: minute });

    const small = await venueWith({ maxWaiting: 1, maxSize: 4 });
    expect((await phone.join(small.code, { ...ana, size: 5 })).json.error).toMatchObject({
      code: 'party_too_large',
      maxSize: 4,
    });
    expect((await phone.join(small.code, ana)).status).toBe(201);
    const full = await phone.join(small.code, { ...ana, name: 'Bo' });
    expect(full.status).toBe(409);
    expect(full.json.error.code).toBe('online_full');

    const bad = await phone.join(small.code, { name: ' ', size: 0, phone: 'call me', language: 'en' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_fields');
    expect(bad.json.error.problems).toEqual([
      { field: 'name', problem: 'required' },
      { field: 'size', problem: 'out_of_range' },
      { field: 'phone', problem: 'not_a_phone' },
    ]);
    expect((await phone.join(small.code, { ...ana, admin: true })).json.error.code).toBe('invalid_request');
    const form = await api(server.url, `/1/guest/venues/${small.code}/join`, {
      method: 'POST',
      headers: { Origin: PUBLIC, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect((await phone.join('ZZZZZZ', ana)).status).toBe(404);
  });

  test('a full board refuses a join as the tablets are refused', async () => {
    const { code, token } = await venueWith({});
    await syncPush(
      server.url,
      token,
      ['A', 'B', 'C', 'D'].map((name) => addOf(name).add),
    );
    const answer = await phoneOn(server.url).join(code, ana);
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe('board_full');
  });

  test('a POST from anywhere but the guest page is refused 403 wrong_origin', async () => {
    const { code } = await venueWith({});
    const from = (headers: Record<string, string>) =>
      api(server.url, `/1/guest/venues/${code}/join`, { body: ana, headers });
    expect((await from({})).json.error.code).toBe('wrong_origin');
    expect((await from({ Origin: 'https://evil.example' })).status).toBe(403);
    expect((await from({ Origin: server.url, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await from({ Origin: PUBLIC })).status).toBe(201); // the public address
    expect((await from({ Origin: 'http://192.168.1.20:8080' })).status).toBe(201); // an address the operator named
    // The server's own host, or a page on a rebinding domain (its name as Host too): no configured origin, no join.
    expect((await from({ Origin: server.url })).status).toBe(403);
    expect(await joinVia(server.url, code, { origin: 'http://rebind.example:8080', host: 'rebind.example:8080' })).toBe(
      403,
    );
  });

  test('without a public address, a POST from the very host it was sent to is the guest page', async () => {
    const bare = await startRelayServer(NOWHERE, { copyOf: server });
    try {
      const { code } = await venueWith({});
      expect((await guestPhone(bare.url).join(code, ana)).status).toBe(201); // its own host
      expect(await joinVia(bare.url, code, { origin: 'http://waitbell.local', host: 'waitbell.local' })).toBe(201);
      expect((await guestPhone(bare.url, { Origin: 'http://elsewhere.example' }).join(code, ana)).status).toBe(403);
    } finally {
      await bare.close();
    }
  });

  test('joins past the address budget get 429 with Retry-After, on every copy', async () => {
    const { code } = await venueWith({ maxWaiting: 50 });
    const copy = await startRelayServer(NOWHERE, {
      copyOf: server,
      publicUrl: PUBLIC,
      trustedProxies: ['127.0.0.1'],
      guest: { joinsPerAddress: 2 },
    });
    try {
      const phone = phoneOn(copy.url, { 'X-Forwarded-For': '203.0.113.7' });
      expect((await phone.join(code, ana)).status).toBe(201);
      expect((await phone.join(code, ana)).status).toBe(201);
      const third = await phone.join(code, ana);
      expect(third.status).toBe(429);
      expect(third.json.error.code).toBe('too_many_joins');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await phoneOn(copy.url, { 'X-Forwarded-For': '203.0.113.8' }).join(code, ana)).status).toBe(201);
    } finally {
      await copy.close();
    }
  });
});

describe('the status page', () => {
  test('shows the guest their place and nothing of anyone else but counts', async () => {
    const { code, token } = await venueWith({});
    const ahead = addOf('Secret Smith');
    await syncPush(server.url, token, [ahead.add]);
    const phone = phoneOn(server.url);
    const bo = await phone.join(code, { name: 'Bo Ruiz', size: 3, language: 'en' });
    const cy = await phone.join(code, { name: 'Cy Park', size: 2, language: 'en' });
    const answers = [
      bo,
      cy,
      await phone.status(bo.json.ticket),
      await phone.status(cy.json.ticket),
      await phone.venue(code),
    ];
    expect(answers[2]!.json).toMatchObject({ party: { name: 'Bo Ruiz' }, place: 2, ahead: 1, state: 'waiting' });
    expect(answers[3]!.json).toMatchObject({ party: { name: 'Cy Park' }, place: 3, ahead: 2 });
    expect(answers[2]!.headers.get('referrer-policy')).toBe('no-referrer');
    for (const answer of answers) expect(answer.text).not.toContain('Secret Smith');
    expect(answers[2]!.text).not.toContain('Cy Park');
    expect(answers[3]!.text).not.toContain('Bo Ruiz');

    // The host calls the party ahead: Bo is first of those waiting.
    await syncPush(server.url, token, [change(ahead.party.id, { kind: 'act', action: 'notify' })]);
    expect((await phone.status(bo.json.ticket)).json).toMatchObject({ place: 1, ahead: 0 });
  });

  test("a guest cancels, or says they're on their way; cancelling a finished visit is 409 with the status", async () => {
    const { code, token } = await venueWith({});
    const phone = phoneOn(server.url);
    const { ticket, status } = (await phone.join(code, ana)).json;
    await syncPush(server.url, token, [
      change((await syncChanges(server.url, token)).json.parties[0].party.id, { kind: 'act', action: 'notify' }),
    ]);
    const coming = await phone.onMyWay(ticket);
    expect(coming.status).toBe(200);
    expect(coming.json).toMatchObject({ state: 'called', onMyWayAt: expect.any(Number) });
    const cancelled = await phone.cancel(ticket);
    expect(cancelled.json).toMatchObject({ state: 'cancelled', place: null });
    const row = (await syncChanges(server.url, token)).json.parties[0].party;
    expect(row).toMatchObject({ status: 'removed', finishReason: 'guest_cancelled' });
    const again = await phone.cancel(ticket);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'already_finished', status: { state: 'cancelled' } });
    expect(status.state).toBe('waiting');
  });

  test('an unknown ticket is 404 and says nothing more; two hours after the visit ended, 410', async () => {
    const { code } = await venueWith({});
    const phone = phoneOn(server.url);
    expect((await phone.status('x'.repeat(43))).json.error.code).toBe('unknown_ticket');
    expect((await phone.status('short')).status).toBe(404);
    expect((await phone.cancel('x'.repeat(43))).status).toBe(404);
    const { ticket } = (await phone.join(code, ana)).json;
    await phone.cancel(ticket);
    // The visit ended three hours ago.
    await server.store.db.query(
      `UPDATE sync_parties SET party = jsonb_set(party, '{finishedAt}', to_jsonb($1::float8)) WHERE party->>'name' = 'Ana Torres'`,
      [Date.now() - 3 * 60 * 60_000],
    );
    const gone = await phone.status(ticket);
    expect(gone.status).toBe(410);
    expect(gone.json.error.code).toBe('ticket_expired');
  });

  test('a tablet push of a guest change, or as the guest page, is refused', async () => {
    const { token } = await venueWith({});
    const party = addOf('Di');
    await syncPush(server.url, token, [party.add]);
    const forged = await syncPush(server.url, token, [
      { ...change(party.party.id, { kind: 'guest', action: 'cancel' }), tablet: 'guest-page' },
    ]);
    expect(forged.json.outcomes[0]).toMatchObject({ outcome: 'rejected', reason: { kind: 'invalid' } });
  });
});

describe('pages and privacy', () => {
  test('the check-in and status pages are the guest page with its headers; an unknown code too', async () => {
    const { code } = await venueWith({});
    for (const path of [`/v/${code}`, `/v/${code.toLowerCase()}/`, `/v/${code}/status`, '/v/NOSUCH']) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text()).toContain('Check in');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    const bare = await startRelayServer(NOWHERE, { copyOf: server });
    try {
      const missing = await fetch(`${bare.url}/v/${code}`);
      expect(missing.status).toBe(503);
      expect(await missing.text()).toContain('not available');
    } finally {
      await bare.close();
    }
  });

  test("a tablet reads the venue's check-in code and address; only the demo's server says its board is shared", async () => {
    const { code, token } = await venueWith({});
    const venue = await api(server.url, '/1/venue', { token, headers: { Origin: 'https://kiosk.example' } });
    expect(venue.json.checkIn).toEqual({ code, url: `https://waitlist.example/v/${code}` });
    expect(venue.json).not.toHaveProperty('demoSync'); // a venue's server never tells its tablets they are the demo's
    const demo = await startRelayServer(NOWHERE, { copyOf: server, demoSync: true });
    try {
      const shared = await api(demo.url, '/1/venue', { token, headers: { Origin: 'https://kiosk.example' } });
      expect(shared.json).toMatchObject({ demoSync: true, venue: { id: expect.any(String) } });
    } finally {
      await demo.close();
    }
  });

  test('no log line holds a ticket or a guest name', async () => {
    const { code } = await venueWith({});
    const phone = phoneOn(server.url);
    const { ticket } = (await phone.join(code, { name: 'Zoe Lookout', size: 2, language: 'en' })).json;
    await phone.status(ticket);
    await phone.onMyWay(ticket);
    await phone.cancel(ticket);
    await phone.cancel(ticket);
    const text = server.text();
    expect(text).toContain('guest joined');
    expect(text).not.toContain(ticket);
    expect(text).not.toContain('Zoe');
  });
});
