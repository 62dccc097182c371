import type { Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { head, openSocket, rawExchange } from '../raw-http.ts';
import { startRelayServer } from '../in-process-server.ts';
import { fakeUpstream, TOKEN, TOKEN_B } from '../server-process.ts';
import { waitUntil } from '../../support/wait-until.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/**
 * Connections from `localAddress` that dribble a request's head a byte at a time and reconnect
 * shortly after each is cut, `count` at once, until stopped.
 */
function dribblers(port: number, localAddress: string, count: number) {
  let running = true;
  let opened = 0;
  const open = new Set<Socket>();
  const one = async (): Promise<void> => {
    if (!running) return;
    const socket = await openSocket(port, localAddress).catch(() => null);
    if (!socket) return void setTimeout(() => void one(), 50);
    opened += 1;
    open.add(socket);
    socket.on('error', () => {});
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => socket.write('X'), 100);
    socket.once('close', () => {
      clearInterval(drip);
      open.delete(socket);
      setTimeout(() => void one(), 50); // back as soon as cut (a pause keeps this test's own CPU bounded)
    });
  };
  for (let i = 0; i < count; i++) void one();
  return {
    opened: () => opened,
    stop: () => {
      running = false;
      for (const s of open) s.destroy();
    },
  };
}

/** An event stream held open on a connection of its own, once its first event arrived. */
async function holdStream(port: number, ...extra: string[]): Promise<Socket> {
  const socket = await openSocket(port);
  socket.on('error', () => {});
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.write(head(['GET /1/sync/events HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${TOKEN}`, ...extra]));
  await waitUntil(() => text.includes('event: version'), 'the stream to open');
  return socket;
}

/** A whole JSON answer has arrived (its body closes its object). */
const answered = (text: string) => /\r\n\r\n\{.*\}$/s.test(text);

const syncPull = (token: string, extra: string[] = []) =>
  head(['GET /1/sync/changes?since=0 HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${token}`, ...extra]);
const FORM = 'target_type=pushed_id&target_alias=Venue&pushed_id=AbC123&content=Table+ready';
const pushHead = (key: string) =>
  head([
    'POST /1/push HTTP/1.1',
    'Host: 127.0.0.1',
    `Authorization: Bearer ${TOKEN_B}`,
    `Idempotency-Key: ${key}`,
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${FORM.length}`,
  ]);

describe('connections per client address', () => {
  test('one address dribbling more connections than its cap and reconnecting cannot starve others: their pulls and pushes keep working', async () => {
    const upstream = await fakeUpstream();
    const relay = await startRelayServer(
      upstream.url,
      {},
      { maxConnections: 25, maxConnectionsPerAddress: 8, headersTimeoutMs: 1_000 },
    );
    cleanup.push(upstream.close, relay.close);
    const attack = dribblers(relay.port, '127.0.0.2', 30);
    cleanup.push(attack.stop);
    await waitUntil(() => attack.opened() >= 60, 'the attacker to reconnect past its cap');

    for (let i = 0; i < 6; i++) {
      const pull = await rawExchange(relay.port, syncPull(TOKEN), {
        localAddress: '127.0.0.3',
        until: answered,
      });
      expect(pull.status, `pull ${i}: ${pull.text}`).toBe(200);
      const sent = await rawExchange(relay.port, `${pushHead(`cap-key-000${i}`)}${FORM}`, {
        localAddress: '127.0.0.4',
        until: (t) => t.includes('shipment'),
      });
      expect(sent.status, `push ${i}: ${sent.text}`).toBe(200);
    }
    const lines = relay.logs().filter((l) => l.msg === 'connections refused: too many from one address');
    expect(lines).toEqual([expect.objectContaining({ client: '127.0.0.2', maxPerAddress: 8 })]); // one per 10 s
  });

  test('behind a trusted proxy, each forwarded address gets the cap for its requests in progress, streams included: the next is 429, others pass', async () => {
    const upstream = await fakeUpstream();
    const relay = await startRelayServer(
      upstream.url,
      { trustedProxies: ['127.0.0.1'] },
      { maxConnectionsPerAddress: 3 },
    );
    cleanup.push(upstream.close, relay.close);
    const from = (address: string) => `X-Forwarded-For: ${address}`;
    const held = [
      await holdStream(relay.port, from('203.0.113.7')),
      await holdStream(relay.port, from('203.0.113.7')),
      await holdStream(relay.port, from('203.0.113.7')),
    ];
    cleanup.push(() => held.forEach((s) => s.destroy()));

    const over = await rawExchange(
      relay.port,
      syncPull(TOKEN_B, [from('203.0.113.7'), 'Origin: https://kiosk.example']),
      {
        until: answered,
      },
    );
    expect(over.status).toBe(429);
    expect(over.text).toMatch(/Retry-After: \d+/i);
    expect(over.text).toContain('too_many_connections');
    // The kiosk's browser may read it, so the tablet says "too many", not "the server is unreachable".
    expect(over.text).toMatch(/Access-Control-Allow-Origin: https:\/\/kiosk\.example/i);
    const neighbour = await rawExchange(relay.port, syncPull(TOKEN_B, [from('203.0.113.8')]), {
      until: answered,
    });
    expect(neighbour.status).toBe(200); // and the proxy's own sockets (5 now) are not capped at 3
    expect(relay.logs().filter((l) => l.type === 'too_many_connections')).toEqual([
      expect.objectContaining({ msg: 'refused', status: 429, client: '203.0.113.7' }),
    ]);

    held[0]!.destroy(); // one stream ends: its address has room again
    await waitUntil(
      async () =>
        (await rawExchange(relay.port, syncPull(TOKEN_B, [from('203.0.113.7')]), { until: answered })).status === 200,
      'room for 203.0.113.7 again',
    );
  });
});
