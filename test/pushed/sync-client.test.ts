import { describe, expect, test } from 'vitest';
import { mutation } from '../../src/core/sync/mutation.ts';
import { createSyncClient, type SyncFetch } from '../../src/pushed/sync-client.ts';
import { aParty } from '../support/parties.ts';

const TOKEN = 'tok_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abc';
const BASE = 'https://venue.test/relay/1';

type Answer = Response | 'network';

/** A venue server at the network boundary: records each request and answers as scripted. */
function fakeServer(...answers: Answer[]) {
  const seen: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const fetch: SyncFetch = async (url, init) => {
    seen.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    const answer = answers.shift() ?? new Response('no script', { status: 500 });
    if (answer === 'network') throw new TypeError(`Failed to fetch ${url} with ${JSON.stringify(init.headers)}`);
    return answer;
  };
  return { fetch, seen, client: createSyncClient({ baseUrl: BASE, fetch, deviceToken: TOKEN }) };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const revoked = () => json(401, { error: { type: 'device_revoked', message: 'm' } });

/** A text/event-stream body that arrives in the given chunks (split anywhere, as a network splits it). */
function stream(...chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

const ana = aParty({ name: 'Ana' });
const add = mutation('m-1', 'door', 1, ana.id, { kind: 'add', party: ana });
const seat = mutation('m-2', 'door', 2, ana.id, { kind: 'act', action: 'seat' });

describe('sync client', () => {
  test('a push sends the mutations with the tablet’s token, and reads what became of each', async () => {
    const server = fakeServer(
      json(200, {
        version: 7,
        outcomes: [
          { id: 'm-1', outcome: 'applied' },
          { id: 'm-2', outcome: 'rejected', reason: { kind: 'already_finished', by: 'no_show', tablet: 'd2' } },
        ],
        tablets: { d2: 'Bar tablet' },
      }),
    );
    const answer = await server.client.push([add, seat]);
    expect(server.seen[0]).toMatchObject({
      url: `${BASE}/sync/push`,
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: { mutations: [add, seat] },
    });
    expect(answer).toEqual({
      ok: true,
      value: {
        version: 7,
        outcomes: [
          { id: 'm-1', outcome: 'applied' },
          { id: 'm-2', outcome: 'rejected', reason: { kind: 'already_finished', by: 'no_show', tablet: 'd2' } },
        ],
        tablets: { d2: 'Bar tablet' },
      },
    });
  });

  test('an answer with an outcome missing is the server breaking the contract, never a guess', async () => {
    const server = fakeServer(json(200, { version: 7, outcomes: [{ id: 'm-1', outcome: 'applied' }], tablets: {} }));
    expect(await server.client.push([add, seat])).toEqual({ ok: false, error: { kind: 'server_error', status: 200 } });
  });

  test('changes: since, a page size and the board scope go in the query; rows come back with their versions', async () => {
    const row = { party: ana, lastChange: null, version: 3 };
    const server = fakeServer(json(200, { version: 3, parties: [row], more: true, remaining: 12, tablets: {} }));
    const page = await server.client.changes(0, { limit: 500, scope: 'board' });
    expect(server.seen[0]?.url).toBe(`${BASE}/sync/changes?since=0&limit=500&scope=board`);
    expect(page).toEqual({ ok: true, value: { version: 3, parties: [row], more: true, remaining: 12, tablets: {} } });
  });

  test('a disconnected tablet, an unknown token, no network, a broken answer: each its own problem, none quoting the token', async () => {
    const server = fakeServer(
      revoked(),
      json(401, { error: { type: 'unauthorized' } }),
      'network',
      new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    const results = [
      await server.client.push([add]),
      await server.client.changes(4),
      await server.client.changes(4),
      await server.client.changes(4),
    ];
    expect(results.map((r) => (r.ok ? 'ok' : r.error))).toEqual([
      { kind: 'revoked' },
      { kind: 'unauthorized' },
      { kind: 'unreachable' },
      { kind: 'server_error', status: 502 },
    ]);
    expect(JSON.stringify(results)).not.toContain(TOKEN);
  });

  test('the live stream gives each version, however the network splits it; pings and other events are skipped', async () => {
    const server = fakeServer(
      stream(
        'event: version\ndata: {"vers',
        'ion":4}\n\n: ping\n\n',
        'event: other\ndata: {"version":99}\n\n',
        'event: version\r\ndata: {"version":5}\r\n\r\n',
      ),
    );
    const versions: number[] = [];
    const end = await server.client.events((v) => versions.push(v), new AbortController().signal);
    expect(versions).toEqual([4, 5]);
    expect(end).toBeNull(); // the server ended it: the engine reconnects
    expect(server.seen[0]).toMatchObject({
      url: `${BASE}/sync/events`,
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${TOKEN}` },
    });
  });

  test("the venue's announcements changing is told apart from a version", async () => {
    const server = fakeServer(stream('event: version\ndata: {"version":4}\n\nevent: announcements\ndata: {}\n\n'));
    const heard: unknown[] = [];
    await server.client.events(
      (v) => heard.push(v),
      new AbortController().signal,
      () => heard.push('settings'),
      () => heard.push('announcements'),
    );
    expect(heard).toEqual([4, 'announcements']);
  });

  test('a live stream a newer one of this tablet replaced ends saying so', async () => {
    const server = fakeServer(stream('event: version\ndata: {"version":4}\n\n', 'event: replaced\ndata: {}\n\n'));
    expect(await server.client.events(() => {}, new AbortController().signal)).toEqual({ kind: 'replaced' });
  });

  test('the live stream of a disconnected tablet ends saying so', async () => {
    const server = fakeServer(revoked());
    expect(await server.client.events(() => {}, new AbortController().signal)).toEqual({ kind: 'revoked' });
  });

  test('every call names this build’s sync protocol, and a server of other rules is read as "update required"', async () => {
    const upgraded = () => json(426, { error: { type: 'update_required', message: 'm' } });
    const server = fakeServer(upgraded(), upgraded(), upgraded());
    expect(await server.client.push([add])).toEqual({ ok: false, error: { kind: 'update_required' } });
    expect(await server.client.changes(0)).toEqual({ ok: false, error: { kind: 'update_required' } });
    expect(await server.client.events(() => {}, new AbortController().signal)).toEqual({ kind: 'update_required' });
    for (const request of server.seen) expect(request.headers['Waitbell-Sync']).toBe('1');
  });
});
