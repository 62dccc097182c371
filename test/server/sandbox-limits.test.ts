import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createSandbox } from '../../src/server/sandbox/sandbox.ts';
import { SANDBOX_LIMITS } from '../../src/server/sandbox/sandbox-state.ts';

const sandbox = createSandbox(undefined, undefined, undefined, () => ['https://tunnel.example']);
let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => void sandbox.handle(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => sandbox.state.reset());

const api = (path: string, body: Record<string, string> | null, origin?: string) =>
  fetch(`${base}/sandbox/api${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
    body: JSON.stringify(body ?? {}),
  });

describe('the sandbox API', () => {
  test('writes from another origin are refused (403); its own origins, given ones, and none at all are taken', async () => {
    expect((await api('/guests', null, 'https://evil.example')).status).toBe(403);
    expect((await api('/guests', null, 'null')).status).toBe(403);
    expect((await api('/reset', null, `http://evil.example:${port}`)).status).toBe(403); // the port alone proves nothing
    expect(sandbox.state.guests.size).toBe(0);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'https://tunnel.example', undefined])
      expect((await api('/guests', null, origin)).status, origin).toBe(201);
    const read = await fetch(`${base}/sandbox/api/shipments`, { headers: { Origin: 'https://evil.example' } });
    expect(read.status).toBe(200); // reading is not a write
  });

  test('faults: only statuses 200-599, and retryAfter in digits (it goes into a header)', async () => {
    for (const fault of <Record<string, string>[]>[
      { mode: 'status', status: '101' },
      { mode: 'status', status: '600' },
      { mode: 'status', status: '503', retryAfter: '5\r\nSet-Cookie: a=b' },
      { mode: 'status', status: '503', retryAfter: 'soon' },
    ])
      expect((await api('/faults', fault)).status, JSON.stringify(fault)).toBe(400);
    expect((await api('/faults', { mode: 'status', status: '503', retryAfter: '7' })).status).toBe(201);
    expect((await api('/faults', { mode: 'status', status: '204' })).status).toBe(201);
  });
});

describe('the sandbox keeps a bounded amount in memory, dropping the oldest first', () => {
  test('guests, shipments, a guest’s notifications, and live event streams', () => {
    const { state } = sandbox;
    const first = state.createGuest();
    for (let i = 0; i < SANDBOX_LIMITS.guests; i++) state.createGuest();
    expect(state.guests.size).toBe(SANDBOX_LIMITS.guests);
    expect(state.guests.has(first.pushedId)).toBe(false);

    const guest = state.createGuest();
    const shipment = (n: number) => ({
      id: `S${n}`,
      at: n,
      targetType: 'app',
      targetAlias: null,
      recipients: [guest.pushedId],
      content: `n${n}`,
    });
    const total = SANDBOX_LIMITS.shipments + 5;
    for (let n = 0; n < total; n++) state.deliver([guest], shipment(n), null);
    expect(state.shipments).toHaveLength(SANDBOX_LIMITS.shipments);
    expect(state.shipments[0]!.id).toBe('S5');
    expect(guest.notifications).toHaveLength(SANDBOX_LIMITS.notificationsPerGuest);
    expect(guest.notifications.at(-1)!.shipment).toBe(`S${total - 1}`);

    const ended: number[] = [];
    const stops = Array.from({ length: SANDBOX_LIMITS.listeners + 2 }, (_, i) =>
      state.listen(
        guest.pushedId,
        () => {},
        () => ended.push(i),
      ),
    );
    expect([state.listening(), ended]).toEqual([SANDBOX_LIMITS.listeners, [0, 1]]);
    for (const stop of stops) stop();
    expect(state.listening()).toBe(0);
  });
});
