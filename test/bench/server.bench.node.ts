import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { postgresMissing, startPostgres } from '../support/postgres.ts';
import { fakeUpstream, TOKEN } from '../server/relay-harness.ts';
import { newDatabase, startCopy, type CopyOptions } from '../server/server-copies.ts';
import { summarize } from './stats.ts';

const REQUESTS = 4_000;
const CLIENTS = 100;
const WARMUP = 200;
/** The relay before the venue server: its key log is a file, fsynced (group commit) before and after each call. */
const OLD_RELAY_COMMIT = 'c39468e';
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The old relay's source tree, as committed, in a temporary folder: run as it ran (`npm run relay`). */
async function oldRelayTree(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'waitbell-old-relay-'));
  await run('sh', ['-c', `git -C "${ROOT}" archive ${OLD_RELAY_COMMIT} src package.json | tar -x -C "${dir}"`]);
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Sends `count` pushes, each with a new key, from CLIENTS concurrent clients spread over `urls`. */
async function load(urls: string[], count: number, label: string) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const url = urls[client % urls.length]!;
      while (next < count) {
        const i = next++;
        const t = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${TOKEN}`,
            'Idempotency-Key': `${label.replace(/\W+/g, '-')}-${i}-${randomBytes(4).toString('hex')}`,
          },
          body: new URLSearchParams({
            target_type: 'pushed_id',
            target_alias: 'Venue',
            pushed_id: 'AbC123',
            content: `Guest ${i}, table ready`,
          }),
        }).catch((error: Error & { cause?: { code?: string } }) => {
          throw new Error(`${label}: request ${i} failed (${error.cause?.code ?? error.message})`);
        });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${label}: status ${response.status} ${text.slice(0, 200)}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latency: summarize(latencies), perSecond: count / ((performance.now() - started) / 1000) };
}

interface Row {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  calls: number;
  startMs: number[];
  restartMs: number;
}

test('the venue server: a new key each, 100 concurrent clients — file key log, PGlite, PostgreSQL one and two copies', async () => {
  const upstream = await fakeUpstream();
  const folders: string[] = [];
  const folder = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waitbell-bench-'));
    folders.push(dir);
    return dir;
  };
  const missing = postgresMissing();
  const cluster = missing ? null : await startPostgres({ fsync: true });
  const rows: Row[] = [];

  /** Starts the copies, warms them up, times the run, then stops them and times a restart of the first. */
  async function measure(name: string, copies: Omit<CopyOptions, 'upstream'>[]) {
    const started = [];
    for (const options of copies) started.push(await startCopy({ upstream: upstream.url, ...options }));
    const urls = started.map((c) => `${c.url}/1/push`);
    try {
      await load(urls, WARMUP, `${name}-warm`);
      const before = upstream.calls.length;
      const { latency, perSecond } = await load(urls, REQUESTS, name);
      const calls = upstream.calls.length - before;
      for (const c of started) await c.stop();
      const again = await startCopy({ upstream: upstream.url, ...copies[0]! });
      await again.stop();
      console.log(`${name}: ${perSecond.toFixed(0)} req/s, p99 ${latency.p99.toFixed(1)} ms`);
      rows.push({
        name,
        perSecond,
        p50: latency.median,
        p99: latency.p99,
        calls,
        startMs: started.map((c) => c.startMs),
        restartMs: again.startMs,
      });
    } finally {
      for (const c of started) await c.kill();
    }
  }

  try {
    await load([`${upstream.url}/push`], WARMUP, 'warm');
    const direct = await load([`${upstream.url}/push`], REQUESTS, 'direct');
    const oldTree = await oldRelayTree();
    folders.push(oldTree);
    await measure('old relay, file key log (c39468e)', [
      { dataDir: join(oldTree, 'data'), root: oldTree, readyPath: '/healthz' },
    ]);
    await measure('PGlite (data folder)', [{ dataDir: await folder() }]);
    if (cluster) {
      const one = { DATABASE_URL: await newDatabase(cluster.config) };
      await measure('PostgreSQL, one copy', [{ dataDir: await folder(), env: one }]);
      const two = { DATABASE_URL: await newDatabase(cluster.config) };
      await measure('PostgreSQL, two copies', [
        { dataDir: await folder(), env: two },
        { dataDir: await folder(), env: two },
      ]);
    }

    const file = rows[0]!;
    const lines = rows.map(
      (r) =>
        `  ${r.name.padEnd(36)} ${r.perSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms` +
        `  ×${(r.perSecond / file.perSecond).toFixed(2)} req/s, ×${(r.p99 / file.p99).toFixed(2)} p99 of the file log` +
        `  Pushed calls ${r.calls}/${REQUESTS}  start ${r.startMs.map((ms) => ms.toFixed(0)).join(' + ')} ms, restart ${r.restartMs.toFixed(0)} ms`,
    );
    console.log(
      `\nVenue server (${REQUESTS} pushes, a new key each, ${CLIENTS} concurrent clients, after ${WARMUP} warm-up pushes; each server in its own process,` +
        ` the clients in the bench's; PostgreSQL with fsync on)\n` +
        `  straight to the local upstream: ${direct.perSecond.toFixed(0)} req/s, p50 ${direct.latency.median.toFixed(1)} ms, p99 ${direct.latency.p99.toFixed(1)} ms (the clients' own cost)\n` +
        `${lines.join('\n')}\n` +
        `  The old relay is the tree of commit ${OLD_RELAY_COMMIT} (git archive), run as \`npm run relay\` ran it. Start: process spawned → /readyz 200` +
        ` (the old relay: /healthz), on an empty data folder or database (PGlite: initdb); restart: on the data just written.\n` +
        (missing ? `  PostgreSQL skipped: ${missing}\n` : ''),
    );
    for (const r of rows) expect(r.calls, r.name).toBe(REQUESTS);
  } finally {
    await cluster?.stop();
    await upstream.close();
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  }
});
