import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { createHttpServer } from '../../src/server/http/http-server.ts';
import { createServerApp } from '../../src/server/server-app.ts';
import { serverLogger } from '../../src/server/log/logger.ts';
import { SERVER_DEFAULTS } from '../../src/server/setup/server-config.ts';
import { openServerStore, type DatabaseLocation } from '../../src/server/setup/server-store.ts';
import { postgresMissing, startPostgres, createDatabase } from '../support/postgres.ts';
import { fakeUpstream, SECRET, TOKEN } from '../server/server-process.ts';
import { PUSH_FIELDS } from '../server/venue/venue-client.ts';
import { summarize } from './stats.ts';

const PUSHES = 400;
const WARMUP = 20;
const CLIENTS = 8;

/** The venue server in this process on `where`, with one venue and tablet; pushes per second and their latencies. */
async function pushRate(where: DatabaseLocation, upstream: string) {
  const store = await openServerStore(where, randomBytes(32));
  const venue = await store.venues.createVenue('Casa Prueba', {
    appKey: 'RelayAppKey000000001',
    appSecret: SECRET,
    channelAlias: 'Venue',
  });
  await store.venues.addDevice(venue.id, 'Front stand', TOKEN);
  const quiet = serverLogger(() => {});
  const app = createServerApp({ store, upstream, allowedOrigins: [], ratePerMinute: 1_000_000, logger: quiet });
  const { server, connections } = createHttpServer(app, { ...SERVER_DEFAULTS, port: 0, host: '127.0.0.1' }, quiet);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/1/push`;
  const send = async (key: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Idempotency-Key': key },
      body: new URLSearchParams(PUSH_FIELDS),
    });
    await response.text();
    if (response.status !== 200) throw new Error(`push answered ${response.status}`);
  };
  const run = randomBytes(4).toString('hex');
  for (let i = 0; i < WARMUP; i++) await send(`warm-${run}-${i}`);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < PUSHES) {
        const i = next++;
        const t = performance.now();
        await send(`bench-${run}-${i}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await connections.stop(100);
  await store.db.close();
  return { perSecond: PUSHES / seconds, ...summarize(latencies) };
}

/**
 * What acknowledging only what is on the disk costs: /1/push (a key reserved, Pushed called, its answer
 * stored: two commits each) from 8 clients, on PGlite flushing every commit, on PGlite as it was
 * (fsync off, nothing flushed), and on PostgreSQL with fsync on, for reference.
 */
test('pushes a second and p99 with durable commits', async () => {
  const upstream = await fakeUpstream();
  const folder = async () => ({ dataDir: await mkdtemp(join(tmpdir(), 'waitbell-bench-durable-')) });
  const rows: [string, Awaited<ReturnType<typeof pushRate>>][] = [
    ['PGlite, durable (WAITBELL_DURABLE=on)', await pushRate({ ...(await folder()), durable: true }, upstream.url)],
    ['PGlite, as before (WAITBELL_DURABLE=off)', await pushRate({ ...(await folder()), durable: false }, upstream.url)],
  ];
  if (!postgresMissing()) {
    const cluster = await startPostgres({ fsync: true });
    try {
      rows.push([
        'PostgreSQL 15, fsync on',
        await pushRate({ url: await createDatabase(cluster.config) }, upstream.url),
      ]);
    } finally {
      await cluster.stop();
    }
  }
  await upstream.close();
  console.log(
    `\n/1/push, ${PUSHES} pushes from ${CLIENTS} clients, in-process server, fake Pushed\n` +
      rows
        .map(
          ([name, r]) =>
            `  ${name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(5)} pushes/s  median ${r.median.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms`,
        )
        .join('\n'),
  );
});
