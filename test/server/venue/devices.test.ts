import { describe, expect, test } from 'vitest';
import { CACHE_MS, venueStore } from '../../../src/server/venue/venue-store.ts';
import { TOKEN, TOKEN_B } from '../server-process.ts';

import { api, pairingCode, pushAs, useVenueServer, type VenueServer } from './venue-client.ts';

let upstream: VenueServer['upstream'];
let server: VenueServer['server'];
useVenueServer((started) => ({ upstream, server } = started));

const REVOKED = { type: 'device_revoked', message: 'This tablet was disconnected from the venue server.' };

describe("the venue's tablets", () => {
  test('are listed oldest first, marking this one, with when each was paired and last seen', async () => {
    const before = Date.now();
    const list = await api(server.url, '/1/devices', { token: TOKEN });
    expect(list.status).toBe(200);
    const [front, back] = list.json.devices;
    expect(list.json.devices).toHaveLength(2);
    expect(front).toMatchObject({ id: server.devices[0]!.id, label: 'Front stand', current: true, revokedAt: null });
    expect(back).toMatchObject({ id: server.devices[1]!.id, label: 'Back tablet', current: false, revokedAt: null });
    expect(Date.parse(front.lastSeenAt)).toBeGreaterThanOrEqual(before - 1_000);
    expect(back.lastSeenAt).toBeNull(); // never used yet
    expect(Date.parse(front.pairedAt)).not.toBeNaN();

    await api(server.url, '/1/venue', { token: TOKEN_B });
    const seenFromB = await api(server.url, '/1/devices', { token: TOKEN_B });
    expect((seenFromB.json.devices as { current: boolean }[]).map((d) => d.current)).toEqual([false, true]);
    expect(seenFromB.json.devices[1].lastSeenAt).not.toBeNull();
    // The tokens themselves are never listed.
    expect(seenFromB.text).not.toContain(TOKEN);
    expect(seenFromB.text).not.toContain(TOKEN_B);
  });

  test('tablets paired within the same millisecond are still listed in the order they were paired', async () => {
    const stopped = venueStore(server.store.db, server.store.box, { now: () => Date.parse('2026-11-29T08:00:00Z') });
    const venue = await stopped.createVenue('Mismo instante');
    const labels = ['First', 'Second', 'Third', 'Fourth', 'Fifth'];
    for (const label of labels) await stopped.addDevice(venue.id, label);
    expect((await stopped.devices(venue.id)).map((d) => d.label)).toEqual(labels);
  });

  test('a revoked tablet is refused at once on this server copy: 401 device_revoked on push and venue routes', async () => {
    // Its token was just accepted (and is cached): the revocation must not wait for the cache.
    expect((await pushAs(server.url, TOKEN_B, 'before-revoke-01')).status).toBe(200);
    const revoke = await api(server.url, `/1/devices/${server.devices[1]!.id}/revoke`, {
      token: TOKEN,
      method: 'POST',
    });
    expect(revoke.status).toBe(200);
    expect(revoke.json.device).toMatchObject({ id: server.devices[1]!.id, current: false });
    expect(Date.parse(revoke.json.device.revokedAt)).not.toBeNaN();

    const pushed = await pushAs(server.url, TOKEN_B, 'after-revoke-001');
    expect([pushed.status, pushed.json.error]).toEqual([401, REVOKED]);
    for (const [path, method] of [
      ['/1/venue', 'GET'],
      ['/1/devices', 'GET'],
      ['/1/pairing-codes', 'POST'],
    ] as const) {
      const answer = await api(server.url, path, { token: TOKEN_B, method });
      expect([answer.status, answer.json.error], path).toEqual([401, REVOKED]);
    }
    // Its retry of a key it sent before is refused too: a revoked tablet learns nothing more.
    expect((await pushAs(server.url, TOKEN_B, 'before-revoke-01')).status).toBe(401);
    expect(upstream.calls).toHaveLength(1);
    // The other tablet carries on; the list shows the revoked one.
    expect((await pushAs(server.url, TOKEN, 'after-revoke-002')).status).toBe(200);
    const list = await api(server.url, '/1/devices', { token: TOKEN });
    expect(list.json.devices[1].revokedAt).toBe(revoke.json.device.revokedAt);
  });

  test('revoking twice keeps the first time', async () => {
    const path = `/1/devices/${server.devices[1]!.id}/revoke`;
    const first = await api(server.url, path, { token: TOKEN, method: 'POST' });
    await expect.poll(() => Date.now()).toBeGreaterThan(Date.parse(first.json.device.revokedAt) + 5);
    const second = await api(server.url, path, { token: TOKEN, method: 'POST' });
    expect(second.status).toBe(200);
    expect(second.json.device.revokedAt).toBe(first.json.device.revokedAt);
  });

  test('a revoked tablet cannot revoke the others (nor itself again)', async () => {
    await api(server.url, `/1/devices/${server.devices[1]!.id}/revoke`, { token: TOKEN, method: 'POST' });
    const attempt = await api(server.url, `/1/devices/${server.devices[0]!.id}/revoke`, {
      token: TOKEN_B,
      method: 'POST',
    });
    expect([attempt.status, attempt.json.error.type]).toEqual([401, 'device_revoked']);
    expect((await server.store.venues.devices(server.venue.id))[0]!.revokedAt).toBeNull();
    expect((await api(server.url, '/1/venue', { token: TOKEN })).status).toBe(200);
  });

  test('a tablet may revoke itself: its next request is refused', async () => {
    const revoke = await api(server.url, `/1/devices/${server.devices[0]!.id}/revoke`, {
      token: TOKEN,
      method: 'POST',
    });
    expect(revoke.json.device.current).toBe(true);
    expect((await api(server.url, '/1/venue', { token: TOKEN })).status).toBe(401);
  });

  test('another server copy on the same database refuses a revoked tablet within the cache time', async () => {
    // The copy a revocation did not go through: a second store over the same database.
    let clock = Date.now();
    const other = venueStore(server.store.db, server.store.box, { now: () => clock });
    expect(await other.authenticate(TOKEN_B)).toHaveProperty('device');
    await server.store.venues.revokeDevice(server.venue.id, server.devices[1]!.id);
    clock += CACHE_MS + 1;
    expect(await other.authenticate(TOKEN_B)).toEqual({ refused: 'revoked' });
  });
});

describe('a stolen tablet', () => {
  test('once revoked, the pairing codes it made no longer pair: it cannot come back as a new tablet', async () => {
    const code = (await api(server.url, '/1/pairing-codes', { token: TOKEN_B, method: 'POST' })).json.code as string;
    const kept = (await api(server.url, '/1/pairing-codes', { token: TOKEN, method: 'POST' })).json.code as string;
    await api(server.url, `/1/devices/${server.devices[1]!.id}/revoke`, { token: TOKEN, method: 'POST' });
    const paired = await api(server.url, '/1/pair', { body: { code } });
    expect([paired.status, paired.json.error.type]).toEqual([410, 'pairing_code_expired']);
    expect(paired.json.deviceToken).toBeUndefined();
    expect(await server.store.venues.devices(server.venue.id)).toHaveLength(2);
    // The codes of the tablets still trusted pair as before.
    expect((await api(server.url, '/1/pair', { body: { code: kept } })).status).toBe(200);
  });
});

test('a code made on another server copy that had not yet heard of the revocation does not pair either', async () => {
  // That copy still trusts the tablet (its cache), so it hands it a code after the owner revoked it here.
  const otherCopy = venueStore(server.store.db, server.store.box);
  const trusted = await otherCopy.authenticate(TOKEN_B);
  await server.store.venues.revokeDevice(server.venue.id, server.devices[1]!.id);
  expect(await otherCopy.authenticate(TOKEN_B)).toEqual(trusted);
  const { code } = await otherCopy.createPairingCode(server.venue.id, server.devices[1]!.id);
  const paired = await api(server.url, '/1/pair', { body: { code } });
  expect([paired.status, paired.json.error.type]).toEqual([410, 'pairing_code_expired']);
});

describe('a revoked tablet', () => {
  test("a revoked tablet retrying its queue spends no one's failed attempts: a tablet beside it still gets words, not 429", async () => {
    await server.store.venues.revokeDevice(server.venue.id, server.devices[1]!.id);
    // Far past the failed-attempt burst (20 by default), from the same address.
    for (let i = 0; i < 30; i++)
      expect((await pushAs(server.url, TOKEN_B, `queued-retry-${String(i).padStart(3, '0')}`)).status).toBe(401);
    const typo = await api(server.url, '/1/pair', { body: { code: 'K7QM-3XDP-9RTA' } });
    expect([typo.status, typo.json.error.type]).toEqual([404, 'pairing_code_unknown']);
  });
});

describe('names people read', () => {
  test('a tablet or venue name cannot carry terminal escapes, line breaks or text-reversing marks', async () => {
    const code = await pairingCode(server, TOKEN);
    // Control characters are refused, in words; the code is not spent on it.
    const escaped = await api(server.url, '/1/pair', {
      body: { code, label: 'Evil\u001b[2J\u001b]0;pwned\u0007\nven_FAKE  set  9  Casa' },
    });
    expect(escaped.status).toBe(400);
    expect(escaped.json.error.message).toMatch(/label has a control character/);
    // Invisible marks that reverse text are taken out, spaces folded.
    const paired = await api(server.url, '/1/pair', { body: { code, label: 'Evil\u202e  ven_FAKE' } });
    expect(paired.json.device.label).toBe('Evil ven_FAKE');
    const escapedName = await api(server.url, '/1/venue', {
      token: TOKEN,
      method: 'PUT',
      body: { name: 'Otro\u001b[31mRED\u001b[0m\u202eSitio' },
    });
    expect(escapedName.json.error.fields).toEqual([{ field: 'name', problem: 'bad_characters' }]);
    const renamed = await api(server.url, '/1/venue', {
      token: TOKEN,
      method: 'PUT',
      body: { name: 'Otro\u202eSitio' },
    });
    expect(renamed.json.venue.name).toBe('Otro Sitio');
    const listed = await api(server.url, '/1/devices', { token: TOKEN });
    expect(listed.text).not.toMatch(/\\u001b|\\u202e|\\n/);
  });
});
