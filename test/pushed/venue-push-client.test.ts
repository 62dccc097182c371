import { describe, expect, test } from 'vitest';
import { createVenuePushClient } from '../../src/pushed/venue-push-client.ts';
import type { FetchLike } from '../../src/pushed/send-push.ts';

const target = { type: 'pushed_id', alias: 'Chan', pushedId: 'Pid1' } as const;
const call = { idempotencyKey: 'key-0001', target, content: 'Table ready', options: { limit: 140 } };

/** A relay that records what it was sent and answers as told. */
function fakeRelay(answer: (init: Parameters<FetchLike>[1]) => ReturnType<FetchLike>) {
  const seen: { url: string; fields: Record<string, string>; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = (url, init) => {
    seen.push({ url, fields: Object.fromEntries(init.body), headers: init.headers ?? {} });
    return answer(init);
  };
  return { fetch, seen };
}
const answer = (status: number, body: string) => async () => ({
  status,
  headers: new Headers(),
  text: async () => body,
});

describe('the relay client', () => {
  test('sends the device token and the idempotency key, never app credentials', async () => {
    const relay = fakeRelay(answer(200, '{"response":{"data":{"shipment":"S1"}}}'));
    const client = createVenuePushClient({
      baseUrl: 'https://relay.test/1',
      fetch: relay.fetch,
      deviceToken: 'Tablet-01',
    });
    expect(await client.push(call)).toEqual({ kind: 'delivered', shipmentId: 'S1' });
    expect(relay.seen).toEqual([
      {
        url: 'https://relay.test/1/push',
        fields: { target_type: 'pushed_id', target_alias: 'Chan', pushed_id: 'Pid1', content: 'Table ready' },
        headers: { Authorization: 'Bearer Tablet-01', 'Idempotency-Key': 'key-0001' },
      },
    ]);
  });

  test('a relay that cannot be reached, or does not answer in time, is an unknown outcome', async () => {
    const down = createVenuePushClient({
      baseUrl: 'https://relay.test/1',
      deviceToken: 'Tablet-01',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    expect(await down.push(call)).toEqual({ kind: 'unknown', cause: 'network' });
    const hang: FetchLike = (_url, init) =>
      new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    const slow = createVenuePushClient({
      baseUrl: 'https://relay.test/1',
      deviceToken: 'Tablet-01',
      fetch: hang,
      timeoutMs: 20,
    });
    expect(await slow.push(call)).toEqual({ kind: 'unknown', cause: 'timeout' });
  });

  test('a 5xx says who did not answer: the relay, or Pushed behind it', async () => {
    const proxy = createVenuePushClient({
      baseUrl: 'https://relay.test/1',
      deviceToken: 'T',
      fetch: fakeRelay(answer(503, '')).fetch,
    });
    expect(await proxy.push(call)).toMatchObject({ kind: 'transient', unanswered: 'relay' });
    const upstream = fakeRelay(
      answer(502, '{"error":{"type":"upstream_unreachable","message":"Pushed could not be reached."}}'),
    );
    const behind = createVenuePushClient({ baseUrl: 'https://relay.test/1', deviceToken: 'T', fetch: upstream.fetch });
    expect(await behind.push(call)).toMatchObject({ kind: 'transient', unanswered: 'pushed' });
  });

  test('a message over the limit is refused before anything is sent', async () => {
    const relay = fakeRelay(answer(200, '{}'));
    const client = createVenuePushClient({ baseUrl: 'https://relay.test/1', deviceToken: 'T', fetch: relay.fetch });
    expect(await client.push({ ...call, options: { limit: 5 } })).toMatchObject({
      kind: 'refused',
      errorType: 'content_too_long',
    });
    expect(relay.seen).toEqual([]);
  });
});
