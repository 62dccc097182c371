import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { postgresMissing, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import { TEST_ENGINE, testDatabaseEnv } from '../support/test-database.ts';
import { head, openSocket } from './raw-http.ts';
import { fakeUpstream, push, TOKEN } from './server-process.ts';
import { inProcessCopy, newDatabase, startCopy, type CopyOptions } from './server-copies.ts';

// Engine-specific on purpose (several copies need PostgreSQL; the crash tests are about PGlite's folder):
// run once, in the default project, not again when WAITBELL_TEST_DB=postgres reruns the server tests.
const skip = TEST_ENGINE === 'postgres';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function upstreamFor(delay: () => number = () => 0) {
  const upstream = await fakeUpstream(delay);
  cleanup.push(upstream.close);
  return upstream;
}
async function folder() {
  const dir = await mkdtemp(join(tmpdir(), 'waitbell-copy-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
/** A server copy stopped after the test (the cleanup runs in reverse: before its upstream closes). */
async function copy(options: CopyOptions) {
  const started = await startCopy(options);
  cleanup.push(started.kill);
  return started;
}
/** A copy no test kills, in this process (a process of its own would add nothing but its start-up's CPU). */
async function inProcess(options: CopyOptions) {
  const started = await inProcessCopy(options);
  cleanup.push(started.stop);
  return started;
}

/**
 * A push as a kiosk's outbox sends it: when the kept-alive connection it went out on turns out closed
 * (the server let it go idle just as the client reused it, a race a busy machine widens), the same
 * push again with the same key.
 */
async function kioskPush(url: string, key: string, fields: Record<string, string>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await push(url, key, fields);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (attempt === 3 || (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET')) throw error;
    }
  }
}

const shipmentOf = async (response: Response) =>
  ((await response.json()) as { response: { data: { shipment: string } } }).response.data.shipment;

const missing = skip ? null : postgresMissing();

describe.skipIf(skip || missing)('two server copies on one PostgreSQL (real processes)', { timeout: 90_000 }, () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(() => cluster?.stop());

  /**
   * Two copies on a new database; the first, a process (to be killed or stopped), migrates it and imports
   * the old relay's settings, the second, in this process, finds them.
   */
  async function twoCopies(upstream: string, env: Record<string, string> = {}) {
    // Up to 200 clients at once, all from this machine's one address: its per-address cap would refuse most of them.
    const database = {
      DATABASE_URL: await newDatabase(cluster.config),
      WAITBELL_MAX_CONNECTIONS_PER_ADDRESS: '1000',
      ...env,
    };
    const a = await copy({ upstream, dataDir: await folder(), env: database });
    const b = await inProcess({ upstream, dataDir: await folder(), env: database });
    return { a, b, database };
  }

  test('1,000 requests over 200 keys, many at once, spread over both copies: exactly 200 Pushed calls, one answer per key', async () => {
    const upstream = await upstreamFor(() => 5);
    // Pushed's time limit as a ceiling: this fake Pushed shares a process with 200 clients, and on a busy machine
    // it took over the 8 s default to answer one of them, which the relay rightly calls "outcome unknown".
    const { a, b } = await twoCopies(upstream.url, { WAITBELL_UPSTREAM_TIMEOUT_MS: '20000' });
    const keys = Array.from({ length: 200 }, (_, i) => `multi-${String(i).padStart(4, '0')}-key`);
    const answers = new Map<string, Set<string>>();
    let next = 0;
    // 200 clients at once: request i and i+200 carry the same key and go to different copies, at about the same time.
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        while (next < 1_000) {
          const i = next++;
          const key = keys[(i * 7) % 200]!;
          const response = await kioskPush((i + Math.floor(i / 200)) % 2 ? b.url : a.url, key, {
            content: `for ${key}`,
          });
          const said = [...a.logs, ...b.logs]
            .join('')
            .split('\n')
            .filter((l) => l.includes(key) || l.includes('"level":"error"'));
          expect(response.status, `${await response.clone().text()}\n${said.join('\n')}`).toBe(200);
          answers.set(key, (answers.get(key) ?? new Set()).add(await shipmentOf(response)));
        }
      }),
    );
    expect(upstream.calls).toHaveLength(200);
    expect(new Set(upstream.calls.map((c) => c.content)).size).toBe(200);
    expect(answers.size).toBe(200);
    expect([...answers.values()].every((s) => s.size === 1)).toBe(true);
  });

  test('a copy killed while Pushed is slow: a retry on the other copy answers "outcome unknown", Pushed called once', async () => {
    const upstream = await upstreamFor(() => 3_000);
    const { a, b } = await twoCopies(upstream.url, { WAITBELL_UPSTREAM_TIMEOUT_MS: '1000' });
    const pending = push(a.url, 'killed-mid-call-1').catch(() => null);
    await expect.poll(() => upstream.calls.length).toBe(1); // reserved in the database before Pushed was called
    await a.kill();
    await pending;
    // B waits while A's call could still be running (upstream timeout + 5 s after the reservation), then gives up on it.
    const retry = await push(b.url, 'killed-mid-call-1');
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({ error: { type: 'outcome_unknown' } });
    const again = await push(b.url, 'killed-mid-call-1'); // and for good
    expect([again.status, upstream.calls.length]).toEqual([409, 1]);
  });

  test('a copy killed and restarted: every stored answer replayed from either copy, nothing lost, no second call', async () => {
    const upstream = await upstreamFor();
    const { a, b, database } = await twoCopies(upstream.url);
    const keys = Array.from({ length: 100 }, (_, i) => `restart-${String(i).padStart(3, '0')}-key`);
    const first = new Map<string, string>();
    await Promise.all(
      keys.map(async (key, i) => first.set(key, await shipmentOf(await push(i % 2 ? b.url : a.url, key)))),
    );
    await a.kill(); // right after its answers: no goodbye, no flush
    const restarted = await inProcess({ upstream: upstream.url, dataDir: await folder(), env: database });
    for (const url of [restarted.url, b.url]) {
      await Promise.all(
        keys.map(async (key) => {
          const retry = await push(url, key);
          expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
          expect(await shipmentOf(retry)).toBe(first.get(key));
        }),
      );
    }
    expect(upstream.calls).toHaveLength(100);
  });

  test('SIGTERM on one copy during a slow push: that push gets its answer, a new request on its connection 503 + Retry-After, exit 0 in time; the other copy replays it', async () => {
    const upstream = await upstreamFor(() => 1_000);
    const { a, b } = await twoCopies(upstream.url, { WAITBELL_SHUTDOWN_GRACE_MS: '4000' });
    const form = 'target_type=pushed_id&target_alias=Venue&pushed_id=AbC123&content=Table+ready';
    const busy = await openSocket(a.port);
    let text = '';
    busy.on('data', (d) => (text += String(d)));
    busy.write(
      head([
        'POST /1/push HTTP/1.1',
        'Host: 127.0.0.1',
        'Idempotency-Key: sigterm-key-0001',
        'Content-Type: application/x-www-form-urlencoded',
        `Authorization: Bearer ${TOKEN}`,
        `Content-Length: ${form.length}`,
      ]) + form,
    );
    await expect.poll(() => upstream.calls.length).toBe(1);
    const signalled = Date.now();
    a.child.kill('SIGTERM');
    await expect.poll(() => a.logs.join('')).toContain('"msg":"stopping"');
    busy.write(head(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1'])); // a new request on the kept-alive connection
    expect(await a.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(4_000);
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('shipment_successfully_sent');
    expect(text).toMatch(/HTTP\/1\.1 503 [^]*Retry-After: 5[^]*Connection: close/i);
    // The answer was stored before the copy left: the other copy replays it, Pushed is not called again.
    const retry = await push(b.url, 'sigterm-key-0001');
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(upstream.calls).toHaveLength(1);
  });
});

describe.skipIf(skip)(
  'the server on PGlite, killed with SIGKILL (its data folder survives)',
  { timeout: 90_000 },
  () => {
    /** A copy on PGlite in `dataDir` (a migrated database copied there once), restartable on the same folder. */
    async function pgliteCopy(upstream: string, dataDir: string, env: Record<string, string> = {}) {
      return copy({ upstream, dataDir, env: { ...(await testDatabaseEnv(dataDir)), ...env } });
    }

    test('killed between the reservation and Pushed’s answer: after a restart the retry answers "outcome unknown", Pushed called once', async () => {
      const upstream = await upstreamFor(() => 3_000);
      const dir = await folder();
      const env = { WAITBELL_UPSTREAM_TIMEOUT_MS: '1000' };
      const first = await pgliteCopy(upstream.url, dir, env);
      const pending = push(first.url, 'pglite-killed-01').catch(() => null);
      await expect.poll(() => upstream.calls.length).toBe(1);
      await first.kill();
      await pending;
      const again = await inProcess({ upstream: upstream.url, dataDir: dir, env });
      const retry = await push(again.url, 'pglite-killed-01');
      expect(retry.status).toBe(409);
      expect(await retry.json()).toMatchObject({ error: { type: 'outcome_unknown' } });
      expect(upstream.calls).toHaveLength(1);
    });

    test('killed right after a 200: after a restart the stored answer is replayed, no second call', async () => {
      const upstream = await upstreamFor();
      const dir = await folder();
      const first = await pgliteCopy(upstream.url, dir);
      const answered = await push(first.url, 'pglite-answered-1');
      expect(answered.status).toBe(200);
      const body = await answered.text();
      await first.kill();
      const again = await inProcess({ upstream: upstream.url, dataDir: dir });
      const retry = await push(again.url, 'pglite-answered-1');
      expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
      expect(await retry.text()).toBe(body);
      expect(upstream.calls).toHaveLength(1);
    });
  },
);
