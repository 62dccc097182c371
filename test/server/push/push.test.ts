import { afterEach, describe, expect, test } from 'vitest';
import type { ServerAppConfig } from '../../../src/server/setup/server-config.ts';
import type { HttpServerConfig } from '../../../src/server/http/http-server.ts';
import { startRelayServer } from '../in-process-server.ts';
import {
  fakeUpstream,
  push,
  SECRET,
  startRelayInProcess,
  startRelayProcess,
  TOKEN,
  TOKEN_B,
} from '../server-process.ts';
import { waitUntil } from '../../support/wait-until.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
/** The server in this process: only a restart and a kill need a real one. */
async function setup(delay = () => 0, config: Partial<ServerAppConfig> = {}, server: Partial<HttpServerConfig> = {}) {
  const upstream = await fakeUpstream(delay);
  const relay = await startRelayServer(upstream.url, { ratePerMinute: 100_000, ...config }, server);
  cleanup.push(upstream.close, relay.close);
  return { upstream, relay };
}

describe('the relay in front of a counting upstream', () => {
  test('1,000 requests with 200 keys, many at once and repeated: exactly 200 upstream calls, each answer the same for its key', async () => {
    // Pushed's time limit as a ceiling: 100 pushes at once on a busy machine must not time out into "unknown".
    // 100 kiosks at once, all from this machine's one address: past its per-address cap of connections.
    const { upstream, relay } = await setup(
      () => 5,
      { upstreamTimeoutMs: 20_000 },
      { maxConnectionsPerAddress: 1_000 },
    );
    const keys = Array.from({ length: 200 }, (_, i) => `key-${String(i).padStart(4, '0')}-abcdef`);
    const requests = Array.from({ length: 1_000 }, (_, i) => keys[(i * 7) % 200]!);
    const answers = new Map<string, Set<string>>();
    for (let start = 0; start < requests.length; start += 100) {
      await Promise.all(
        requests.slice(start, start + 100).map(async (key) => {
          const response = await push(relay.url, key, { content: `for ${key}` });
          expect(response.status, await response.clone().text()).toBe(200);
          const shipment = ((await response.json()) as { response: { data: { shipment: string } } }).response.data
            .shipment;
          answers.set(key, (answers.get(key) ?? new Set()).add(shipment));
        }),
      );
    }
    expect(upstream.calls).toHaveLength(200);
    expect(new Set(upstream.calls.map((c) => c.content)).size).toBe(200);
    expect([...answers.values()].every((s) => s.size === 1)).toBe(true);
    expect(upstream.calls[0]).toMatchObject({
      app_key: 'RelayAppKey000000001',
      app_secret: SECRET,
      target_type: 'pushed_id',
    });
  }, 60_000); // a ceiling: PGlite runs one statement at a time

  test('restarted between a request and its retry: the stored answer comes back, no second call', async () => {
    const upstream = await fakeUpstream();
    cleanup.push(upstream.close);
    const first = await startRelayInProcess(upstream.url);
    const answer = await (await push(first.url, 'restart-key-1')).text();
    await first.stop();
    const second = await startRelayInProcess(upstream.url, first.dataDir);
    cleanup.push(second.stop);
    const retry = await push(second.url, 'restart-key-1');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(answer);
    expect(upstream.calls).toHaveLength(1);
  }, 40_000); // a ceiling: two servers start, each opening its database

  test('killed while Pushed is slow: the retry says "outcome unknown", and Pushed is never called twice', async () => {
    const upstream = await fakeUpstream(() => 2_000);
    cleanup.push(upstream.close);
    const relay = await startRelayProcess(upstream.url);
    const pending = push(relay.url, 'killed-key-01').catch(() => null);
    await expect.poll(() => upstream.calls.length).toBe(1);
    await relay.kill(); // SIGKILL mid-call: no goodbye
    await pending;
    const again = await startRelayInProcess(upstream.url, relay.dataDir); // only the killed one need be a process
    cleanup.push(again.stop);
    const retry = await push(again.url, 'killed-key-01');
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({ error: { type: 'outcome_unknown' } });
    expect(upstream.calls).toHaveLength(1); // Pushed counts a call when it arrives: the retry was answered without one
  }, 40_000); // a ceiling: two server processes start, each opening its database

  test("a wrong token, and a tablet revoked from the venue's other tablet (no restart): 401 each saying why, nothing forwarded", async () => {
    const { upstream, relay } = await setup();
    const wrong = await push(relay.url, 'token-key-001', {}, { Authorization: 'Bearer not-a-token' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      error: { type: 'unauthorized', message: expect.stringContaining('device token') },
    });
    expect((await push(relay.url, 'token-key-002', {}, { Authorization: '' })).status).toBe(401);
    expect((await push(relay.url, 'token-key-003')).status).toBe(200);
    const asB = { Authorization: `Bearer ${TOKEN_B}` };
    const { devices } = (await (await fetch(`${relay.url}/1/devices`, { headers: asB })).json()) as {
      devices: { id: string; current: boolean }[];
    };
    const front = devices.find((d) => !d.current)!;
    const revoke = await fetch(`${relay.url}/1/devices/${front.id}/revoke`, { method: 'POST', headers: asB });
    expect(revoke.status).toBe(200);
    const revoked = await push(relay.url, 'token-key-004');
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({
      error: { type: 'device_revoked', message: 'This tablet was disconnected from the venue server.' },
    });
    expect((await push(relay.url, 'token-key-005', {}, asB)).status).toBe(200); // the venue's other tablet still sends
    expect(upstream.calls).toHaveLength(2);
  });

  test('bad requests get a 4xx that says what is wrong, and nothing is forwarded', async () => {
    const { upstream, relay } = await setup();
    const cases: [Promise<Response>, number, string][] = [
      [push(relay.url, null), 400, 'idempotency_key_required'],
      [push(relay.url, 'short'), 400, 'idempotency_key_required'],
      [push(relay.url, 'big-body-key-1', { content: 'x'.repeat(10_000) }), 413, 'body_too_large'],
      [push(relay.url, 'creds-key-0001', { app_secret: 'mine' }), 400, 'credentials_not_accepted'],
      [push(relay.url, 'target-key-001', { target_type: 'planet' }), 400, 'invalid_target'],
      [push(relay.url, 'long-key-00001', { content: 'y'.repeat(141) }), 400, 'content_too_long'],
      [
        fetch(`${relay.url}/1/push`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${TOKEN}`,
            'Idempotency-Key': 'json-key-0001',
            'Content-Type': 'application/json',
          },
          body: '{"broken',
        }),
        400,
        'invalid_request',
      ],
    ];
    for (const [response, status, type] of cases) {
      const r = await response;
      expect([r.status, ((await r.json()) as { error: { type: string } }).error.type]).toEqual([status, type]);
    }
    expect(upstream.calls).toEqual([]);
  });

  test('the same key with a different message is refused (422); a concurrent duplicate waits for the first answer', async () => {
    const { upstream, relay } = await setup(() => 300);
    const [a, b] = await Promise.all([push(relay.url, 'same-key-0001'), push(relay.url, 'same-key-0001')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await a.text()).toBe(await b.text());
    expect((await push(relay.url, 'same-key-0001', { content: 'something else' })).status).toBe(422);
    expect(upstream.calls).toHaveLength(1);
  });

  test('CORS: the allowed kiosk origin gets its preflight answered; another origin is refused', async () => {
    const { relay } = await setup();
    const preflight = await fetch(`${relay.url}/1/push`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://kiosk.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://kiosk.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    const stranger = await push(relay.url, 'cors-key-0001', {}, { Origin: 'https://evil.example' });
    expect(stranger.status).toBe(403);
    const allowed = await push(relay.url, 'cors-key-0002', {}, { Origin: 'https://kiosk.example' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://kiosk.example');
  });

  test('the logs: one JSON line per push, with no secret, token or message text in them', async () => {
    const { relay } = await setup();
    await push(relay.url, 'log-key-00001', { content: 'Private Guest Name, your table' });
    await push(relay.url, 'log-key-00002', {}, { Authorization: 'Bearer wrong-token-value' });
    await waitUntil(() => relay.logs().length >= 2, 'both log lines');
    const text = relay.text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'push' && l.key === 'log-key-00001' && l.status === 200)).toBe(true);
    for (const secret of [SECRET, TOKEN, 'wrong-token-value', 'Private Guest Name']) expect(text).not.toContain(secret);
  });

  test('per-device rate limit: past the burst, 429 with Retry-After, and nothing forwarded', async () => {
    const { upstream, relay } = await setup(() => 0, { ratePerMinute: 30 });
    // The bucket refills one push every 2 s: on a loaded machine one more may pass before the first 429.
    let accepted = 0;
    let limited: Response | undefined;
    const started = Date.now();
    for (let i = 0; !limited && i < 100; i++) {
      const answer = await push(relay.url, `rate-key-${String(i).padStart(4, '0')}`);
      if (answer.status === 200) accepted += 1;
      else limited = answer;
    }
    expect(accepted).toBeGreaterThanOrEqual(30);
    expect(accepted).toBeLessThanOrEqual(30 + Math.ceil((Date.now() - started) / 2_000));
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(upstream.calls).toHaveLength(accepted);
  });

  test('GET /healthz answers', async () => {
    const { relay } = await setup();
    expect(await (await fetch(`${relay.url}/healthz`)).json()).toMatchObject({ ok: true });
  });
});
