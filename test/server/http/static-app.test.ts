import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { head, rawExchange } from '../raw-http.ts';
import { fakeUpstream, push } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';
import { serverConfigFromEnv } from '../../../src/server/setup/server-config.ts';

// The relay serving a production build on its own origin: a small fake dist/ shaped like Vite's output.
const INDEX = '<!doctype html><title>Waitbell</title><div id="app"></div>';
let dist: string;
let outside: string;
let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let relay: Awaited<ReturnType<typeof startRelayServer>>;
/** The relay's allowed kiosk origins: its own is added by the test that needs it, as an operator would. */
const origins = ['https://kiosk.example'];

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'waitbell-dist-'));
  outside = await mkdtemp(join(tmpdir(), 'waitbell-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'not for the web');
  await mkdir(join(dist, 'assets'));
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'sw.js'), 'self.addEventListener("install", () => {});');
  await writeFile(join(dist, 'manifest.webmanifest'), '{"name":"Waitbell"}');
  await writeFile(join(dist, 'assets', 'index-AbC123xy.js'), 'console.log("app");');
  await writeFile(join(dist, 'assets', 'index-AbC123xy.js.map'), '{"version":3,"sourcesContent":["// the source"]}');
  await writeFile(join(dist, 'assets', 'zxing_reader-Q1w2E3r4.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  await writeFile(join(dist, '.env'), 'SECRET=1');
  await symlink(join(outside, 'secret.txt'), join(dist, 'leak.txt'));
  upstream = await fakeUpstream();
  relay = await startRelayServer(upstream.url, { appDir: dist, allowedOrigins: origins });
});
afterAll(async () => {
  await relay.close();
  await upstream.close();
  await rm(dist, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const get = (path: string, init: RequestInit = {}) => fetch(`${relay.url}${path}`, init);
const refusals = () => relay.logs().filter((l) => l.msg === 'refused');

describe('the relay serves the built kiosk app on its own origin', () => {
  test("the app's source maps are not served (the build keeps them for stack traces, the public gets none)", async () => {
    const res = await get('/assets/index-AbC123xy.js.map');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('the source');
    expect((await get('/assets/INDEX-AbC123xy.JS.MAP')).status).toBe(404);
    expect((await get('/assets/index-AbC123xy.js')).status).toBe(200);
    // An owner who wants them (WAITBELL_SERVE_SOURCE_MAPS=on) gets them.
    const debugging = await startRelayServer(upstream.url, {
      appDir: dist,
      allowedOrigins: origins,
      serveSourceMaps: true,
    });
    try {
      const map = await fetch(`${debugging.url}/assets/index-AbC123xy.js.map`);
      expect(map.status).toBe(200);
      expect(await map.text()).toContain('the source');
    } finally {
      await debugging.close();
    }
  });

  test('the app at / and at an app route, never cached without asking, with the policy as a header', async () => {
    for (const path of ['/', '/settings', '/board/today']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(INDEX);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self' https://api.pushed.co");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  test('hashed assets are cached for good, the service worker and manifest are revalidated, types by extension', async () => {
    const js = await get('/assets/index-AbC123xy.js');
    expect([js.status, js.headers.get('content-type'), await js.text()]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'console.log("app");',
    ]);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const wasm = await get('/assets/zxing_reader-Q1w2E3r4.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    const sw = await get('/sw.js');
    expect([sw.status, sw.headers.get('cache-control'), sw.headers.get('content-type')]).toEqual([
      200,
      'no-cache',
      'text/javascript; charset=utf-8',
    ]);
    const manifest = await get('/manifest.webmanifest');
    expect([manifest.headers.get('cache-control'), manifest.headers.get('content-type')]).toEqual([
      'no-cache',
      'application/manifest+json',
    ]);
  });

  test('a revalidation of an unchanged file is a 304; HEAD has the headers and no body', async () => {
    const first = await get('/sw.js');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await get('/sw.js', { headers: { 'If-None-Match': etag } });
    expect([again.status, await again.text()]).toEqual([304, '']);
    const headOnly = await get('/assets/index-AbC123xy.js', { method: 'HEAD' });
    expect([headOnly.status, headOnly.headers.get('content-length'), await headOnly.text()]).toEqual([200, '19', '']);
  });

  test('a missing file is a 404, never the app; a write is a 405; each refusal answered and logged', async () => {
    const before = refusals().length;
    const missing = await get('/assets/gone-123.js');
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'application/json; charset=utf-8']);
    expect(await missing.text()).not.toContain('Waitbell');
    expect((await get('/favicon.ico')).status).toBe(404);
    const post = await get('/index.html', { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await get('/settings', { method: 'DELETE' })).status).toBe(405);
    expect(refusals().slice(before)).toMatchObject([
      { status: 404, type: 'not_found', client: '127.0.0.1' },
      { status: 404, type: 'not_found' },
      { status: 405, type: 'method_not_allowed' },
      { status: 405, type: 'method_not_allowed' },
    ]);
  });

  test('nothing outside the folder, no dot-files, no listings: traversal in every spelling is refused', async () => {
    const attempts = [
      '/../../../etc/passwd',
      '/assets/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/assets/..%5c..%5cindex.html',
      '/assets\\..\\..\\etc\\passwd',
      '/index.html%00.js',
      '/%',
      '/.env',
      '/leak.txt',
      '/assets/',
      '/assets',
    ];
    const before = refusals().length;
    for (const path of attempts) {
      const answer = await rawExchange(relay.port, head([`GET ${path} HTTP/1.1`, 'Host: x', 'Connection: close']));
      // The two folder paths have no extension: they are app routes (the app), never a listing.
      if (path === '/assets/' || path === '/assets') expect(answer.text, path).toContain(INDEX);
      else expect([400, 404], path).toContain(answer.status);
      expect(answer.text, path).not.toMatch(/root:|not for the web|SECRET=1|index-AbC123xy/);
    }
    expect(refusals().length - before).toBe(attempts.length - 2); // each refusal logged once
  });

  test('the API is untouched, and also answers under /relay for a kiosk from this origin once it is listed', async () => {
    // Not listed yet: a matching Host proves nothing (a rebinding domain sends one too).
    const unlisted = await push(relay.url, 'static-key-0004', {}, { Origin: relay.url });
    expect(unlisted.status).toBe(403);
    origins.push(relay.url); // the operator lists the relay's public origin in WAITBELL_ALLOWED_ORIGINS
    expect(await (await get('/healthz')).json()).toEqual({ ok: true });
    expect(await (await get('/relay/healthz')).json()).toEqual({ ok: true });
    expect((await push(relay.url, 'static-key-0001')).status).toBe(200);
    const own = await fetch(`${relay.url}/relay/1/push`, {
      method: 'POST',
      headers: {
        Origin: relay.url,
        Authorization: 'Bearer kiosk-token-0001',
        'Idempotency-Key': 'static-key-0002',
      },
      body: new URLSearchParams({ target_type: 'pushed_id', target_alias: 'V', pushed_id: 'AbC123', content: 'Hi' }),
    });
    expect(own.status).toBe(200);
    const foreign = await push(relay.url, 'static-key-0003', {}, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await get('/1/push')).status).toBe(405);
    const unknownApi = await get('/1/nothing');
    expect([unknownApi.status, (await unknownApi.json()) as unknown]).toMatchObject([
      404,
      { error: { type: 'not_found' } },
    ]);
    expect(upstream.calls).toHaveLength(2);
  });
});

test('WAITBELL_APP_DIR naming a folder without a build, or without WAITBELL_PUBLIC_URL (no tablet could pair), stops the start, in words', () => {
  const env = { WAITBELL_SECRET_KEY: randomBytes(32).toString('base64') };
  expect(() =>
    serverConfigFromEnv({ ...env, WAITBELL_APP_DIR: outside, WAITBELL_PUBLIC_URL: 'https://waitbell.test' }),
  ).toThrow(/no index\.html: build the app first/);
  expect(() =>
    serverConfigFromEnv({
      ...env,
      WAITBELL_APP_DIR: join(outside, 'nope'),
      WAITBELL_PUBLIC_URL: 'https://waitbell.test',
    }),
  ).toThrow(/is not a folder/);
  expect(() => serverConfigFromEnv({ ...env, WAITBELL_APP_DIR: dist })).toThrow(
    /WAITBELL_PUBLIC_URL must say the address tablets open the app at/,
  );
  const served = serverConfigFromEnv({ ...env, WAITBELL_APP_DIR: dist, WAITBELL_PUBLIC_URL: 'https://waitbell.test' });
  expect([served.appDir, served.allowedOrigins]).toEqual([expect.any(String), ['https://waitbell.test']]);
});

test('without WAITBELL_APP_DIR the relay serves no app', async () => {
  const up = await fakeUpstream();
  const bare = await startRelayServer(up.url);
  try {
    expect((await fetch(`${bare.url}/`)).status).toBe(404);
    expect((await fetch(`${bare.url}/relay/healthz`)).status).toBe(404);
  } finally {
    await bare.close();
    await up.close();
  }
});
