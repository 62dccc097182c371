import { expect, test } from 'vitest';
import { SECRET, TOKEN, TOKEN_B } from '../server-process.ts';

import { api, pushAs, useVenueServer, type VenueServer } from './venue-client.ts';

let upstream: VenueServer['upstream'];
let server: VenueServer['server'];
useVenueServer((started) => ({ upstream, server } = started));

test('a whole session (pairing, settings, pushes, refusals) logs no token, pairing code, app secret or message text', async () => {
  const NEW_SECRET = 'LogSecretZ9y8x7w6v5u4t3s2r1q0';
  const MESSAGE = 'Mesa lista para Ramírez, 4 personas';
  const secrets: string[] = [TOKEN, TOKEN_B, SECRET, NEW_SECRET, MESSAGE, 'Ramírez'];

  const code = (await api(server.url, '/1/pairing-codes', { token: TOKEN, method: 'POST' })).json.code as string;
  secrets.push(code, code.replaceAll('-', ''), code.toLowerCase());
  const paired = await api(server.url, '/1/pair', { body: { code: code.toLowerCase(), label: 'Patio' } });
  const token = paired.json.deviceToken as string;
  secrets.push(token);
  expect(paired.status).toBe(200);
  // The same code again, an unknown one, a malformed one.
  expect((await api(server.url, '/1/pair', { body: { code } })).status).toBe(410);
  const wrongCode = 'ZZZZ-YYYY-XXXX';
  secrets.push(wrongCode, 'ZZZZYYYYXXXX');
  expect((await api(server.url, '/1/pair', { body: { code: wrongCode } })).status).toBe(404);
  expect((await api(server.url, '/1/pair', { body: { code: 'hunter2-not-a-code' } })).status).toBe(400);
  secrets.push('hunter2');

  // Settings: a good secret, then a refused one that is itself secret-looking.
  expect((await api(server.url, '/1/venue', { token, method: 'PUT', body: { appSecret: NEW_SECRET } })).status).toBe(
    200,
  );
  const refusedSecret = 'Almost-Secret-With-Dashes';
  secrets.push(refusedSecret);
  expect((await api(server.url, '/1/venue', { token, method: 'PUT', body: { appSecret: refusedSecret } })).status).toBe(
    400,
  );
  expect((await api(server.url, '/1/venue', { token })).status).toBe(200);

  // Pushes: sent, replayed, refused for its key's other body.
  expect((await pushAs(server.url, token, 'log-session-0001', { content: MESSAGE })).status).toBe(200);
  expect((await pushAs(server.url, token, 'log-session-0001', { content: MESSAGE })).status).toBe(200);
  expect((await pushAs(server.url, token, 'log-session-0001', { content: `${MESSAGE}!` })).status).toBe(422);
  expect(upstream.calls[0]).toMatchObject({ app_secret: NEW_SECRET, content: MESSAGE });

  // Wrong and revoked tokens.
  const wrongToken = 'Wrong-Token-Guess-000000000000';
  secrets.push(wrongToken);
  expect((await api(server.url, '/1/venue', { token: wrongToken })).status).toBe(401);
  await api(server.url, `/1/devices/${server.devices[1]!.id}/revoke`, { token, method: 'POST' });
  expect((await pushAs(server.url, TOKEN_B, 'log-session-0002', { content: MESSAGE })).status).toBe(401);
  expect((await api(server.url, '/1/devices', { token })).status).toBe(200);

  const text = server.text();
  const lines = server.logs();
  // The log did record the session: refusals with their types, the push by device id.
  expect(lines.filter((l) => l.msg === 'refused').map((l) => l.type)).toEqual(
    expect.arrayContaining([
      'pairing_code_used',
      'pairing_code_unknown',
      'invalid_pairing_code',
      'invalid_venue_settings',
      'idempotency_key_reused',
      'unauthorized',
      'device_revoked',
    ]),
  );
  expect(lines.find((l) => l.msg === 'push')).toMatchObject({ device: paired.json.device.id, status: 200 });
  // Every change through the API is on record: who made it, to which venue, which fields (never their values).
  const venue = server.venue.id;
  const patio = paired.json.device.id as string;
  expect(
    lines.filter((l) =>
      ['pairing code made', 'tablet paired', 'venue changed', 'tablet revoked'].includes(String(l.msg)),
    ),
  ).toEqual([
    expect.objectContaining({ msg: 'pairing code made', venue, device: server.devices[0]!.id }),
    expect.objectContaining({ msg: 'tablet paired', venue, device: patio }),
    expect.objectContaining({ msg: 'venue changed', venue, device: patio, fields: 'appSecret' }),
    expect.objectContaining({ msg: 'tablet revoked', venue, device: patio, revoked: server.devices[1]!.id }),
  ]);
  for (const secret of secrets) expect(text, `the log shows ${secret}`).not.toContain(secret);
  expect(text.toLowerCase()).not.toContain(code.toLowerCase());
});
