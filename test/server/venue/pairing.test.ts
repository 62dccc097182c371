import { describe, expect, test } from 'vitest';
import { PAIRING_CODE_TTL_MS, venueStore } from '../../../src/server/venue/venue-store.ts';
import { TOKEN } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';
import { api, pairingCode, pushAs, secondVenue, useVenueServer, type VenueServer } from './venue-client.ts';

let upstream: VenueServer['upstream'];
let server: VenueServer['server'];
useVenueServer((started) => ({ upstream, server } = started));

const pair = (code: string, label?: string, base = server.url) =>
  api(base, '/1/pair', { body: label === undefined ? { code } : { code, label } });

describe('a pairing code', () => {
  test('pairs one tablet of its venue: the new token pushes and reads the venue, with the label given', async () => {
    const code = await pairingCode(server, TOKEN);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const paired = await pair(code, 'Patio stand');
    expect(paired.status).toBe(200);
    const { deviceToken, device, venue } = paired.json;
    expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(device.label).toBe('Patio stand');
    expect(venue).toEqual({
      id: server.venue.id,
      name: 'Casa Prueba',
      channelAlias: 'Venue',
      subscriptionLink: '',
    });
    expect(paired.text).not.toContain('RelaySecret');

    const pushed = await pushAs(server.url, deviceToken, 'paired-key-0001');
    expect(pushed.status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    const seen = await api(server.url, '/1/venue', { token: deviceToken });
    expect(seen.status).toBe(200);
    expect(seen.json.device).toEqual({ id: device.id, label: 'Patio stand' });
    expect(seen.json.venue.id).toBe(server.venue.id);
  });

  test('of two tablets racing with one code, exactly one is paired; the other is told the code was used', async () => {
    const code = await pairingCode(server, TOKEN);
    const answers = await Promise.all([pair(code, 'One'), pair(code, 'Two')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    expect(answers.find((a) => a.status === 410)!.json.error.type).toBe('pairing_code_used');
    const devices = await server.store.venues.devices(server.venue.id);
    expect(devices).toHaveLength(3); // the two seeded tablets and the winner
    // Used once, it stays used.
    const again = await pair(code);
    expect([again.status, again.json.error.type]).toEqual([410, 'pairing_code_used']);
  });

  test('typed in lower case, with spaces or dashes anywhere, still pairs', async () => {
    const variants = [
      (c: string) => c.toLowerCase(),
      (c: string) => c.replaceAll('-', ' '),
      (c: string) => ` ${c.replaceAll('-', '').split('').join(' ')} `,
      (c: string) =>
        c
          .replaceAll('-', '')
          .toLowerCase()
          .replace(/(.{3})/g, '$1-'),
    ];
    for (const variant of variants) {
      const code = await pairingCode(server, TOKEN);
      const answer = await pair(variant(code));
      expect(answer.status, variant(code)).toBe(200);
    }
  });

  test('without a label, the tablet is "Tablet N" after the venue\'s tablets', async () => {
    const first = await pair(await pairingCode(server, TOKEN));
    expect(first.json.device.label).toBe('Tablet 3');
    const blank = await pair(await pairingCode(server, TOKEN), '   ');
    expect(blank.json.device.label).toBe('Tablet 4');
    const long = await pair(await pairingCode(server, TOKEN), 'x'.repeat(100));
    expect(long.json.device.label).toBe('x'.repeat(60));
  });

  test('expired after 10 minutes: 410 pairing_code_expired, and no tablet is added', async () => {
    // A code made 11 minutes ago (the store's clock set back), on the server's own database.
    const earlier = venueStore(server.store.db, server.store.box, {
      now: () => Date.now() - PAIRING_CODE_TTL_MS - 60_000,
    });
    const { code } = await earlier.createPairingCode(server.venue.id);
    const answer = await pair(code);
    expect(answer.status).toBe(410);
    expect(answer.json.error.type).toBe('pairing_code_expired');
    expect(answer.json.error.message).toMatch(/expired/);
    expect(await server.store.venues.devices(server.venue.id)).toHaveLength(2);
  });

  test('a code just short of 10 minutes old still pairs', async () => {
    const earlier = venueStore(server.store.db, server.store.box, {
      now: () => Date.now() - PAIRING_CODE_TTL_MS + 30_000,
    });
    const { code } = await earlier.createPairingCode(server.venue.id);
    expect((await pair(code)).status).toBe(200);
  });

  test('unknown → 404 pairing_code_unknown; not the shape of a code → 400 invalid_pairing_code', async () => {
    const unknown = await pair('K7QM-3XDP-9RTA');
    expect([unknown.status, unknown.json.error.type]).toEqual([404, 'pairing_code_unknown']);
    for (const bad of ['', 'K7QM-3XDP-9RT', 'K7QM-3XDP-9RTAX', 'K7QM-3XDP-9RTU', 'ILOU-ILOU-ILOU', '1234567890ab!']) {
      const answer = await pair(bad);
      expect([answer.status, answer.json.error.type], bad).toEqual([400, 'invalid_pairing_code']);
    }
    const noCode = await api(server.url, '/1/pair', { body: { label: 'x' } });
    expect([noCode.status, noCode.json.error.type]).toEqual([400, 'invalid_pairing_code']);
    const notText = await api(server.url, '/1/pair', { body: { code: 123456789012 } });
    expect(notText.status).toBe(400);
    expect(await server.store.venues.devices(server.venue.id)).toHaveLength(2);
  });

  test('a code of venue A pairs into A only, whoever asks', async () => {
    const other = await secondVenue(server);
    const codeOfB = await pairingCode(server, other.token);
    const paired = await pair(codeOfB);
    expect(paired.json.venue.id).toBe(other.venue.id);
    const seen = await api(server.url, '/1/venue', { token: paired.json.deviceToken });
    expect(seen.json.venue.name).toBe('Otro Sitio');
    expect((await server.store.venues.devices(server.venue.id)).map((d) => d.id)).not.toContain(paired.json.device.id);
  });

  test("the code comes with a link on the kiosk's origin (or the public URL) and its expiry", async () => {
    const answer = await api(server.url, '/1/pairing-codes', {
      token: TOKEN,
      method: 'POST',
      headers: { Origin: 'https://kiosk.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.url).toBe(`https://kiosk.example/pair?code=${answer.json.code}`);
    const expires = Date.parse(answer.json.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(PAIRING_CODE_TTL_MS - 60_000);
    expect(expires).toBeLessThanOrEqual(PAIRING_CODE_TTL_MS);
    // Without a token nobody gets a code.
    const anonymous = await api(server.url, '/1/pairing-codes', { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });
});

describe('guessing pairing codes', () => {
  test('wrong codes from one address spend its failed-attempt budget (429 + Retry-After); a right token still passes', async () => {
    const usual = server;
    server = await startRelayServer(upstream.url, { authFailuresPerMinute: 3 }); // a burst of 6
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await pair(`AAAA-BBBB-CC${'0123456789'[i]}0`)).status);
      expect(statuses.slice(0, 6)).toEqual([404, 404, 404, 404, 404, 404]);
      const blocked = await pair('AAAA-BBBB-CCCC');
      expect(blocked.status).toBe(429);
      expect(blocked.json.error.type).toBe('too_many_failed_attempts');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Once blocked, even a right code is not looked up: a guesser learns nothing more, and the code stays unused.
      const code = await pairingCode(server, TOKEN);
      expect((await pair(code)).status).toBe(429);
      expect(server.logs().filter((l) => l.type === 'pairing_code_unknown' && l.blocked === true)).toHaveLength(1);
      // Wrong tokens are refused 429 too, from the same address...
      expect((await api(server.url, '/1/venue', { token: 'wrong-token-0000' })).status).toBe(429);
      // ...while a tablet with a right token is not locked out by someone else's guesses.
      expect((await api(server.url, '/1/venue', { token: TOKEN })).status).toBe(200);
      expect((await pushAs(server.url, TOKEN, 'budget-key-0001')).status).toBe(200);
    } finally {
      await server.close();
      server = usual; // closed after the test, as every test's
    }
  });

  test('two server copies over one database give a guesser one budget, not one each', async () => {
    const usual = server;
    server = await startRelayServer(upstream.url, { authFailuresPerMinute: 3 }); // a burst of 6
    const copy = await startRelayServer(upstream.url, { authFailuresPerMinute: 3, copyOf: server });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await pair(`AAAA-BBBB-CD${'0123456789'[i]}0`, undefined, i % 2 ? copy.url : server.url)).status);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429, 429]);
    } finally {
      await copy.close();
      await server.close();
      server = usual;
    }
  });
});
