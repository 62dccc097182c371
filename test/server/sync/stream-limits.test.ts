import { afterEach, describe, expect, test } from 'vitest';
import { fakeUpstream, TOKEN, TOKEN_B } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';
import type { ServerAppConfig } from '../../../src/server/setup/server-config.ts';
import { api } from '../venue/venue-client.ts';
import { addOf, openEvents, syncPush } from './sync-client.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(config: Partial<ServerAppConfig>) {
  const upstream = await fakeUpstream();
  const relay = await startRelayServer(upstream.url, config);
  cleanup.push(upstream.close, relay.close);
  return relay;
}

type Stream = Awaited<ReturnType<typeof openEvents>>;
const live = (streams: Stream[]) => streams.filter((s) => s.response.status === 200 && s.ended() === null);
const healthz = (url: string) => fetch(`${url}/healthz`).then((r) => r.status);

describe('event streams are capped', () => {
  test('one tablet opening 40 streams at once keeps only its newest 4, the others ended cleanly; its venue and the server still answer', async () => {
    const relay = await setup({ streamsPerTablet: 4, streamsPerVenue: 6, maxStreams: 10 });
    const flood = await Promise.all(Array.from({ length: 40 }, () => openEvents(relay.url, TOKEN)));
    cleanup.push(async () => flood.forEach((s) => s.close()));
    await expect.poll(() => live(flood).length).toBe(4);
    // Every other one was ended by the server: cleanly once open, or answered 409 before its first event.
    for (const s of flood.filter((s) => !live(flood).includes(s))) {
      if (s.response.status === 200) await s.end();
      expect(s.ended() ?? s.response.status).toMatch(/^(clean|409)$/);
    }
    const other = await openEvents(relay.url, TOKEN_B); // the venue's other tablet is not locked out
    cleanup.push(async () => other.close());
    await other.version(0);
    await syncPush(relay.url, TOKEN_B, [addOf('Ana').add]);
    await Promise.all(live(flood).map((s) => s.version(1))); // the newest streams still hear every change
    expect(await healthz(relay.url)).toBe(200);
  });

  test('past its venue’s cap a new tablet’s stream is refused in words, with Retry-After and one log line naming it; a tablet that reloads replaces its own', async () => {
    const relay = await setup({ streamsPerTablet: 4, streamsPerVenue: 3 });
    const third = await relay.store.venues.addDevice(relay.venue.id, 'Patio', 'kiosk-token-0003');
    const held = [
      await openEvents(relay.url, TOKEN),
      await openEvents(relay.url, TOKEN),
      await openEvents(relay.url, TOKEN_B),
    ];
    cleanup.push(async () => held.forEach((s) => s.close()));
    await Promise.all(held.map((s) => s.version(0)));

    const refused = await api(relay.url, '/1/sync/events', { token: 'kiosk-token-0003' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.json.error.type).toBe('too_many_streams');
    expect(refused.json.error.message).toMatch(/live connections/);
    const lines = relay.logs().filter((l) => l.msg === 'refused' && l.type === 'too_many_streams');
    expect(lines).toEqual([expect.objectContaining({ status: 429, device: third.device.id })]);

    // The back tablet reloads: its new stream replaces its old one, which ends cleanly.
    const reloaded = await openEvents(relay.url, TOKEN_B);
    cleanup.push(async () => reloaded.close());
    await reloaded.version(0);
    await held[2]!.end();
    expect(held[2]!.ended()).toBe('clean');
    expect(held[2]!.replaced()).toBe(true); // so its tab waits instead of taking the stream back at once
    expect(live(held)).toHaveLength(2);
  });

  test('past the server’s cap a stream is refused 503 with Retry-After, and ordinary requests and /healthz still answer', async () => {
    const relay = await setup({ maxStreams: 2 });
    const other = await relay.store.venues.createVenue('Otra Casa');
    await relay.store.venues.addDevice(other.id, 'Door', 'kiosk-token-0009');
    const held = [await openEvents(relay.url, TOKEN), await openEvents(relay.url, TOKEN_B)];
    cleanup.push(async () => held.forEach((s) => s.close()));
    const refused = await api(relay.url, '/1/sync/events', { token: 'kiosk-token-0009' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(refused.json.error.type).toBe('too_many_streams');
    expect((await syncPush(relay.url, 'kiosk-token-0009', [addOf('Bo').add])).status).toBe(200);
    expect(await healthz(relay.url)).toBe(200);
  });

  test('a stream ends cleanly at its maximum age, so none lives forever', async () => {
    const relay = await setup({ streamMaxAgeMs: 200 });
    const stream = await openEvents(relay.url, TOKEN);
    cleanup.push(async () => stream.close());
    await stream.version(0);
    await stream.end();
    expect(stream.ended()).toBe('clean');
  });
});
