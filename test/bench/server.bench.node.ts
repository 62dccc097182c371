import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { postgresMissing, startPostgres } from '../support/postgres.ts';
import { fakeUpstream, TOKEN } from '../server/server-process.ts';
import { newDatabase, startCopy, type CopyOptions } from '../server/server-copies.ts';

/** Every client of a bench is this machine's one address: past the server's per-address cap of connections. */
const oneAddress = <T extends { env?: Record<string, string> }>(options: T): T => ({
  ...options,
  env: { WAITBELL_MAX_CONNECTIONS_PER_ADDRESS: '1000', ...options.env },
});
import { summarize } from './stats.ts';
import { mutation, type Mutation } from '../../src/core/sync/mutation.ts';
import { openServerStore, type DatabaseLocation } from '../../src/server/setup/server-store.ts';
import { aParty } from '../support/parties.ts';

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
    for (const options of copies) started.push(await startCopy({ upstream: upstream.url, ...oneAddress(options) }));
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
      { dataDir: join(oldTree, 'data'), root: oldTree, main: 'src/server/relay/main.ts', readyPath: '/healthz' },
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

// ---------------------------------------------------------------------------------------------
// Sync: 50 venues × 3 tablets at a rush's pace.

const VENUES = 50;
const TABLETS_PER_VENUE = 3;
/** A rush: each tablet makes a change every RUSH_EVERY_MS on average (adds, calls, seats), for RUSH_MS. */
const RUSH_EVERY_MS = 1_000;
const RUSH_MS = 20_000;

/** The venues and tablets, written into a database before any server copy starts on it. */
async function seedVenues(where: DatabaseLocation): Promise<{ venueId: string; tokens: string[] }[]> {
  const store = await openServerStore(where, randomBytes(32));
  try {
    const venues = [];
    for (let v = 0; v < VENUES; v += 1) {
      const venue = await store.venues.createVenue(`Rush venue ${v + 1}`);
      const tokens = [];
      for (let t = 0; t < TABLETS_PER_VENUE; t += 1)
        tokens.push((await store.venues.addDevice(venue.id, `Tablet ${t + 1}`)).token);
      venues.push({ venueId: venue.id, tokens });
    }
    return venues;
  } finally {
    await store.db.close();
  }
}

/** One tablet in a rush: a change now and then, pushed as soon as the previous push is answered, then a pull. */
async function rushTablet(url: string, token: string, shared: string[], until: number) {
  const pending: { mutation: Mutation; madeAt: number }[] = [];
  const mine: { id: string; step: number }[] = [];
  const pushLatency: number[] = [];
  const applyLatency: number[] = [];
  let version = 0;
  let mutations = 0;
  let rejected = 0;
  let nextAt = performance.now() + Math.random() * RUSH_EVERY_MS;
  const make = () => {
    const t = Date.now();
    const open = mine.filter((p) => p.step < 2); // 0: waiting, 1: called, 2: seated
    // Mostly a new party; else the next step of one on the board (sometimes one another tablet added: a race).
    let m: Mutation;
    if (open.length < 3 || Math.random() < 0.4) {
      const party = aParty({ joinedAt: t, rank: t });
      party.id = randomUUID();
      mine.push({ id: party.id, step: 0 });
      shared.push(party.id);
      m = mutation(randomUUID(), 'me', t, party.id, { kind: 'add', party });
    } else {
      const other = Math.random() < 0.1 && shared.length > 0;
      const target = other ? { id: shared[Math.floor(Math.random() * shared.length)]!, step: 1 } : open[0]!;
      target.step += 1;
      m =
        target.step === 1
          ? mutation(randomUUID(), 'me', t, target.id, { kind: 'act', action: 'notify', round: 1 })
          : mutation(randomUUID(), 'me', t, target.id, { kind: 'act', action: 'seat' });
    }
    pending.push({ mutation: m, madeAt: performance.now() });
  };
  while (performance.now() < until || pending.length > 0) {
    while (performance.now() >= nextAt && performance.now() < until) {
      make();
      nextAt += -Math.log(1 - Math.random()) * RUSH_EVERY_MS;
    }
    if (pending.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(nextAt, until) - performance.now())));
      continue;
    }
    const batch = pending.splice(0, 500);
    const t = performance.now();
    const response = await fetch(`${url}/1/sync/push`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mutations: batch.map((p) => p.mutation) }),
    });
    const answer = (await response.json()) as { outcomes: { outcome: string }[]; version: number };
    if (response.status !== 200) throw new Error(`sync push: status ${response.status}`);
    const done = performance.now();
    pushLatency.push(done - t);
    for (const p of batch) applyLatency.push(done - p.madeAt);
    mutations += batch.length;
    rejected += answer.outcomes.filter((o) => o.outcome === 'rejected').length;
    const pulled = await fetch(`${url}/1/sync/changes?since=${version}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    version = ((await pulled.json()) as { version: number }).version;
  }
  return { pushLatency, applyLatency, mutations, rejected };
}

test(`sync: ${VENUES} venues × ${TABLETS_PER_VENUE} tablets in a rush (a change per tablet every ${RUSH_EVERY_MS / 1000} s on average) — PGlite and PostgreSQL`, async () => {
  const upstream = await fakeUpstream();
  const missing = postgresMissing();
  const cluster = missing ? null : await startPostgres({ fsync: true });
  const folders: string[] = [];
  const lines: string[] = [];
  async function rush(name: string, where: DatabaseLocation, options: Omit<CopyOptions, 'upstream'>) {
    const venues = await seedVenues(where);
    const copy = await startCopy({ upstream: upstream.url, ...oneAddress(options) });
    try {
      const started = performance.now();
      const until = started + RUSH_MS;
      const tablets = await Promise.all(
        venues.flatMap(({ tokens }) => {
          const shared: string[] = [];
          return tokens.map((token) => rushTablet(copy.url, token, shared, until));
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const mutations = tablets.reduce((n, t) => n + t.mutations, 0);
      const rejected = tablets.reduce((n, t) => n + t.rejected, 0);
      const push = summarize(tablets.flatMap((t) => t.pushLatency));
      const apply = summarize(tablets.flatMap((t) => t.applyLatency));
      lines.push(
        `  ${name.padEnd(24)} ${(mutations / seconds).toFixed(0).padStart(5)} mutations/s (${mutations} in ${seconds.toFixed(1)} s, ${rejected} rejected as races)` +
          `  push p50 ${push.median.toFixed(1)} ms, p99 ${push.p99.toFixed(1)} ms  made→applied p99 ${apply.p99.toFixed(1)} ms`,
      );
      expect(mutations).toBeGreaterThan(0);
    } finally {
      await copy.stop();
    }
  }
  try {
    const dir = await mkdtemp(join(tmpdir(), 'waitbell-bench-sync-'));
    folders.push(dir);
    await rush('PGlite (data folder)', { dataDir: dir }, { dataDir: dir });
    if (cluster) {
      const url = await newDatabase(cluster.config);
      const pgDir = await mkdtemp(join(tmpdir(), 'waitbell-bench-sync-'));
      folders.push(pgDir);
      await rush('PostgreSQL, one copy', { url }, { dataDir: pgDir, env: { DATABASE_URL: url } });
    }
    console.log(
      `\nSync rush (${VENUES} venues × ${TABLETS_PER_VENUE} tablets, each a change every ${RUSH_EVERY_MS} ms on average for ${RUSH_MS / 1000} s,` +
        ` pushed as soon as the last push is answered, then a pull; server in its own process, PostgreSQL with fsync on)\n${lines.join('\n')}\n` +
        (missing ? `  PostgreSQL skipped: ${missing}\n` : ''),
    );
  } finally {
    await cluster?.stop();
    await upstream.close();
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  }
});
