import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { authorizeUrl, codeFromRedirect, exchangeCode } from '../../src/pushed/oauth.ts';
import { createPushedClient } from '../../src/pushed/pushed-client.ts';
import { createSandbox } from '../../src/server/sandbox/sandbox.ts';

const sandbox = createSandbox();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => void sandbox.handle(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => sandbox.state.reset());

const credentials = { appKey: SANDBOX_SETTINGS.appKey, appSecret: SANDBOX_SETTINGS.appSecret };
const alias = SANDBOX_SETTINGS.channelAlias;
const client = (timeoutMs = 2_000) => createPushedClient({ baseUrl: `${base}/1`, fetch: (url, init) => fetch(url, init), timeoutMs });
const subscribedGuest = () => {
  const guest = sandbox.state.createGuest();
  guest.channels.add(alias);
  return guest;
};

describe('the Pushed sandbox, through the real client', () => {
  test('pushed_id: delivered to that guest only, with a shipment id', async () => {
    const ana = subscribedGuest();
    const bo = subscribedGuest();
    const result = await client().push({ credentials, target: { type: 'pushed_id', pushedId: ana.pushedId, alias }, content: 'Ready!', options: { limit: 140 } });
    expect(result).toMatchObject({ kind: 'delivered', shipmentId: expect.stringMatching(/^[A-Za-z0-9]{12}$/) });
    expect(ana.notifications.map((n) => n.content)).toEqual(['Ready!']);
    expect(bo.notifications).toEqual([]);
  });

  test('app, channel and email reach the subscribers they should; a link travels with content_type=url', async () => {
    const ana = subscribedGuest();
    sandbox.state.createGuest(); // not subscribed: gets nothing
    const push = (target: Parameters<ReturnType<typeof client>['push']>[0]['target'], content: string, url?: string) =>
      client().push({ credentials, target, content, options: { limit: 140, ...(url ? { url } : {}) } });
    expect((await push({ type: 'app' }, 'to the app')).kind).toBe('delivered');
    expect((await push({ type: 'channel', alias }, 'to the channel', 'https://example.com/menu')).kind).toBe('delivered');
    expect((await push({ type: 'email', email: ana.email, alias }, 'by email')).kind).toBe('delivered');
    expect(ana.notifications.map((n) => [n.content, n.url])).toEqual([
      ['to the app', null],
      ['to the channel', 'https://example.com/menu'],
      ['by email', null],
    ]);
  });

  test('user: an OAuth code exchanged for an access token, then a push to that user', async () => {
    const ana = subscribedGuest();
    expect(authorizeUrl(`${base}/1`, 'Key1', 'https://kiosk.example/cb?x=1')).toBe(
      `${base}/1/oauth/?client_id=Key1&redirect_uri=https%3A%2F%2Fkiosk.example%2Fcb%3Fx%3D1`,
    );
    const { code } = (await (await fetch(`${base}/sandbox/api/guests/${ana.pushedId}/authorize`, { method: 'POST' })).json()) as { code: string };
    expect(codeFromRedirect(`https://kiosk.example/cb?code=${code}`)).toBe(code);
    const token = await exchangeCode((url, init) => fetch(url, init), `${base}/1`, code);
    if (!token.ok) throw new Error('exchange refused');
    const result = await client().push({ credentials, target: { type: 'user', accessToken: token.value, alias }, content: 'Hi', options: { limit: 140 } });
    expect(result.kind).toBe('delivered');
    expect(await exchangeCode((url, init) => fetch(url, init), `${base}/1`, code)).toEqual({
      ok: false,
      error: { errorType: 'invalid_code', message: 'The code is not valid.' },
    });
  });

  test('refusals come back typed: wrong credentials, not subscribed, too long', async () => {
    const guest = sandbox.state.createGuest();
    const push = (over: Partial<typeof credentials>, content = 'x', limit = 1_000) =>
      client().push({ credentials: { ...credentials, ...over }, target: { type: 'pushed_id', pushedId: guest.pushedId, alias }, content, options: { limit } });
    expect(await push({ appSecret: 'wrong' })).toMatchObject({ kind: 'refused', status: 401, errorType: 'app_credentials_are_not_valid' });
    expect(await push({})).toMatchObject({ kind: 'refused', errorType: 'target_has_no_subscribers' });
    guest.channels.add(alias);
    expect(await push({}, 'x'.repeat(141))).toMatchObject({ kind: 'refused', status: 400, errorType: 'content_too_long' });
  });

  test('a JSON body is accepted as well as a form', async () => {
    const guest = subscribedGuest();
    const response = await fetch(`${base}/1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ app_key: credentials.appKey, app_secret: credentials.appSecret, target_type: 'pushed_id', target_alias: alias, pushed_id: guest.pushedId, content: 'json' }),
    });
    expect(response.status).toBe(200);
    expect(guest.notifications.map((n) => n.content)).toEqual(['json']);
  });

  test('faults on purpose: 500 (transient), slow (timeout: unknown), dropped answer (unknown, yet delivered)', async () => {
    const guest = subscribedGuest();
    const push = (timeoutMs?: number) =>
      client(timeoutMs).push({ credentials, target: { type: 'pushed_id', pushedId: guest.pushedId, alias }, content: 'f', options: { limit: 140 } });
    sandbox.state.addFault({ mode: 'status', status: 500 }, 1);
    expect(await push()).toEqual({ kind: 'transient', status: 500, retryAfterMs: null });
    sandbox.state.addFault({ mode: 'slow', delayMs: 300 }, 1);
    expect(await push(100)).toEqual({ kind: 'unknown', cause: 'timeout' });
    sandbox.state.addFault({ mode: 'drop', afterProcessing: true }, 1);
    expect(await push()).toEqual({ kind: 'unknown', cause: 'network' });
    // The dropped one got through, and so does the slow one once its delay is over; the 500 did not.
    await expect.poll(() => guest.notifications.length).toBe(2);
    expect(sandbox.state.stats().pushRequests).toBe(3);
  });

  test('an oversized body is refused with 413 and nothing is sent', async () => {
    const response = await fetch(`${base}/1/push`, { method: 'POST', body: 'content=' + 'x'.repeat(20_000) });
    expect(response.status).toBe(413);
    expect(sandbox.state.shipments).toEqual([]);
  });
});
