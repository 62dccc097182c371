import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { exchangeCode } from '../../src/pushed/oauth.ts';
import { createPushedClient } from '../../src/pushed/pushed-client.ts';
import { createSandbox } from '../../src/server/sandbox/sandbox.ts';
import { CODE_LIFETIME_MS } from '../../src/server/sandbox/sandbox-state.ts';

let clock = Date.now();
const sandbox = createSandbox(undefined, undefined, undefined, undefined, undefined, () => clock);
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => void sandbox.handle(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  sandbox.state.reset();
  clock = Date.now();
});

const appKey = SANDBOX_SETTINGS.appKey;
const alias = SANDBOX_SETTINGS.channelAlias;
const callback = 'https://venue.example/oauth/callback?state=a~b%2Fc';
const pageUrl = (clientId: string, redirectUri?: string, path = '/1/oauth/') =>
  `${base}${path}?client_id=${encodeURIComponent(clientId)}${redirectUri === undefined ? '' : `&redirect_uri=${encodeURIComponent(redirectUri)}`}`;
/** The authorise form as a phone's browser sends it (from the sandbox's own origin unless told). */
const decide = (fields: Record<string, string>, origin = base) =>
  fetch(`${base}/1/oauth/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ client_id: appKey, redirect_uri: callback, ...fields }),
    redirect: 'manual',
  });
const exchange = (code: string) => exchangeCode((url, init) => fetch(url, init), `${base}/1`, code);
const tokenOf = async (code: string) => {
  const result = await exchange(code);
  if (!result.ok) throw new Error(`exchange refused: ${result.error.errorType}`);
  return result.value;
};
const codeIn = (location: string | null) => new URL(location ?? 'x:').searchParams.get('code') ?? '';

describe('the authorise page a guest’s phone opens', () => {
  test('names the venue, lists the sandbox phones with their emails, and offers a new phone, chosen unless the script preselects', async () => {
    const ana = sandbox.state.createGuest();
    ana.channels.add(alias);
    const bo = sandbox.state.createGuest();
    for (const path of ['/1/oauth/', '/1/oauth']) {
      const page = await fetch(pageUrl(appKey, callback, path));
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://venue.example");
      const html = await page.text();
      expect(html).toContain('Demo Bistro wants to send you notifications');
      expect(html).toContain('<html lang="en">');
      for (const text of [ana.pushedId, ana.email, bo.pushedId, bo.email, 'subscribed to Demo Bistro'])
        expect(html).toContain(text);
      expect(html).toMatch(/<input type="radio" name="phone" value="new" checked>/);
      expect(html).toContain(`value="${callback.replaceAll('&', '&amp;')}"`);
      expect(html).not.toMatch(/(src|href)="https?:/); // nothing external
    }
  });

  test('Allow: a 303 back to redirect_uri with a code added to its own query; the code grants that phone', async () => {
    const ana = sandbox.state.createGuest();
    const allowed = await decide({ phone: ana.pushedId, decision: 'allow' });
    expect(allowed.status).toBe(303);
    const location = allowed.headers.get('location') ?? '';
    expect(location).toMatch(/^https:\/\/venue\.example\/oauth\/callback\?state=a~b%2Fc&code=[A-Za-z0-9]{24}$/);
    const token = await tokenOf(codeIn(location));
    expect([...ana.accessTokens]).toEqual([token]);
  });

  test('Allow with a new sandbox phone makes one, and it is the one granted', async () => {
    const allowed = await decide({ phone: 'new', decision: 'allow' });
    expect(allowed.status).toBe(303);
    const token = await tokenOf(codeIn(allowed.headers.get('location')));
    const phones = [...sandbox.state.guests.values()];
    expect(phones.map((g) => [...g.accessTokens])).toEqual([[token]]);
  });

  test('Decline: a 303 back with error=access_denied and no code', async () => {
    const declined = await decide({ phone: 'new', decision: 'decline' });
    expect(declined.status).toBe(303);
    expect(declined.headers.get('location')).toBe(`${callback}&error=access_denied`);
    expect([sandbox.state.codes.size, sandbox.state.guests.size]).toEqual([0, 0]);
    const bare = await fetch(`${base}/1/oauth/`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: appKey, redirect_uri: 'http://venue.example/cb', decision: 'decline' }),
      redirect: 'manual',
    });
    expect(bare.headers.get('location')).toBe('http://venue.example/cb?error=access_denied');
  });

  test('a wrong client_id or a missing, non-web or fragment redirect_uri is refused in words, never redirected', async () => {
    const cases: [string, string | undefined, string][] = [
      ['NotTheAppKey', callback, 'The app credentials are not valid'],
      [appKey, undefined, 'redirect_uri is missing'],
      [appKey, 'javascript:alert(1)', 'must be an http or https address'],
      [appKey, 'ftp://venue.example/cb', 'must be an http or https address'],
      [appKey, '/oauth/callback', 'is not an address'],
      [appKey, 'https://venue.example/cb?state=1#top', 'must not have a fragment'],
    ];
    for (const [clientId, redirectUri, words] of cases) {
      const page = await fetch(pageUrl(clientId, redirectUri), { redirect: 'manual' });
      expect([page.status, page.headers.get('location')], `${clientId} ${redirectUri}`).toEqual([400, null]);
      expect(await page.text()).toContain(words);
      const fields = { client_id: clientId, ...(redirectUri ? { redirect_uri: redirectUri } : {}), phone: 'new' };
      const posted = await fetch(`${base}/1/oauth/`, {
        method: 'POST',
        body: new URLSearchParams({ ...fields, decision: 'allow' }),
        redirect: 'manual',
      });
      expect([posted.status, posted.headers.get('location')], `POST ${clientId} ${redirectUri}`).toEqual([400, null]);
      expect(await posted.text()).toContain(words);
    }
    // Another site's page cannot sign a phone in.
    const foreign = await decide({ phone: 'new', decision: 'allow' }, 'https://evil.example');
    expect([foreign.status, foreign.headers.get('location')]).toEqual([403, null]);
    expect([sandbox.state.codes.size, sandbox.state.guests.size]).toEqual([0, 0]);
  });
});

describe('the code exchange', () => {
  const postCode = (body: string, type: string) =>
    fetch(`${base}/1/oauth/access_token`, { method: 'POST', headers: { 'Content-Type': type }, body });

  test('a code works once, as a form or as JSON; a second use and an unknown code are invalid_code', async () => {
    const ana = sandbox.state.createGuest();
    const form = sandbox.state.mintCode(ana.pushedId);
    const first = await postCode(new URLSearchParams({ code: form }).toString(), 'application/x-www-form-urlencoded');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      response: {
        type: 'oauth_access_token_created',
        message: 'OAuth access token created',
        data: { access_token: expect.stringMatching(/^[A-Za-z0-9]{40}$/) },
      },
    });
    const again = await postCode(new URLSearchParams({ code: form }).toString(), 'application/x-www-form-urlencoded');
    expect([again.status, ((await again.json()) as { error: { type: string } }).error.type]).toEqual([
      400,
      'invalid_code',
    ]);
    const json = await postCode(JSON.stringify({ code: sandbox.state.mintCode(ana.pushedId) }), 'application/json');
    expect(json.status).toBe(200);
    expect(ana.accessTokens.size).toBe(2);
    expect(await exchange('NeverMinted0123456789abc')).toMatchObject({
      ok: false,
      error: { errorType: 'invalid_code' },
    });
  });

  test('a code expires ten minutes after it was minted', async () => {
    const ana = sandbox.state.createGuest();
    const late = sandbox.state.mintCode(ana.pushedId);
    const inTime = sandbox.state.mintCode(ana.pushedId);
    clock += CODE_LIFETIME_MS;
    expect((await exchange(inTime)).ok).toBe(true);
    clock += 1;
    expect(await exchange(late)).toMatchObject({ ok: false, error: { errorType: 'invalid_code' } });
    expect(ana.accessTokens.size).toBe(1);
  });

  test('a fault aimed at the exchange (on=oauth): Pushed down at the callback, while pushes still go through', async () => {
    const ana = sandbox.state.createGuest();
    ana.channels.add(alias);
    const code = sandbox.state.mintCode(ana.pushedId);
    const fault = (body: Record<string, string>) =>
      fetch(`${base}/sandbox/api/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await fault({ mode: 'status', status: '503', on: 'oauth' })).status).toBe(201);
    expect((await fault({ mode: 'drop', on: 'oauth' })).status).toBe(201);
    expect((await fault({ mode: 'drop', on: 'elsewhere' })).status).toBe(400);
    expect((await fault({ mode: 'drop-client', on: 'oauth' })).status).toBe(400);

    const pushed = await createPushedClient({ baseUrl: `${base}/1`, fetch: (url, init) => fetch(url, init) }).push({
      credentials: { appKey, appSecret: SANDBOX_SETTINGS.appSecret },
      target: { type: 'pushed_id', pushedId: ana.pushedId, alias },
      content: 'not faulted',
      options: { limit: 140 },
    });
    expect(pushed.kind).toBe('delivered');

    const down = await fetch(`${base}/1/oauth/access_token`, { method: 'POST', body: new URLSearchParams({ code }) });
    expect(down.status).toBe(503);
    expect(await exchange(code)).toEqual({
      ok: false,
      error: { errorType: 'network', message: 'No answer from Pushed.' },
    });
    // Neither failed exchange used the code up.
    expect((await exchange(code)).ok).toBe(true);
  });
});

describe('user delivery to the phone that allowed the app', () => {
  test('reaches it once subscribed, with its link shown on the phone page as one to tap; counted as an app allowed', async () => {
    const ana = sandbox.state.createGuest();
    const token = await tokenOf(
      codeIn((await decide({ phone: ana.pushedId, decision: 'allow' })).headers.get('location')),
    );
    const push = (url: string) =>
      createPushedClient({ baseUrl: `${base}/1`, fetch: (u, init) => fetch(u, init) }).push({
        credentials: { appKey, appSecret: SANDBOX_SETTINGS.appSecret },
        target: { type: 'user', accessToken: token, alias },
        content: 'Your table is ready',
        options: { limit: 140, url },
      });
    expect(await push('https://venue.example/v/ABC/status')).toMatchObject({
      kind: 'refused',
      errorType: 'target_has_no_subscribers',
    });
    ana.channels.add(alias);
    expect((await push('https://venue.example/v/ABC/status')).kind).toBe('delivered');
    // The client never sends a script address; someone else's could, so the phone must not make it a link.
    const raw = await fetch(`${base}/1/push`, {
      method: 'POST',
      body: new URLSearchParams({
        ...{ app_key: appKey, app_secret: SANDBOX_SETTINGS.appSecret, target_type: 'user', target_alias: alias },
        ...{ access_token: token, content: 'Hi', content_type: 'url', content_extra: 'javascript:alert(1)' },
      }),
    });
    expect(raw.status).toBe(200);
    expect(ana.notifications.map((n) => n.url)).toEqual(['https://venue.example/v/ABC/status', 'javascript:alert(1)']);

    const phone = await (await fetch(`${base}/sandbox/phone?guest=${ana.pushedId}`)).text();
    expect(phone).toContain('Apps you allowed: 1');
    expect(phone).not.toContain(token);
    const links = [...phone.matchAll(/<a class="open" href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    // Tapping the notification opens its link; a script address is shown as text, never a link.
    expect(links).toEqual([['https://venue.example/v/ABC/status', 'Your table is ready']]);
    expect(phone).toMatch(/<li data-shipment="[A-Za-z0-9]+">Hi<\/li>/);
  });
});
