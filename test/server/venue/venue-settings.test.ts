import { describe, expect, test } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { SECRET, TOKEN, TOKEN_B } from '../server-process.ts';
import { APP_KEY } from '../in-process-server.ts';
import { api, pushAs, secondVenue, type ApiAnswer, useVenueServer, type VenueServer } from './venue-client.ts';

let upstream: VenueServer['upstream'];
let server: VenueServer['server'];
useVenueServer((started) => ({ upstream, server } = started));

const NEW_SECRET = 'BrandNewSecret42xyzXYZ0987654321';
/** Everything an answer shows: status line aside, every header and the body. */
const shown = (answer: ApiAnswer) => `${[...answer.headers].map(([n, v]) => `${n}: ${v}`).join('\n')}\n${answer.text}`;

/** Every row of every table of the server's database, as text (what a stolen backup holds). */
async function dumpText(db: Database): Promise<string> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['venues', 'devices', 'pairing_codes']));
  let text = '';
  for (const { name } of rows) {
    const dump = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
    text += dump.rows.map((r) => r.row).join('\n');
  }
  return text;
}

describe('GET /1/venue', () => {
  test('shows the venue and this tablet, says a secret is set, and never shows it (body or headers)', async () => {
    const answer = await api(server.url, '/1/venue', { token: TOKEN, headers: { Origin: 'https://kiosk.example' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      venue: {
        id: server.venue.id,
        name: 'Casa Prueba',
        appKey: APP_KEY,
        hasAppSecret: true,
        channelAlias: 'Venue',
        subscriptionLink: '',
      },
      device: { id: server.devices[0]!.id, label: 'Front stand' },
      // Its guests' check-in page: its code, and no address to print while the server has no public one.
      checkIn: { code: expect.stringMatching(/^[2-9A-HJKMNP-Z]{6}$/), url: null },
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://kiosk.example');
    expect(shown(answer)).not.toContain(SECRET);
    expect(shown(answer)).not.toContain(SECRET.slice(0, 12));
  });

  test('without a token, or with a wrong one: 401 unauthorized, nothing of the venue', async () => {
    for (const token of [undefined, 'not-a-token-000000']) {
      const answer = await api(server.url, '/1/venue', token ? { token } : {});
      expect([answer.status, answer.json.error.type]).toEqual([401, 'unauthorized']);
      expect(answer.text).not.toContain('Casa Prueba');
      expect(answer.text).not.toContain(APP_KEY);
    }
  });
});

describe('PUT /1/venue', () => {
  test('a new secret is what the next pushes are sent with; the answer does not show it', async () => {
    await pushAs(server.url, TOKEN, 'before-secret-01');
    expect(upstream.calls[0]).toMatchObject({ app_key: APP_KEY, app_secret: SECRET });

    const put = await api(server.url, '/1/venue', {
      token: TOKEN,
      method: 'PUT',
      body: { appKey: 'NewAppKey123', appSecret: NEW_SECRET },
    });
    expect(put.status).toBe(200);
    expect(put.json.venue).toMatchObject({ appKey: 'NewAppKey123', hasAppSecret: true, name: 'Casa Prueba' });
    expect(shown(put)).not.toContain(NEW_SECRET);

    // Another tablet of the venue, on this server copy, pushes with the new one at once.
    expect((await pushAs(server.url, TOKEN_B, 'after-secret-01')).status).toBe(200);
    expect(upstream.calls[1]).toMatchObject({ app_key: 'NewAppKey123', app_secret: NEW_SECRET });
  });

  test('without appSecret (or with an empty one) the saved secret is kept; other fields change', async () => {
    for (const body of [
      { name: 'Casa Nueva' },
      { channelAlias: 'Chan2', appSecret: '' },
      { subscriptionLink: 'https://pushed.co/subscribe/x', appSecret: '   ' },
    ]) {
      const put = await api(server.url, '/1/venue', { token: TOKEN, method: 'PUT', body });
      expect(put.status, JSON.stringify(body)).toBe(200);
      expect(put.json.venue.hasAppSecret).toBe(true);
    }
    const venue = (await api(server.url, '/1/venue', { token: TOKEN_B })).json.venue;
    expect(venue).toMatchObject({
      name: 'Casa Nueva',
      channelAlias: 'Chan2',
      subscriptionLink: 'https://pushed.co/subscribe/x',
    });
    await pushAs(server.url, TOKEN, 'kept-secret-0001');
    expect(upstream.calls[0]).toMatchObject({ app_key: APP_KEY, app_secret: SECRET });
  });

  test('bad fields: 400 invalid_venue_settings naming each one, and nothing is changed', async () => {
    const put = await api(server.url, '/1/venue', {
      token: TOKEN,
      method: 'PUT',
      body: {
        name: '  ',
        appKey: 'has space',
        appSecret: 'semi;colon',
        channelAlias: 'ü',
        subscriptionLink: 'http://pushed.co/x',
      },
    });
    expect(put.status).toBe(400);
    expect(put.json.error.type).toBe('invalid_venue_settings');
    expect(put.json.error.fields).toEqual([
      { field: 'name', problem: 'required' },
      { field: 'appKey', problem: 'bad_characters' },
      { field: 'appSecret', problem: 'bad_characters' },
      { field: 'channelAlias', problem: 'bad_characters' },
      { field: 'subscriptionLink', problem: 'not_https' },
    ]);
    expect(put.text).not.toContain('semi;colon'); // the refused secret is not echoed either

    const long = await api(server.url, '/1/venue', { token: TOKEN, method: 'PUT', body: { name: 'n'.repeat(61) } });
    expect(long.json.error.fields).toEqual([{ field: 'name', problem: 'too_long' }]);
    const alias = await api(server.url, '/1/venue', {
      token: TOKEN,
      method: 'PUT',
      body: { channelAlias: 'A'.repeat(201) },
    });
    expect(alias.json.error.fields).toEqual([{ field: 'channelAlias', problem: 'too_long' }]); // what the tablet's Save says too

    const venue = (await api(server.url, '/1/venue', { token: TOKEN })).json.venue;
    expect(venue).toMatchObject({ name: 'Casa Prueba', appKey: APP_KEY, channelAlias: 'Venue', hasAppSecret: true });
    await pushAs(server.url, TOKEN, 'unchanged-key-01');
    expect(upstream.calls[0]).toMatchObject({ app_key: APP_KEY, app_secret: SECRET });
  });

  test('a field that is not text is refused in words, not a crash', async () => {
    const put = await api(server.url, '/1/venue', { token: TOKEN, method: 'PUT', body: { name: 42 } });
    expect(put.status).toBe(400);
    expect(put.json.error.message).toBeTruthy();
  });
});

describe('the secret at rest', () => {
  test('the database holds it sealed: no table has it in plain text', async () => {
    await api(server.url, '/1/venue', { token: TOKEN, method: 'PUT', body: { appSecret: NEW_SECRET } });
    await pushAs(server.url, TOKEN, 'at-rest-key-0001');
    const { rows } = await server.store.db.query<{ app_secret_sealed: string }>(
      'SELECT app_secret_sealed FROM venues WHERE id = $1',
      [server.venue.id],
    );
    expect(rows[0]!.app_secret_sealed).toMatch(/^v1\./);
    expect(rows[0]!.app_secret_sealed).not.toContain(NEW_SECRET);
    const dump = await dumpText(server.store.db);
    expect(dump).toContain(server.venue.id); // the dump does see the data
    for (const secret of [
      NEW_SECRET,
      SECRET,
      Buffer.from(NEW_SECRET).toString('base64'),
      Buffer.from(NEW_SECRET).toString('hex'),
    ])
      expect(dump).not.toContain(secret);
    for (const token of [TOKEN, TOKEN_B]) expect(dump).not.toContain(token);
  });

  test("a sealed secret copied into another venue's row does not open there: that venue is not configured", async () => {
    const other = await server.store.venues.createVenue('Ladrón', { appKey: 'ThiefAppKey' });
    const { token } = await server.store.venues.addDevice(other.id, 'thief');
    await server.store.db.query(
      'UPDATE venues SET app_secret_sealed = (SELECT app_secret_sealed FROM venues WHERE id = $1) WHERE id = $2',
      [server.venue.id, other.id],
    );
    expect(await server.store.venues.credentials(other.id)).toBeNull();
    const pushed = await pushAs(server.url, token, 'stolen-seal-0001');
    expect([pushed.status, pushed.json.error.type]).toEqual([409, 'venue_not_configured']);
    expect(upstream.calls).toHaveLength(0);
  });

  test('a venue with no Pushed app yet: pushes are 409 venue_not_configured in words, and Pushed is not called', async () => {
    const fresh = await server.store.venues.createVenue('Sin App');
    const { token } = await server.store.venues.addDevice(fresh.id);
    const pushed = await pushAs(server.url, token, 'no-creds-key-001');
    expect(pushed.status).toBe(409);
    expect(pushed.json.error).toEqual({
      type: 'venue_not_configured',
      message: "The venue's Pushed app key and secret are not set: set them in Settings → Venue server.",
    });
    expect((await api(server.url, '/1/venue', { token })).json.venue).toMatchObject({
      appKey: '',
      hasAppSecret: false,
    });
    // A key alone is not enough either.
    await api(server.url, '/1/venue', { token, method: 'PUT', body: { appKey: 'OnlyKey1' } });
    expect((await pushAs(server.url, token, 'no-creds-key-002')).status).toBe(409);
    // Once both are set, the tablet pushes with them.
    await api(server.url, '/1/venue', { token, method: 'PUT', body: { appSecret: 'OnlySecret1' } });
    expect((await pushAs(server.url, token, 'no-creds-key-003')).status).toBe(200);
    expect(upstream.calls).toEqual([expect.objectContaining({ app_key: 'OnlyKey1', app_secret: 'OnlySecret1' })]);
  });

  test("another venue's secret change does not touch this venue's pushes", async () => {
    const other = await secondVenue(server);
    await api(server.url, '/1/venue', { token: other.token, method: 'PUT', body: { appSecret: NEW_SECRET } });
    await pushAs(server.url, TOKEN, 'mine-still-0001');
    expect(upstream.calls[0]).toMatchObject({ app_key: APP_KEY, app_secret: SECRET });
  });
});
