import { expect, test } from 'vitest';
import { TOKEN } from '../server-process.ts';
import { APP_KEY } from '../in-process-server.ts';
import { api, useVenueServer, type VenueServer } from './venue-client.ts';

let server: VenueServer['server'];
useVenueServer((started) => void (server = started.server));

/** A raw request: any method, type and body. */
async function raw(path: string, method: string, body: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as { error?: { type: string; message: string } } };
}

test('junk sent to the venue routes is refused in words (never a 500), and changes nothing', async () => {
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const json = { ...auth, 'Content-Type': 'application/json' };
  const cases: [string, string, string | undefined, Record<string, string>, number][] = [
    ['/1/venue', 'PUT', 'null', json, 400],
    ['/1/venue', 'PUT', '[1,2]', json, 400],
    ['/1/venue', 'PUT', '{"name":', json, 400],
    ['/1/venue', 'PUT', '{"name":{"$ne":1}}', json, 400],
    ['/1/venue', 'PUT', 'name=x', { ...auth, 'Content-Type': 'text/plain' }, 415],
    ['/1/venue', 'PUT', JSON.stringify({ name: 'x'.repeat(100_000) }), json, 413],
    ['/1/venue', 'DELETE', undefined, auth, 405],
    ['/1/venue', 'PUT', '{"name":"Evil"}', { ...json, Origin: 'https://evil.example' }, 403],
    ['/1/pair', 'POST', 'code=K7QM-3XDP-9RTA', { 'Content-Type': 'text/plain' }, 415],
    ['/1/pair', 'GET', undefined, {}, 405],
    ['/1/devices', 'DELETE', undefined, auth, 405],
    ['/1/devices/..%2f..%2fvenue/revoke', 'POST', undefined, auth, 404],
    ['/1/devices/' + 'x'.repeat(41) + '/revoke', 'POST', undefined, auth, 404],
    ['/1/devices/%00/revoke', 'POST', undefined, auth, 404],
  ];
  for (const [path, method, body, headers, status] of cases) {
    const answer = await raw(path, method, body, headers);
    expect(answer.status, `${method} ${path} ${body?.slice(0, 30)}`).toBe(status);
    expect(answer.json.error?.message, `${method} ${path}`).toMatch(/\w+ \w+/);
  }
  // A form body is as good as JSON.
  const form = await raw('/1/venue', 'PUT', 'channelAlias=Form1', {
    ...auth,
    'Content-Type': 'application/x-www-form-urlencoded',
  });
  expect(form.status).toBe(200);
  const venue = (await api(server.url, '/1/venue', { token: TOKEN })).json.venue;
  expect(venue).toMatchObject({ name: 'Casa Prueba', appKey: APP_KEY, channelAlias: 'Form1', hasAppSecret: true });
  expect((await server.store.venues.devices(server.venue.id)).every((d) => d.revokedAt === null)).toBe(true);
  expect(server.logs().filter((l) => l.level === 'error')).toEqual([]);
});
