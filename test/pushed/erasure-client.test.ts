import { expect, test } from 'vitest';
import { createErasureClient } from '../../src/pushed/erasure-client.ts';
import type { VenueFetch } from '../../src/pushed/venue-client.ts';

const TOKEN = 'tok_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abc';

/** A venue server at the network boundary: records each request and answers as scripted. */
function fakeServer(...answers: { status: number; body: unknown }[]) {
  const seen: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const fetch: VenueFetch = async (url, init) => {
    seen.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    const answer = answers.shift() ?? { status: 500, body: 'no script' };
    return { status: answer.status, headers: new Headers(), text: async () => JSON.stringify(answer.body) };
  };
  return { fetch, seen };
}

test('the owner’s search, erasure and list go with the token and the PIN; an answer not of the contract is a server error', async () => {
  const match = { partyId: 'p-1', joinedAt: 1_000, size: 2, status: 'seated', name: 'Ana' };
  const record = { id: 'e-1', at: 2_000, field: 'name', parties: 1, tablet: 'Bar' };
  const server = fakeServer(
    { status: 200, body: { matches: [match] } },
    { status: 201, body: { erasure: record } },
    { status: 200, body: { erasures: [record] } },
    { status: 200, body: { erasures: [{ ...record, field: 'address' }] } },
  );
  const client = createErasureClient({
    baseUrl: 'https://venue.test/relay/1',
    fetch: server.fetch,
    deviceToken: TOKEN,
    staffPin: '2468',
  });

  expect(await client.previewErasure('name', 'Ana')).toEqual({ ok: true, value: [match] });
  expect(await client.createErasure('e-1', 'name', 'Ana', ['p-1'])).toEqual({ ok: true, value: record });
  expect(await client.listErasures()).toEqual({ ok: true, value: [record] });
  expect(await client.listErasures()).toEqual({ ok: false, error: { kind: 'server_error', status: 200 } });

  expect(server.seen.map((r) => [r.method, r.url, r.body])).toEqual([
    ['POST', 'https://venue.test/relay/1/erasures/preview', { field: 'name', value: 'Ana' }],
    ['POST', 'https://venue.test/relay/1/erasures', { id: 'e-1', field: 'name', value: 'Ana', partyIds: ['p-1'] }],
    ['GET', 'https://venue.test/relay/1/erasures', undefined],
    ['GET', 'https://venue.test/relay/1/erasures', undefined],
  ]);
  for (const { headers } of server.seen) {
    expect(headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers['Waitbell-Staff-Pin']).toBe('2468');
  }
});
