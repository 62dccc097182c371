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
const client = (timeoutMs = 2_000) =>
  createPushedClient({ baseUrl: `${base}/1`, fetch: (url, init) => fetch(url, init), timeoutMs });
const subscribedGuest = () => {
  const guest = sandbox.state.createGuest();
  guest.channels.add(alias);
  return guest;
};

describe('the Pushed sandbox, through the real client', () => {
  test('pushed_id: delivered to that guest only, with a shipment id', async () => {
    const ana = subscribedGuest();
    const bo = subscribedGuest();
    const result = await client().push({
      credentials,
      target: { type: 'pushed_id', pushedId: ana.pushedId, alias },
      content: 'Ready!',
      options: { limit: 140 },
    });
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
    expect((await push({ type: 'channel', alias }, 'to the channel', 'https://example.com/menu')).kind).toBe(
      'delivered',
    );
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
    const { code } = (await (
      await fetch(`${base}/sandbox/api/guests/${ana.pushedId}/authorize`, { method: 'POST' })
    ).json()) as { code: string };
    expect(codeFromRedirect(`https://kiosk.example/cb?code=${code}`)).toBe(code);
    const token = await exchangeCode((url, init) => fetch(url, init), `${base}/1`, code);
    if (!token.ok) throw new Error('exchange refused');
    const result = await client().push({
      credentials,
      target: { type: 'user', accessToken: token.value, alias },
      content: 'Hi',
      options: { limit: 140 },
    });
    expect(result.kind).toBe('delivered');
    expect(await exchangeCode((url, init) => fetch(url, init), `${base}/1`, code)).toEqual({
      ok: false,
      error: { errorType: 'invalid_code', message: 'The code is not valid.' },
    });
  });

  test('refusals come back typed: wrong credentials, not subscribed, too long', async () => {
    const guest = sandbox.state.createGuest();
    const push = (over: Partial<typeof credentials>, content = 'x', limit = 1_000) =>
      client().push({
        credentials: { ...credentials, ...over },
        target: { type: 'pushed_id', pushedId: guest.pushedId, alias },
        content,
        options: { limit },
      });
    expect(await push({ appSecret: 'wrong' })).toMatchObject({
      kind: 'refused',
      status: 401,
      errorType: 'app_credentials_are_not_valid',
    });
    expect(await push({})).toMatchObject({ kind: 'refused', errorType: 'target_has_no_subscribers' });
    guest.channels.add(alias);
    expect(await push({}, 'x'.repeat(141))).toMatchObject({
      kind: 'refused',
      status: 400,
      errorType: 'content_too_long',
    });
  });

  test('a JSON body is accepted as well as a form', async () => {
    const guest = subscribedGuest();
    const response = await fetch(`${base}/1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        app_key: credentials.appKey,
        app_secret: credentials.appSecret,
        target_type: 'pushed_id',
        target_alias: alias,
        pushed_id: guest.pushedId,
        content: 'json',
      }),
    });
    expect(response.status).toBe(200);
    expect(guest.notifications.map((n) => n.content)).toEqual(['json']);
  });

  test('faults on purpose: 500 (transient), slow (timeout: unknown), dropped answer (unknown, yet delivered)', async () => {
    const guest = subscribedGuest();
    const push = (timeoutMs?: number) =>
      client(timeoutMs).push({
        credentials,
        target: { type: 'pushed_id', pushedId: guest.pushedId, alias },
        content: 'f',
        options: { limit: 140 },
      });
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

  test('bodies that are not the documented shape: 415 for another type or charset, 400 naming a field that is not a string', async () => {
    const guest = subscribedGuest();
    const fields = {
      app_key: credentials.appKey,
      app_secret: credentials.appSecret,
      target_type: 'pushed_id',
      pushed_id: guest.pushedId,
      content: 'x',
    };
    const post = (type: string, body: string) =>
      fetch(`${base}/1/push`, { method: 'POST', headers: { 'Content-Type': type }, body });
    expect((await post('text/plain', new URLSearchParams(fields).toString())).status).toBe(415);
    expect(
      (await post('application/x-www-form-urlencoded; charset=utf-16', new URLSearchParams(fields).toString())).status,
    ).toBe(415);
    const object = await post('application/json', JSON.stringify({ ...fields, content: { text: 'x' } }));
    expect([object.status, ((await object.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      'The field "content" must be a string.',
    ]);
    expect(sandbox.state.shipments).toEqual([]);
  });
});

describe('every request shape Pushed documents, as form and as JSON', () => {
  type Shape = {
    target: string;
    alias: boolean;
    fields: (g: { pushedId: string; email: string; token: string }) => Record<string, string>;
  };
  const shapes: Shape[] = [
    { target: 'app', alias: false, fields: () => ({}) },
    { target: 'channel', alias: true, fields: () => ({}) },
    { target: 'pushed_id', alias: true, fields: (g) => ({ pushed_id: g.pushedId }) },
    { target: 'pushed_id', alias: false, fields: (g) => ({ pushed_id: g.pushedId }) }, // apprise sends no alias
    { target: 'user', alias: true, fields: (g) => ({ access_token: g.token }) },
    { target: 'user', alias: false, fields: (g) => ({ access_token: g.token }) },
    { target: 'email', alias: true, fields: (g) => ({ email: g.email }) },
    { target: 'email', alias: false, fields: (g) => ({ email: g.email }) },
  ];
  const cases = shapes.flatMap((shape) =>
    (['form', 'json'] as const).flatMap((encoding) => [true, false].map((link) => ({ ...shape, encoding, link }))),
  );

  test.each(cases)(
    '$target (alias: $alias) as $encoding, link: $link',
    async ({ target, alias: withAlias, fields, encoding, link }) => {
      const ana = subscribedGuest();
      const token = 'AccessToken0123456789';
      ana.accessTokens.add(token);
      const stranger = sandbox.state.createGuest(); // subscribed to nothing: never reached
      stranger.accessTokens.add('StrangerToken0123456');
      const body: Record<string, string> = {
        app_key: credentials.appKey,
        app_secret: credentials.appSecret,
        target_type: target,
        content: `to ${target}`,
        ...(withAlias ? { target_alias: alias } : {}),
        ...(link ? { content_type: 'url', content_extra: 'https://example.com/menu' } : {}),
        ...fields({ ...ana, token }),
      };
      const response = await fetch(`${base}/1/push`, {
        method: 'POST',
        headers: { 'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
        body: encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        response: { data: { shipment: expect.stringMatching(/^[A-Za-z0-9]+$/) } },
      });
      expect(ana.notifications.map((n) => [n.content, n.url])).toEqual([
        [`to ${target}`, link ? 'https://example.com/menu' : null],
      ]);
      expect(stranger.notifications).toEqual([]);
      if (target === 'app' || target === 'channel') return;
      const toStranger = { ...body, ...fields({ ...stranger, token: 'StrangerToken0123456' }) };
      const refused = await fetch(`${base}/1/push`, { method: 'POST', body: new URLSearchParams(toStranger) });
      expect(await refused.json()).toMatchObject({ error: { type: 'target_has_no_subscribers' } });
    },
  );
});
