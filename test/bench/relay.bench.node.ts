import { expect, test } from 'vitest';
import { fakeUpstream, startRelayProcess, TOKEN } from '../server/server-process.ts';
import { report, summarize } from './stats.ts';

const REQUESTS = 4_000;
const CLIENTS = 100;

/** Sends REQUESTS pushes from CLIENTS concurrent clients; returns each request's latency and the whole run's time. */
async function load(
  url: string,
  headers: (i: number) => Record<string, string>,
  guest: (i: number) => number = (i) => i,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: headers(i),
          body: new URLSearchParams({
            target_type: 'pushed_id',
            target_alias: 'Venue',
            pushed_id: 'AbC123',
            content: `Guest ${guest(i)}, table ready`,
          }),
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latency: summarize(latencies), perSecond: REQUESTS / seconds };
}

test('relay throughput and added latency, 100 concurrent clients, against a local upstream', async () => {
  const upstream = await fakeUpstream();
  // 100 clients from this machine's one address: past the server's per-address cap of connections.
  const relay = await startRelayProcess(upstream.url, undefined, 100_000, {
    WAITBELL_MAX_CONNECTIONS_PER_ADDRESS: '1000',
  });
  try {
    await load(`${upstream.url}/push`, () => ({})); // warm-up
    const direct = await load(`${upstream.url}/push`, () => ({}));
    const viaRelay = await load(`${relay.url}/1/push`, (i) => ({
      Authorization: `Bearer ${TOKEN}`,
      'Idempotency-Key': `bench-${i}-${Date.now()}`,
    }));
    const replay = await load(
      `${relay.url}/1/push`,
      (i) => ({ Authorization: `Bearer ${TOKEN}`, 'Idempotency-Key': `replay-${i % 50}-fixed-key` }),
      (i) => i % 50, // a retry repeats its push exactly
    );
    report(
      `Relay (${REQUESTS} pushes, ${CLIENTS} concurrent clients; relay in its own process, every key fsynced twice)`,
      {
        'straight to the local upstream': direct.latency,
        'through the relay, a new key each': viaRelay.latency,
        'through the relay, retries of 50 known keys': replay.latency,
      },
    );
    console.log(
      `  requests per second: direct ${direct.perSecond.toFixed(0)}, via relay ${viaRelay.perSecond.toFixed(0)}, replays ${replay.perSecond.toFixed(0)}\n` +
        `  p99: direct ${direct.latency.p99.toFixed(1)} ms, via relay ${viaRelay.latency.p99.toFixed(1)} ms, replays ${replay.latency.p99.toFixed(1)} ms\n` +
        `  added by the relay (new keys): p50 ${(viaRelay.latency.median - direct.latency.median).toFixed(1)} ms, p99 ${(viaRelay.latency.p99 - direct.latency.p99).toFixed(1)} ms\n` +
        `  upstream calls: ${upstream.calls.length - 2 * REQUESTS} for ${REQUESTS} new keys + ${REQUESTS} replays of 50 keys (expected ${REQUESTS + 50})\n`,
    );
    expect(upstream.calls.length - 2 * REQUESTS).toBe(REQUESTS + 50);
  } finally {
    await relay.stop();
    await upstream.close();
  }
});
