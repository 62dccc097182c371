import { afterEach, describe, expect, test } from 'vitest';
import { head, openSocket, rawExchange } from '../raw-http.ts';
import type { HttpServerConfig } from '../../../src/server/http/http-server.ts';
import { startRelayServer } from '../in-process-server.ts';
import { fakeUpstream, push, startRelayProcess, TOKEN, TOKEN_B } from '../server-process.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
/** The server in this process: these tests are about HTTP, not about the process around it. */
async function setup(server: Partial<HttpServerConfig> = {}) {
  const upstream = await fakeUpstream();
  const relay = await startRelayServer(upstream.url, {}, server);
  cleanup.push(upstream.close, relay.close);
  return { upstream, relay };
}
const postHead = (extra: string[]) =>
  head([
    'POST /1/push HTTP/1.1',
    'Host: 127.0.0.1',
    'Idempotency-Key: raw-key-00001',
    'Content-Type: application/x-www-form-urlencoded',
    ...extra,
  ]);
const FORM = 'target_type=pushed_id&target_alias=Venue&pushed_id=AbC123&content=Table+ready';

describe('the relay against slow, silent and hostile clients', () => {
  test('connections that never send a byte are closed by the idle timeout', async () => {
    const { relay } = await setup({ idleTimeoutMs: 300 });
    const sockets = await Promise.all(Array.from({ length: 30 }, () => openSocket(relay.port)));
    const started = Date.now();
    await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('close', resolve))));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200); // and the relay still answers
  });

  test('SIGTERM: silent connections closed, the slow push in flight gets its answer, a new request on its connection 503, exit 0 in time', async () => {
    // A real process: its exit code and its signal handling are the point.
    const upstream = await fakeUpstream(() => 1_000);
    const relay = await startRelayProcess(upstream.url, undefined, 100_000, { WAITBELL_SHUTDOWN_GRACE_MS: '4000' });
    cleanup.push(upstream.close, relay.stop);
    const silent = await Promise.all(Array.from({ length: 50 }, () => openSocket(relay.port)));
    const silentClosed = Promise.all(silent.map((s) => new Promise((resolve) => s.once('close', resolve))));
    const busy = await openSocket(relay.port);
    let text = '';
    busy.on('data', (d) => (text += String(d)));
    busy.write(`${postHead([`Authorization: Bearer ${TOKEN}`, `Content-Length: ${FORM.length}`])}${FORM}`);
    await expect.poll(() => upstream.calls.length).toBe(1);
    const signalled = Date.now();
    relay.child.kill('SIGTERM');
    await expect.poll(() => relay.logs.join('')).toContain('"msg":"stopping"');
    // A new request on the kept-alive connection, from the kiosk's page: its browser must be able to read the 503.
    busy.write(head(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1', 'Origin: https://kiosk.example']));
    await silentClosed;
    expect(await relay.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(4_000);
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('shipment_successfully_sent');
    expect(text).toMatch(/HTTP\/1\.1 503 [^]*Retry-After: 5[^]*Connection: close/i);
    expect(text).toMatch(/HTTP\/1\.1 503 [^]*Access-Control-Allow-Origin: https:\/\/kiosk\.example/i);
  });

  test('a wrong token with a 200 MB body declared is answered at once, the body never read, the connection closed', async () => {
    const { relay } = await setup();
    const answer = await rawExchange(
      relay.port,
      `${postHead(['Authorization: Bearer nope-nope', 'Content-Length: 200000000'])}target_type=`,
    );
    expect(answer.status).toBe(401);
    expect(answer.text).toMatch(/Connection: close/i);
    expect(answer.closedByServer).toBe(true);
    expect(answer.ms).toBeLessThan(1_500);
  });

  test('a good token with a body declared over the limit: 413 before reading it', async () => {
    const { relay } = await setup();
    const answer = await rawExchange(
      relay.port,
      `${postHead([`Authorization: Bearer ${TOKEN}`, 'Content-Length: 200000000'])}x`,
    );
    expect([answer.status, answer.closedByServer]).toEqual([413, true]);
  });

  test('a flood of wrong tokens from one address turns into 429 with Retry-After; a right token from there still goes through (kiosks share NAT), others too', async () => {
    const { upstream, relay } = await setup();
    const from = '127.0.0.2';
    const statuses: (number | null)[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push(
        (
          await rawExchange(
            relay.port,
            postHead([`Authorization: Bearer guess-${i}`, 'Content-Length: 0', 'Connection: close']),
            { localAddress: from },
          )
        ).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(-10).every((s) => s === 429)).toBe(true);
    const blocked = await rawExchange(
      relay.port,
      postHead(['Authorization: Bearer guess-again', 'Content-Length: 0', 'Connection: close']),
      { localAddress: from },
    );
    expect(Number(/Retry-After: (\d+)/i.exec(blocked.text)?.[1])).toBeGreaterThanOrEqual(1);
    const right = await rawExchange(
      relay.port,
      `${postHead([`Authorization: Bearer ${TOKEN}`, `Content-Length: ${FORM.length}`, 'Connection: close'])}${FORM}`,
      { localAddress: from },
    );
    expect(right.status).toBe(200); // the token is checked first: a right one never meets the address's budget
    expect((await push(relay.url, 'other-address-1')).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
    const refusals = relay
      .text()
      .split('\n')
      .filter((l) => l.includes('"reason":"device token"'));
    expect(refusals.length).toBeLessThanOrEqual(20); // the 429s are not each a log line
    expect(refusals.every((l) => l.includes('"client":"127.0.0.2"'))).toBe(true);
  });

  test('the Origin is checked against configured origins only, whatever the Host says', async () => {
    const { upstream, relay } = await setup();
    const answer = await rawExchange(
      relay.port,
      `${head(['POST /1/push HTTP/1.1', 'Host: evil.example', 'Origin: http://evil.example', `Authorization: Bearer ${TOKEN}`, 'Idempotency-Key: evil-key-0001', 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${FORM.length}`, 'Connection: close'])}${FORM}`,
    );
    expect(answer.status).toBe(403);
    expect(upstream.calls).toEqual([]);
  });

  test('only the documented body shapes: string fields, form or JSON in UTF-8; the scheme "bearer" in any case', async () => {
    const { upstream, relay } = await setup();
    const send = (key: string, contentType: string | null, body: string, auth = `Bearer ${TOKEN}`) =>
      fetch(`${relay.url}/1/push`, {
        method: 'POST',
        headers: {
          Authorization: auth,
          'Idempotency-Key': key,
          ...(contentType ? { 'Content-Type': contentType } : {}),
        },
        body: contentType === null ? new Blob([body]) : body,
      });
    const json = (content: unknown) =>
      JSON.stringify({ target_type: 'pushed_id', target_alias: 'Venue', pushed_id: 'AbC123', content });
    const object = await send('shape-key-001', 'application/json', json({ text: 'hi' }));
    expect(object.status).toBe(400);
    expect(((await object.json()) as { error: { message: string } }).error.message).toContain('"content"');
    expect((await send('shape-key-002', 'text/plain', FORM)).status).toBe(415);
    expect((await send('shape-key-003', null, FORM)).status).toBe(415);
    expect((await send('shape-key-004', 'application/json; charset=utf-16', json('hi'))).status).toBe(415);
    expect(upstream.calls).toEqual([]);
    expect((await send('shape-key-005', 'application/json; charset=UTF-8', json('hi'), `bearer ${TOKEN}`)).status).toBe(
      200,
    );
    expect((await send('shape-key-006', 'application/x-www-form-urlencoded', FORM, `BEARER  ${TOKEN_B}`)).status).toBe(
      200,
    );
    expect(upstream.calls.map((c) => c.content)).toEqual(['hi', 'Table ready']);
  });

  test('/healthz: GET says ok and nothing about the store; HEAD answers without a body; targets that are no URL get a 4xx', async () => {
    const { relay } = await setup();
    await push(relay.url, 'health-key-001');
    expect(await (await fetch(`${relay.url}/healthz`)).json()).toEqual({ ok: true });
    const headAnswer = await fetch(`${relay.url}/healthz`, { method: 'HEAD' });
    expect([headAnswer.status, await headAnswer.text()]).toEqual([200, '']);
    for (const target of ['//[', '//a:99999/x']) {
      const answer = await rawExchange(
        relay.port,
        head([`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close']),
      );
      expect(answer.status).toBe(404); // a path like any other: not a crash, and never another host
    }
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
  });
});
