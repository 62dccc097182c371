import { describe, expect, test } from 'vitest';
import { createVenueClient, type VenueFetch } from '../../src/pushed/venue-client.ts';
import { FRIDAY_REPORT } from '../support/report-fixture.ts';

const TOKEN = 'tok_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abc';
const VENUE = {
  id: 'ven_1',
  name: 'Casa Prueba',
  appKey: 'Key1',
  hasAppSecret: true,
  channelAlias: 'CasaChan',
  subscriptionLink: 'https://pushed.co/s/Casa1',
};

type Answer = { status: number; body: string; headers?: Record<string, string> } | 'network' | 'hang';

/** A venue server at the network boundary: records each request and answers as scripted. */
function fakeServer(...answers: Answer[]) {
  const seen: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const fetch: VenueFetch = async (url, init) => {
    seen.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    const answer = answers.shift() ?? { status: 500, body: 'no script' };
    if (answer === 'network') throw new TypeError(`Failed to fetch ${url} with ${JSON.stringify(init.headers)}`);
    if (answer === 'hang')
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    return { status: answer.status, headers: new Headers(answer.headers), text: async () => answer.body };
  };
  return { fetch, seen };
}
const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({
  status,
  body: JSON.stringify(body),
  ...(headers ? { headers } : {}),
});
const error = (status: number, type: string, extra: object = {}) =>
  json(status, { error: { type, message: 'm', ...extra } });
const client = (server: ReturnType<typeof fakeServer>, more: object = {}) =>
  createVenueClient({ baseUrl: 'https://venue.test/relay/1', fetch: server.fetch, deviceToken: TOKEN, ...more });

/** A tablet list from a server that says nothing of who paired or disconnected it. */
const NOBODY = { pairedBy: null, revokedBy: null, lastOwnerAction: null };

describe('the venue’s history', () => {
  test('comes as the file the server named, with the PIN; each refusal is a problem the screen can word', async () => {
    const csv = 'joined_at,party_size,quoted_minutes,seated_at,left_at,outcome\r\n';
    const server = fakeServer(
      {
        status: 200,
        body: csv,
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="casa-prueba-history-2026-03-06.csv"',
        },
      },
      { status: 200, body: csv, headers: { 'Content-Type': 'text/csv; charset=utf-8' } },
      json(403, { error: { type: 'staff_pin_wrong', message: 'm', triesLeft: 2 } }),
      json(429, { error: { type: 'staff_pin_locked', message: 'm' } }, { 'Retry-After': '60' }),
      error(401, 'device_revoked'),
      { status: 200, body: '<html>a proxy’s page</html>', headers: { 'Content-Type': 'text/html' } },
      'network',
    );
    const c = client(server, { staffPin: '4821', now: () => Date.UTC(2026, 2, 6) });
    expect(await c.downloadHistory()).toEqual({
      ok: true,
      value: { csv, fileName: 'casa-prueba-history-2026-03-06.csv' },
    });
    // A name the browser could not read (another origin's header) is the tablet's own.
    expect(await c.downloadHistory()).toEqual({ ok: true, value: { csv, fileName: 'history-2026-03-06.csv' } });
    expect(await c.downloadHistory()).toEqual({ ok: false, error: { kind: 'staff_pin_wrong', triesLeft: 2 } });
    expect(await c.downloadHistory()).toEqual({ ok: false, error: { kind: 'staff_pin_locked', retryAfterMs: 60_000 } });
    expect(await c.downloadHistory()).toEqual({ ok: false, error: { kind: 'revoked' } });
    expect(await c.downloadHistory()).toEqual({ ok: false, error: { kind: 'server_error', status: 502 } });
    expect(await c.downloadHistory()).toEqual({ ok: false, error: { kind: 'unreachable', cause: 'network' } });
    expect(server.seen[0]).toMatchObject({
      url: 'https://venue.test/relay/1/history.csv',
      method: 'GET',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Waitbell-Staff-Pin': '4821' },
    });
  });
});

describe('owner actions and the staff PIN', () => {
  test('the PIN that opened Settings goes with owner actions only, and the refusals come back as problems', async () => {
    const server = fakeServer(
      error(403, 'staff_pin_required'),
      json(403, { error: { type: 'staff_pin_wrong', message: 'm', triesLeft: 3 } }),
      json(429, { error: { type: 'staff_pin_locked', message: 'm' } }, { 'Retry-After': '120' }),
      json(200, { devices: [] }),
    );
    const c = client(server, { staffPin: '4821', now: () => 0 });
    expect(await c.newPairingCode()).toEqual({ ok: false, error: { kind: 'staff_pin_required' } });
    expect(await c.putVenue({ appKey: 'K' })).toEqual({ ok: false, error: { kind: 'staff_pin_wrong', triesLeft: 3 } });
    expect(await c.revokeDevice('dev_2', ['dev_3'])).toEqual({
      ok: false,
      error: { kind: 'staff_pin_locked', retryAfterMs: 120_000 },
    });
    await c.listDevices();
    expect(server.seen.map((r) => r.headers['Waitbell-Staff-Pin'])).toEqual(['4821', '4821', '4821', undefined]);
    expect(server.seen[2]!.body).toEqual({ keep: ['dev_3'] });
  });
});

describe('pairing', () => {
  test('sends the code and label without any token, and gives back the token, the tablet and the venue', async () => {
    const server = fakeServer(
      json(200, {
        deviceToken: TOKEN,
        device: { id: 'dev_1', label: 'Front stand' },
        venue: { id: 'ven_1', name: 'Casa Prueba', channelAlias: 'CasaChan', subscriptionLink: '' },
      }),
    );
    const result = await createVenueClient({ baseUrl: 'https://venue.test/relay/1', fetch: server.fetch }).pair(
      'K7QM-3XDP-9RTA',
      '  Front stand ',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        deviceToken: TOKEN,
        device: { id: 'dev_1', label: 'Front stand' },
        venue: { id: 'ven_1', name: 'Casa Prueba', channelAlias: 'CasaChan', subscriptionLink: '' },
      },
    });
    expect(server.seen).toEqual([
      {
        url: 'https://venue.test/relay/1/pair',
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: { code: 'K7QM-3XDP-9RTA', label: 'Front stand' },
      },
    ]);
  });

  test('no label: none is sent (the server names it "Tablet N")', async () => {
    const server = fakeServer(error(404, 'pairing_code_unknown'));
    await client(server).pair('K7QM-3XDP-9RTA', '   ');
    expect(server.seen[0]?.body).toEqual({ code: 'K7QM-3XDP-9RTA' });
  });

  test.each([
    [error(400, 'invalid_pairing_code'), { kind: 'bad_code' }],
    [error(404, 'pairing_code_unknown'), { kind: 'unknown_code' }],
    [error(410, 'pairing_code_used'), { kind: 'used_code' }],
    [error(410, 'pairing_code_expired'), { kind: 'expired_code' }],
    [
      {
        status: 429,
        body: '{"error":{"type":"too_many_failed_attempts","message":"m"}}',
        headers: { 'Retry-After': '60' },
      },
      { kind: 'too_many_attempts', retryAfterMs: 60_000 },
    ],
  ])('each refusal of a code has its own problem: %j', async (answer, problem) => {
    expect(await client(fakeServer(answer)).pair('K7QM-3XDP-9RTA')).toEqual({ ok: false, error: problem });
  });

  test('a 200 without a token is the server breaking the contract, not a pairing', async () => {
    const server = fakeServer(json(200, { device: { id: 'd', label: 'x' }, venue: VENUE }));
    expect(await client(server).pair('K7QM-3XDP-9RTA')).toEqual({
      ok: false,
      error: { kind: 'server_error', status: 200 },
    });
  });
});

describe('calls with this tablet’s token', () => {
  test('the venue: read with the bearer token; the secret is only "saved" or not', async () => {
    const server = fakeServer(
      json(200, { venue: { ...VENUE, appSecret: 'never' }, device: { id: 'dev_1', label: 'F' } }),
    );
    expect(await client(server).getVenue()).toEqual({ ok: true, value: VENUE });
    expect(server.seen[0]).toMatchObject({
      url: 'https://venue.test/relay/1/venue',
      method: 'GET',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
  });

  test('saving: an empty app secret is left out, so the saved one stays', async () => {
    const server = fakeServer(json(200, { venue: VENUE, device: { id: 'd', label: 'F' } }));
    await client(server).putVenue({ appKey: 'Key1', appSecret: '', channelAlias: 'CasaChan' });
    expect(server.seen[0]).toMatchObject({ method: 'PUT', body: { appKey: 'Key1', channelAlias: 'CasaChan' } });
  });

  test('saving refused: each field with its problem; unknown fields or problems are dropped', async () => {
    const fields = [
      { field: 'appKey', problem: 'bad_characters' },
      { field: 'subscriptionLink', problem: 'not_https' },
      { field: 'password', problem: 'required' },
      { field: 'name', problem: 'on_fire' },
    ];
    const server = fakeServer(error(400, 'invalid_venue_settings', { fields }));
    expect(await client(server).putVenue({ appKey: 'a b' })).toEqual({
      ok: false,
      error: { kind: 'invalid_fields', fields: fields.slice(0, 2) },
    });
  });

  test('the tablets: dates read as times, this tablet marked', async () => {
    const server = fakeServer(
      json(200, {
        devices: [
          {
            id: 'dev_1',
            label: 'Front stand',
            pairedAt: '2026-11-28T20:00:00Z',
            lastSeenAt: '2026-11-28T21:00:00Z',
            revokedAt: null,
            current: true,
          },
          {
            id: 'dev_2',
            label: 'Patio',
            pairedAt: '2026-11-28T20:05:00Z',
            lastSeenAt: null,
            revokedAt: '2026-11-28T22:00:00Z',
            current: false,
          },
        ],
      }),
    );
    expect(await client(server).listDevices()).toEqual({
      ok: true,
      value: [
        {
          id: 'dev_1',
          label: 'Front stand',
          pairedAt: Date.parse('2026-11-28T20:00:00Z'),
          lastSeenAt: Date.parse('2026-11-28T21:00:00Z'),
          revokedAt: null,
          current: true,
          ...NOBODY,
        },
        {
          id: 'dev_2',
          label: 'Patio',
          pairedAt: Date.parse('2026-11-28T20:05:00Z'),
          lastSeenAt: null,
          revokedAt: Date.parse('2026-11-28T22:00:00Z'),
          current: false,
          ...NOBODY,
        },
      ],
    });
  });

  test('who paired and disconnected each tablet, and its last owner action, are read (a server before them: none)', async () => {
    const server = fakeServer(
      json(200, {
        devices: [
          {
            id: 'dev_2',
            label: 'Patio',
            pairedAt: '2026-11-28T20:05:00Z',
            lastSeenAt: null,
            revokedAt: '2026-11-28T22:00:00Z',
            current: false,
            pairedBy: 'dev_1',
            revokedBy: null,
            lastOwnerAction: { action: 'pairing_code', at: '2026-11-28T21:00:00Z' },
          },
        ],
      }),
    );
    const listed = await client(server).listDevices();
    expect(listed.ok && listed.value[0]).toMatchObject({
      pairedBy: 'dev_1',
      revokedBy: null,
      lastOwnerAction: { action: 'pairing_code', at: Date.parse('2026-11-28T21:00:00Z') },
    });
  });

  test('revoking: the id goes in the path, escaped; another venue’s tablet is "not found"', async () => {
    const server = fakeServer(error(404, 'not_found'));
    expect(await client(server).revokeDevice('dev/../x')).toEqual({ ok: false, error: { kind: 'not_found' } });
    expect(server.seen[0]).toMatchObject({
      url: 'https://venue.test/relay/1/devices/dev%2F..%2Fx/revoke',
      method: 'POST',
    });
  });

  test('a new pairing code, with its link and when it expires', async () => {
    const server = fakeServer(
      json(200, {
        code: 'K7QM-3XDP-9RTA',
        url: 'https://venue.test/pair?code=K7QM-3XDP-9RTA',
        expiresAt: '2026-11-28T20:10:00Z',
      }),
    );
    expect(await client(server).newPairingCode()).toEqual({
      ok: true,
      value: {
        code: 'K7QM-3XDP-9RTA',
        url: 'https://venue.test/pair?code=K7QM-3XDP-9RTA',
        expiresAt: Date.parse('2026-11-28T20:10:00Z'),
      },
    });
  });

  test.each([
    [error(401, 'device_revoked'), { kind: 'revoked' }],
    [error(401, 'unauthorized'), { kind: 'unauthorized' }],
    [{ status: 401, body: '' }, { kind: 'unauthorized' }],
    [
      { status: 502, body: '<html>Bad gateway</html>' },
      { kind: 'server_error', status: 502 },
    ],
    [
      { status: 200, body: 'not json' },
      { kind: 'server_error', status: 200 },
    ],
    [json(200, { venue: 'nope' }), { kind: 'server_error', status: 200 }],
  ])('any call: %j is %j', async (answer, problem) => {
    expect(await client(fakeServer(answer)).getVenue()).toEqual({ ok: false, error: problem });
  });
});

describe('when the server cannot be reached', () => {
  test('a network failure says "unreachable", and never repeats what was thrown (it quoted the token)', async () => {
    const result = await client(fakeServer('network')).listDevices();
    expect(result).toEqual({ ok: false, error: { kind: 'unreachable', cause: 'network' } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  test('no answer in time is a timeout', async () => {
    expect(await client(fakeServer('hang'), { timeoutMs: 20 }).getVenue()).toEqual({
      ok: false,
      error: { kind: 'unreachable', cause: 'timeout' },
    });
  });

  test('a server this build may not connect to is named, and nothing is sent', async () => {
    const server = fakeServer();
    const result = await client(server, {
      allowedOrigins: ['https://api.pushed.co'],
      ownOrigin: 'http://127.0.0.1:4173',
    }).pair('K7QM-3XDP-9RTA');
    expect(result).toEqual({ ok: false, error: { kind: 'not_allowed', origin: 'https://venue.test' } });
    expect(server.seen).toEqual([]);
  });

  test('a server that does not take this kiosk’s address says so, and the problem names the address', async () => {
    const server = fakeServer(error(403, 'origin_not_allowed'), error(403, 'origin_not_allowed'));
    expect(await client(server, { ownOrigin: 'http://localhost:8787' }).pair('K7QM-3XDP-9RTA')).toEqual({
      ok: false,
      error: { kind: 'address_refused', origin: 'http://localhost:8787' },
    });
    expect(await client(server).getVenue()).toEqual({ ok: false, error: { kind: 'address_refused', origin: '' } });
  });

  test('the kiosk’s own server is always allowed', async () => {
    const server = fakeServer(json(200, { venue: VENUE }));
    const result = await client(server, { allowedOrigins: [], ownOrigin: 'https://VENUE.test' }).getVenue();
    expect(result.ok).toBe(true);
  });
});

describe('the venue’s shared settings', () => {
  const HASH = { salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2g=', iterations: 600_000 };
  const STATE = {
    settings: { venueName: 'Casa Prueba' },
    pinHash: HASH,
    updatedAt: '2026-11-29T08:00:00.000Z',
    revision: 3,
  };
  const doc = { settings: { venueName: 'Casa Prueba' } as never, pinHash: HASH };

  test('reads them; a venue nobody set up has none', async () => {
    const server = fakeServer(
      json(200, STATE),
      json(200, { settings: null, pinHash: null, updatedAt: null, revision: 0 }),
    );
    expect(await client(server).getSharedSettings()).toEqual({
      ok: true,
      value: {
        settings: { venueName: 'Casa Prueba' },
        pinHash: HASH,
        revision: 3,
        updatedAt: Date.parse(STATE.updatedAt),
      },
    });
    expect(await client(server).getSharedSettings()).toEqual({
      ok: true,
      value: { settings: null, pinHash: null, revision: 0, updatedAt: null },
    });
    expect(server.seen[0]).toMatchObject({ url: 'https://venue.test/relay/1/venue/settings', method: 'GET' });
  });

  test('uploads over a revision; a newer one there comes back as what is there now; refused fields are named', async () => {
    const server = fakeServer(
      json(200, { ...STATE, revision: 4 }),
      json(409, { error: { type: 'settings_changed', message: 'm' }, ...STATE, revision: 5 }),
      error(400, 'invalid_settings', { fields: [{ field: 'venueName', problem: 'required' }] }),
      error(400, 'invalid_request'),
    );
    expect(await client(server).putSharedSettings(3, doc)).toMatchObject({ ok: true, value: { revision: 4 } });
    expect(server.seen[0]).toMatchObject({
      method: 'PUT',
      body: { revision: 3, settings: doc.settings, pinHash: HASH },
    });
    expect(await client(server).putSharedSettings(3, doc)).toMatchObject({
      ok: false,
      error: { kind: 'settings_changed', current: { revision: 5, pinHash: HASH } },
    });
    expect(await client(server).putSharedSettings(3, doc)).toEqual({
      ok: false,
      error: { kind: 'settings_refused', fields: ['venueName'] },
    });
    expect(await client(server).putSharedSettings(3, doc)).toEqual({
      ok: false,
      error: { kind: 'server_error', status: 400 },
    });
  });

  test('an answer without a revision, or a PIN hash of the wrong shape, is not taken', async () => {
    const server = fakeServer(
      json(200, { settings: {}, pinHash: null }),
      json(200, { ...STATE, pinHash: { salt: 'x' } }),
    );
    expect(await client(server).getSharedSettings()).toEqual({
      ok: false,
      error: { kind: 'server_error', status: 200 },
    });
    expect(await client(server).getSharedSettings()).toMatchObject({ ok: true, value: { pinHash: null } });
  });
});

describe('the start-up check of the token', () => {
  test.each([
    [json(200, { venue: 'whatever shape' }), { ok: true, value: { checkIn: null, demoSync: null } }],
    [error(401, 'device_revoked'), { ok: false, error: { kind: 'revoked' } }],
    [error(401, 'unauthorized'), { ok: false, error: { kind: 'unauthorized' } }],
    [
      { status: 401, body: '' },
      { ok: false, error: { kind: 'unauthorized' } },
    ],
    [
      { status: 502, body: '<html>Bad gateway</html>' },
      { ok: false, error: { kind: 'server_error', status: 502 } },
    ],
  ])('%j is %j, read from the status and the error type alone', async (answer, result) => {
    const server = fakeServer(answer);
    expect(await client(server).checkToken()).toEqual(result);
    expect(server.seen.map((s) => [s.method, new URL(s.url).pathname])).toEqual([['GET', '/relay/1/venue']]);
  });

  const withCheckIn = (checkIn: unknown) => json(200, { venue: { name: 'Casa' }, checkIn });
  test.each([
    [
      { code: 'k7qm2p', url: 'https://waitlist.example.com/v/K7QM2P' },
      { code: 'K7QM2P', url: 'https://waitlist.example.com/v/K7QM2P' },
    ],
    [
      { code: 'K7QM2P', url: null },
      { code: 'K7QM2P', url: null },
    ],
    // An address no phone should be sent to, or that is not one, is no check-in QR.
    [
      { code: 'K7QM2P', url: 'javascript:alert(1)' },
      { code: 'K7QM2P', url: null },
    ],
    [
      { code: 'K7QM2P', url: 'https://a.example/v/K7QM2P" onload="x' },
      { code: 'K7QM2P', url: null },
    ],
    // Not a venue code (an O, a 0; too short): no check-in page at all.
    [{ code: 'K7QM2O', url: 'https://waitlist.example.com/v/K7QM2O' }, null],
    [{ code: 'K7QM2', url: 'https://waitlist.example.com/v/K7QM2' }, null],
    [undefined, null],
  ])('the check-in page %j is read as %j', async (checkIn, value) => {
    const server = fakeServer(withCheckIn(checkIn));
    expect(await client(server).checkToken()).toEqual({ ok: true, value: { checkIn: value, demoSync: null } });
  });

  const demoAnswer = (fields: object) => json(200, { venue: { id: 'ven_1' }, device: { id: 'dev_1' }, ...fields });
  test.each([
    [{ demoSync: true }, { venueId: 'ven_1', deviceId: 'dev_1' }],
    // A venue's server never says it; anything but `true` is not the demo's shared board.
    [{}, null],
    [{ demoSync: 'true' }, null],
    [{ demoSync: true, device: null }, null],
    [{ demoSync: true, venue: { id: '' } }, null],
  ])('%j: the demo board shared is %j', async (fields, demoSync) => {
    const server = fakeServer(demoAnswer(fields));
    expect(await client(server).checkToken()).toEqual({ ok: true, value: { checkIn: null, demoSync } });
  });
});

describe("the owner's report", () => {
  test('asks for the period with the staff PIN, and gives back the report as the server wrote it', async () => {
    const server = fakeServer(json(200, FRIDAY_REPORT));
    const result = await client(server, { staffPin: '4821' }).getReport('night', '2026-12-04');
    expect(result).toEqual({ ok: true, value: FRIDAY_REPORT });
    expect(server.seen[0]).toMatchObject({
      url: 'https://venue.test/relay/1/report?period=night&date=2026-12-04',
      method: 'GET',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Waitbell-Staff-Pin': '4821' },
    });
  });

  test('refusals come back as problems the screen words: no PIN, wrong PIN, locked, offline, a broken answer', async () => {
    const server = fakeServer(
      error(403, 'staff_pin_required'),
      json(403, { error: { type: 'staff_pin_wrong', message: 'm', triesLeft: 2 } }),
      json(429, { error: { type: 'staff_pin_locked', message: 'm' } }, { 'Retry-After': '60' }),
      'network',
      error(500, 'internal'),
      json(200, { ...FRIDAY_REPORT, current: { ...FRIDAY_REPORT.current, byHour: [] } }),
    );
    const c = client(server, { staffPin: '4821', now: () => 0 });
    const ask = () => c.getReport('week', '2026-12-04');
    expect(await ask()).toEqual({ ok: false, error: { kind: 'staff_pin_required' } });
    expect(await ask()).toEqual({ ok: false, error: { kind: 'staff_pin_wrong', triesLeft: 2 } });
    expect(await ask()).toEqual({ ok: false, error: { kind: 'staff_pin_locked', retryAfterMs: 60_000 } });
    expect(await ask()).toEqual({ ok: false, error: { kind: 'unreachable', cause: 'network' } });
    expect(await ask()).toEqual({ ok: false, error: { kind: 'server_error', status: 500 } });
    expect(await ask()).toEqual({ ok: false, error: { kind: 'server_error', status: 200 } });
  });

  test('a server from before suggestions were recorded reads as none recorded; an impossible share is refused', async () => {
    const { suggestionAccuracy: _, ...older } = FRIDAY_REPORT.current;
    const server = fakeServer(
      json(200, { ...FRIDAY_REPORT, current: older, suggestionAccuracy: { recorded: false } }),
      json(200, {
        ...FRIDAY_REPORT,
        suggestionAccuracy: {
          recorded: true,
          parties: 3,
          suggestion: { meanErrorMinutes: 1, meanAbsoluteErrorMinutes: 1, seatedWithinShare: 1.5 },
          host: { meanErrorMinutes: 1, meanAbsoluteErrorMinutes: 1, seatedWithinShare: 0.5 },
        },
      }),
    );
    const c = client(server, { staffPin: '4821' });
    const read = await c.getReport('night', '2026-12-04');
    expect(read.ok && [read.value.current.suggestionAccuracy, read.value.suggestionAccuracy]).toEqual([
      { recorded: false },
      { recorded: false },
    ]);
    expect(await c.getReport('night', '2026-12-04')).toEqual({
      ok: false,
      error: { kind: 'server_error', status: 200 },
    });
  });
});
