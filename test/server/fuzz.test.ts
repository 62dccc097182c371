import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { rawExchange } from './raw-http.ts';
import { fakeUpstream, push, startRelayProcess, TOKEN } from './server-process.ts';
import { answers, waitUntil } from '../support/wait-until.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { freePort } from '../support/postgres.ts';

// Raw bytes at both servers `npm start` and `npm run server` run: whatever arrives, they answer or
// close, and keep serving. Seeded: FUZZ_SEED=n reproduces a run.
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_601);
const BATCHES = 5;
const PER_BATCH = 40;
const FUZZ_FROM = '127.0.0.3'; // another loopback address: the fuzz's wrong tokens must not block the checks' address

/** A small seeded generator of what the fuzz sends. */
function random(seed: number) {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  return { next, pick, bytes };
}

const FORM = 'target_type=pushed_id&target_alias=WaitbellDemo&pushed_id=AbC123&content=Ready';
const METHODS = ['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'BREW', 'G\u0000T', ''];
const PATHS = [
  '//[',
  '//a:99999/x',
  '/1/push',
  '/relay/1/push',
  '/healthz',
  '/relay/healthz',
  '/relay//[',
  '/relay//a:99999/x',
  '/sandbox/api/guests',
  '/sandbox/api/guests/NOPE/subscribe',
  '/sandbox/api/faults',
  '/sandbox/phone?guest=%',
  '/sandbox/%E0%A4%A',
  '/1/oauth/access_token',
  '/1/oauth/?client_id=%&redirect_uri=%',
  '/1/oauth',
  '%',
  '*',
  'http://[',
  'http://a:99999/1/push',
  '/..%2f..%2fetc',
  '/',
  '/settings',
  '/index.html',
  '/assets/index-Fuzz0001.js',
  '/assets/missing-0001.wasm',
  '/assets/%2e%2e/%2e%2e/etc/passwd',
  '/..\\..\\etc\\passwd',
  '/index.html%00.js',
  `/${'a'.repeat(10_000)}`,
  '/\u00ff\u0001',
  '',
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1.1 extra', ''];
const HEADERS = [
  'Host: 127.0.0.1',
  'Host: evil.example',
  'Host: [',
  'Content-Type: application/json',
  'Content-Type: application/x-www-form-urlencoded',
  'Content-Type: text/plain',
  'Content-Type: application/json; charset=utf-16',
  'Content-Type: ;;;=',
  'Content-Length: 0',
  'Content-Length: 5',
  'Content-Length: 999999999999',
  'Content-Length: -1',
  'Content-Length: abc',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: gzip, chunked',
  `Authorization: Bearer ${TOKEN}`,
  `Authorization: bearer ${SANDBOX_SETTINGS.deviceToken}`,
  'Authorization: Bearer',
  'Authorization: Basic Zm9vOmJhcg==',
  'Idempotency-Key: fuzz-key-0001',
  'Idempotency-Key: ../../',
  'Origin: http://evil.example',
  'Origin: null',
  'Connection: close',
  'Expect: 100-continue',
  'X-Forwarded-For: 1.2.3.4, [',
  'Bad Header Name: x',
  'NoColon',
  `X-Long: ${'b'.repeat(20_000)}`,
  'Upgrade: websocket',
];
const BODIES = [
  FORM,
  '{"target_type":"app","content":{"a":1}}',
  '[1,2]',
  '{"broken',
  'content=%E0%A4%A',
  '5\r\nhello\r\n0\r\n\r\n',
  'zz\r\nnot chunked\r\n',
  '{"mode":"slow","delayMs":"1"}',
  '{"mode":"drop"}',
  '',
];

/** One raw request: a request line, some headers, a body; sometimes cut off anywhere. */
function fuzzCase(r: ReturnType<typeof random>): Buffer {
  const line = `${r.pick(METHODS)} ${r.pick(PATHS)} ${r.pick(VERSIONS)}`;
  const headers = Array.from({ length: Math.floor(r.next() * 6) }, () => r.pick(HEADERS));
  const body = r.next() < 0.15 ? r.bytes(Math.floor(r.next() * 300)) : Buffer.from(r.pick(BODIES));
  const whole = Buffer.concat([Buffer.from(`${line}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
  if (r.next() < 0.1) return r.bytes(Math.floor(r.next() * 200)); // not HTTP at all
  return r.next() < 0.25 ? whole.subarray(0, Math.floor(r.next() * whole.length)) : whole; // truncated mid-request
}

/** Sends the batches at `port`; after each, the server must still be alive, answer /healthz and take a good push. */
async function fuzz(port: number, seed: number, check: () => Promise<void>, alive: () => boolean) {
  const r = random(seed);
  for (let batch = 0; batch < BATCHES; batch++) {
    const cases = Array.from({ length: PER_BATCH }, () => fuzzCase(r));
    await Promise.all(cases.map((data) => rawExchange(port, data, { localAddress: FUZZ_FROM, timeoutMs: 300 })));
    expect(alive(), `batch ${batch} (seed ${seed})`).toBe(true);
    await check();
  }
}

describe(`raw-socket fuzz (seed ${SEED})`, () => {
  test('the relay process (npm run server), serving a stub build too', async () => {
    const upstream = await fakeUpstream();
    const appDir = await mkdtemp(join(tmpdir(), 'waitbell-stub-app-'));
    await mkdir(join(appDir, 'assets'));
    await writeFile(join(appDir, 'index.html'), '<!doctype html><title>Waitbell</title>');
    await writeFile(join(appDir, 'assets', 'index-Fuzz0001.js'), 'console.log(1);');
    const relay = await startRelayProcess(upstream.url, undefined, 100_000, {
      WAITBELL_IDLE_TIMEOUT_MS: '1000',
      WAITBELL_APP_DIR: appDir,
      WAITBELL_PUBLIC_URL: 'https://waitbell.test',
    });
    let n = 0;
    try {
      await fuzz(
        relay.port,
        SEED,
        async () => {
          expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
          expect((await fetch(`${relay.url}/settings`)).status).toBe(200);
          expect((await push(relay.url, `fuzz-check-${String(n++).padStart(4, '0')}`)).status).toBe(200);
        },
        () => relay.child.exitCode === null,
      );
    } finally {
      await relay.stop();
      await upstream.close();
      await rm(appDir, { recursive: true, force: true });
    }
  }, 40_000);

  describe('the demo server (vite preview, as npm start runs it, over a stub build)', () => {
    let outDir: string;
    let stopPreview: () => Promise<void>;
    let preview: ReturnType<typeof spawn>;
    let base: string;
    let port: number;
    const output: string[] = []; // Vite's own output, shown if it dies
    beforeAll(async () => {
      outDir = await mkdtemp(join(tmpdir(), 'waitbell-stub-build-'));
      await writeFile(join(outDir, 'index.html'), '<!doctype html><title>Waitbell</title>');
      port = await freePort();
      base = `http://127.0.0.1:${port}`;
      preview = spawn(
        process.execPath,
        [
          'node_modules/vite/bin/vite.js',
          'preview',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--strictPort',
          '--outDir',
          outDir,
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, WAITBELL_DEMO_IDLE_TIMEOUT_MS: '500' },
        },
      );
      preview.stdout!.on('data', (d) => output.push(String(d)));
      preview.stderr!.on('data', (d) => output.push(String(d)));
      const exited = new Promise((resolve) => preview.once('exit', resolve));
      stopPreview = async () => {
        if (preview.exitCode === null) preview.kill('SIGTERM');
        await exited;
      };
      // A ceiling: the demo's server makes its PGlite database first (initdb), slow on a busy machine.
      await waitUntil(() => answers(`${base}/relay/healthz`), 'vite preview to start', { timeoutMs: 60_000 });
    }, 70_000);
    afterAll(async () => {
      if (preview.exitCode !== null) console.error(`vite preview ended (${preview.exitCode}):\n${output.join('')}`); // why, for the failing test
      await stopPreview();
      await rm(outDir, { recursive: true, force: true });
    });

    const api = (path: string, body?: unknown, method = 'POST') =>
      fetch(`${base}${path}`, {
        method,
        ...(body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });

    test('the sandbox and the demo relay keep answering, and a good push still goes kiosk → relay → sandbox', async () => {
      let n = 0;
      await fuzz(
        port,
        SEED + 1,
        async () => {
          await api('/sandbox/api/faults', undefined, 'DELETE'); // the fuzz may have queued faults on purpose
          const { pushedId } = (await (await api('/sandbox/api/guests')).json()) as { pushedId: string };
          await api(`/sandbox/api/guests/${pushedId}/subscribe`);
          expect((await fetch(`${base}/relay/healthz`)).status).toBe(200);
          const pushed = await fetch(`${base}/relay/1/push`, {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${SANDBOX_SETTINGS.deviceToken}`,
              'Idempotency-Key': `fuzz-demo-${String(n++).padStart(4, '0')}`,
              Origin: base,
            },
            body: new URLSearchParams({
              target_type: 'pushed_id',
              target_alias: SANDBOX_SETTINGS.channelAlias,
              pushed_id: pushedId,
              content: 'Ready',
            }),
          });
          expect(pushed.status).toBe(200);
        },
        () => preview.exitCode === null,
      );
    }, 20_000);

    test('targets that once ended Vite or the mount get a status, and the server lives on', async () => {
      for (const target of [
        'http://[',
        '//[',
        '//a:99999/x',
        '/relay//[',
        '/relay//a:99999/x',
        '/sandbox/phone?guest=%',
      ]) {
        const answer = await rawExchange(
          port,
          `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
        );
        expect(answer.status, target).toBeGreaterThanOrEqual(200);
      }
      expect((await fetch(`${base}/relay/healthz`)).status).toBe(200);
      expect(preview.exitCode).toBeNull();
    });

    test('the demo relay takes its own origins and refuses another', async () => {
      const send = (origin: string) =>
        fetch(`${base}/relay/1/push`, {
          method: 'POST',
          headers: {
            Origin: origin,
            Authorization: `Bearer ${SANDBOX_SETTINGS.deviceToken}`,
            'Idempotency-Key': `origin-${origin.length}-${Date.now()}`,
          },
          body: new URLSearchParams({ target_type: 'app', content: 'Ready' }),
        });
      const statuses = [(await send(base)).status, (await send(`http://localhost:${port}`)).status];
      expect(statuses.every((s) => s !== 403)).toBe(true);
      const evil = await send('http://evil.example');
      expect([evil.status, await evil.json()]).toEqual([
        403,
        { error: expect.objectContaining({ type: 'origin_not_allowed' }) },
      ]);
    });

    test('connections that never send a byte are closed', async () => {
      const silent = await rawExchange(port, '', { timeoutMs: 3_000 });
      expect(silent.closedByServer).toBe(true);
    });
  });
});
