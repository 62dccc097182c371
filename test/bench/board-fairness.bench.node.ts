import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { mutation } from '../../src/core/sync/mutation.ts';
import { createHttpServer } from '../../src/server/http/http-server.ts';
import { serverLogger } from '../../src/server/log/logger.ts';
import { createServerApp } from '../../src/server/server-app.ts';
import { SERVER_DEFAULTS } from '../../src/server/setup/server-config.ts';
import { openServerStore, type DatabaseLocation, type ServerStore } from '../../src/server/setup/server-store.ts';
import { BOARD_LIMITS } from '../../src/server/sync/server-sync-store.ts';
import { fakeUpstream, SECRET, TOKEN, TOKEN_B } from '../server/server-process.ts';
import { createDatabase, postgresMissing, startPostgres } from '../support/postgres.ts';
import { aParty } from '../support/parties.ts';
import { summarize } from './stats.ts';

const PUSHES = 150;
const READERS = 2;
const PAGE_SIZES = [1024 * 1024, BOARD_LIMITS.pageBytes, 64 * 1024];

/** The largest board the bounds allow: 500 parties of about 2 kB (a long failed message each), 25 pushes of 20. */
async function seedLargestBoard(store: ServerStore, venueId: string, deviceId: string): Promise<number> {
  const failed = 'The guest’s phone did not answer. '.repeat(26); // ~900 characters
  let bytes = 0;
  for (let push = 0; push < BOARD_LIMITS.maxParties / 20; push++) {
    const adds = Array.from({ length: 20 }, (_, i) => {
      const party = aParty({
        name: `Guest ${push}-${i}`,
        note: 'Window table, high chair, birthday'.padEnd(200, '.'),
        messages: {
          table_ready: {
            round: 1,
            at: 1_800_000_000_000,
            delivery: { state: 'failed', at: 1_800_000_000_000, errorType: 'upstream', message: failed },
            sent: 0,
          },
        },
      });
      bytes += JSON.stringify(party).length;
      return mutation(randomBytes(8).toString('hex'), deviceId, 1_800_000_000_000, party.id, { kind: 'add', party });
    });
    const answer = await store.sync.push(venueId, deviceId, adds, { maxParties: 10_000, maxBytes: 100 << 20 });
    expect(answer.outcomes.every((o) => o.outcome === 'applied')).toBe(true);
  }
  return bytes;
}

/** A whole board read as a new tablet does it: page after page; each page's time in the store (how long it holds the database). */
async function timedBoardRead(store: ServerStore, venueId: string, pageBytes: number) {
  const pages: number[] = [];
  let since = 0;
  for (;;) {
    const t = performance.now();
    const page = await store.sync.changes(venueId, since, { scope: 'board', pageBytes });
    pages.push(performance.now() - t);
    if (!page.more) return pages;
    since = page.version;
  }
}

async function boardReadOverHttp(url: string) {
  let since = 0;
  for (;;) {
    const answer = await fetch(`${url}/1/sync/changes?scope=board&since=${since}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const page = (await answer.json()) as { more: boolean; version: number };
    if (answer.status !== 200) throw new Error(`board read: ${answer.status}`);
    if (!page.more) return;
    since = page.version;
  }
}

/** Table ready from venue B's tablet, one after another, each with a new key: each one's time. */
async function tableReady(url: string, count: number, label: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const answer = await fetch(`${url}/1/push`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN_B}`,
        'Idempotency-Key': `${label}-${i}-${randomBytes(4).toString('hex')}`,
      },
      body: new URLSearchParams({
        target_type: 'pushed_id',
        target_alias: 'Venue',
        pushed_id: 'AbC123',
        content: `Guest ${i}, table ready`,
      }),
    });
    await answer.text();
    if (answer.status !== 200) throw new Error(`Table ready: ${answer.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

test('fairness: venue B’s Table ready while venue A reads its largest allowed board back to back — PGlite and PostgreSQL, by page size', async () => {
  const upstream = await fakeUpstream();
  const missing = postgresMissing();
  const cluster = missing ? null : await startPostgres({ fsync: true });
  const lines: string[] = [];
  async function engine(name: string, where: DatabaseLocation) {
    const store = await openServerStore(where, randomBytes(32));
    try {
      const a = await store.venues.createVenue('Venue A', {
        appKey: 'RelayAppKey000000001',
        appSecret: SECRET,
        channelAlias: 'A',
      });
      const b = await store.venues.createVenue('Venue B', {
        appKey: 'RelayAppKey000000002',
        appSecret: SECRET,
        channelAlias: 'Venue',
      });
      const tabletA = await store.venues.addDevice(a.id, 'A', TOKEN);
      await store.venues.addDevice(b.id, 'B', TOKEN_B);
      const bytes = await seedLargestBoard(store, a.id, tabletA.device.id);
      for (const pageBytes of PAGE_SIZES) {
        const app = createServerApp({
          store,
          upstream: upstream.url,
          allowedOrigins: [],
          logger: serverLogger(() => {}),
          board: { pageBytes },
          ratePerMinute: 1_000_000, // the budgets are not what is measured
          syncRatePerMinute: 1_000_000,
        });
        const { server, connections } = createHttpServer(
          app,
          { ...SERVER_DEFAULTS, port: 0, host: '127.0.0.1' },
          serverLogger(() => {}),
        );
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        try {
          const reads = [];
          for (let i = 0; i < 8; i++) reads.push(await timedBoardRead(store, a.id, pageBytes));
          const page = summarize(reads.slice(3).flat());
          const whole = summarize(reads.slice(3).map((p) => p.reduce((x, y) => x + y, 0)));
          const alone = summarize(await tableReady(url, PUSHES, 'alone'));
          let reading = true;
          let boardReads = 0;
          const readers = Array.from({ length: READERS }, async () => {
            while (reading) {
              await boardReadOverHttp(url);
              boardReads += 1;
            }
          });
          const during = summarize(await tableReady(url, PUSHES, 'during'));
          reading = false;
          await Promise.all(readers);
          lines.push(
            `  ${name.padEnd(10)} ${`${(pageBytes / 1024).toFixed(0)} kB`.padStart(8)} ${String(reads[0]!.length).padStart(5)}` +
              `  page p50 ${page.median.toFixed(1).padStart(6)} p99 ${page.p99.toFixed(1).padStart(6)}  board ${whole.median.toFixed(1).padStart(6)}` +
              `  | B alone p50 ${alone.median.toFixed(1).padStart(5)} p99 ${alone.p99.toFixed(1).padStart(6)}` +
              `  | B during ${String(boardReads).padStart(4)} reads: p50 ${during.median.toFixed(1).padStart(6)} p99 ${during.p99.toFixed(1).padStart(6)} ms`,
          );
        } finally {
          await connections.stop(100);
        }
      }
      lines.push(`  (${name}: board of ${BOARD_LIMITS.maxParties} parties, ${(bytes / 1024).toFixed(0)} kB as JSON)`);
    } finally {
      await store.db.close();
    }
  }
  try {
    await engine('PGlite', { memory: true });
    if (cluster) await engine('PostgreSQL', { url: await createDatabase(cluster.config) });
    console.log(
      `\nOne venue's board reads against another venue's Table ready (POST /1/push, ${PUSHES} one after another; ${READERS} tablets of venue A reading the whole board back to back; ms)\n` +
        `  engine         page  pages  one page's time in the store   whole board  | venue B's Table ready\n${lines.join('\n')}\n` +
        (missing ? `  PostgreSQL skipped: ${missing}\n` : ''),
    );
  } finally {
    await cluster?.stop();
    await upstream.close();
  }
});
