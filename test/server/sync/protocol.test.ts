import { describe, expect, test } from 'vitest';
import { TOKEN } from '../server-process.ts';
import { api, useVenueServer, type VenueServer } from '../venue/venue-client.ts';
import { addOf, syncChanges } from './sync-client.ts';

let env!: VenueServer;
useVenueServer((started) => (env = started));
const url = () => env.server.url;

describe('the sync protocol', () => {
  test('a tablet of other merge rules is told to update (426), and nothing it sends is applied', async () => {
    const ana = addOf('Ana');
    const answer = await api(url(), '/1/sync/push', {
      token: TOKEN,
      body: { mutations: [ana.add] },
      headers: { 'Waitbell-Sync': '2' },
    });
    expect(answer.status).toBe(426);
    expect(answer.json.error).toMatchObject({
      type: 'update_required',
      message: expect.stringMatching(/update Waitbell/),
    });
    expect((await syncChanges(url(), TOKEN)).json.parties).toEqual([]);
    const pull = await api(url(), '/1/sync/changes?since=0', { token: TOKEN, headers: { 'Waitbell-Sync': '0' } });
    expect(pull.status).toBe(426);
  });

  test('a tablet of this protocol, or one from before the header, syncs', async () => {
    const ana = addOf('Ana');
    const sent = await api(url(), '/1/sync/push', {
      token: TOKEN,
      body: { mutations: [ana.add] },
      headers: { 'Waitbell-Sync': '1' },
    });
    expect(sent.status).toBe(200);
    expect((await syncChanges(url(), TOKEN)).status).toBe(200);
  });
});

describe('the request id', () => {
  test('a client’s short id is in the answer and in every log line of that request', async () => {
    const answer = await api(url(), '/1/sync/changes?since=x', {
      token: TOKEN,
      headers: { 'X-Request-Id': 'tab-42.a' },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-request-id')).toBe('tab-42.a');
    const lines = env.server.logs().filter((l) => l.request === 'tab-42.a');
    expect(lines.length).toBeGreaterThan(0);
    expect(
      env.server
        .logs()
        .filter((l) => l.status === 400)
        .every((l) => l.request === 'tab-42.a'),
    ).toBe(true);
  });

  test('an id that is not a short safe token is replaced by one the server makes, different for each request', async () => {
    const hostile = { 'X-Request-Id': `x${'y'.repeat(200)}` };
    const first = await api(url(), '/1/devices', { headers: hostile });
    const second = await api(url(), '/1/nowhere', { headers: { 'X-Request-Id': 'a b"c' } });
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(env.server.text()).not.toContain('yyyy');
    expect(env.server.logs().some((l) => l.request === ids[1] && l.status === 404)).toBe(true);
  });
});
