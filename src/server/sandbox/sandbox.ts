import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { DEFAULT_CONTENT_LIMIT } from '../../core/message-template.ts';
import { SANDBOX_SETTINGS } from '../../core/settings.ts';
import { guard, pushedError, requestUrl, sendJson, type FailureReport } from '../http/http-util.ts';
import { handleAdmin } from './admin-api.ts';
import { PHONE_SCRIPT, sendPhonePage } from './phone-page.ts';
import { handlePush, type SandboxAccount } from './push-endpoint.ts';
import { handleAuthorizeDecision, handleAuthorizePage, handleExchange } from './oauth-endpoint.ts';
import { OAUTH_SCRIPT, sendRefusalPage } from './oauth-page.ts';
import { createSandboxState } from './sandbox-state.ts';

/** The demo account: the same credentials the app's built-in settings carry. */
export const DEMO_ACCOUNT: SandboxAccount = {
  appKey: SANDBOX_SETTINGS.appKey,
  appSecret: SANDBOX_SETTINGS.appSecret,
  channels: [SANDBOX_SETTINGS.channelAlias],
  contentLimit: DEFAULT_CONTENT_LIMIT,
};

/**
 * The Pushed sandbox: an emulator of the Pushed API (/1/push, the /1/oauth/ page, /1/oauth/access_token), a simulated
 * guest phone (/sandbox/phone) and its API (/sandbox/api). A connect-style handler, so it mounts on
 * Vite's dev and preview servers or a plain node:http server; it never rejects: a failure becomes
 * an answer and a `report`. `moreOrigins`: origins besides its own whose pages may write to its API.
 * `checkInPath`: the demo venue's check-in page (`/v/CODE`), which the phone links to, or null without one.
 * `now`: the sandbox's clock, by which OAuth codes expire.
 */
export function createSandbox(
  account: SandboxAccount = DEMO_ACCOUNT,
  venueName = SANDBOX_SETTINGS.venueName,
  report: FailureReport = () => {},
  moreOrigins: (req: IncomingMessage) => readonly string[] = () => [],
  checkInPath: () => Promise<string | null> = () => Promise.resolve(null),
  now: () => number = Date.now,
) {
  const state = createSandboxState(now);

  async function route(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    const url = requestUrl(req);
    if (!url) return sendJson(res, 400, pushedError('invalid_request', 'The request target is not a path.'));
    const path = url.pathname;
    if (path === '/1/push' && req.method === 'POST') return await handlePush(req, res, state, account);
    if (path === '/1/oauth/access_token' && req.method === 'POST') return await handleExchange(req, res, state);
    if (path === '/1/oauth/' || path === '/1/oauth') {
      if (req.method === 'GET' || req.method === 'HEAD')
        return handleAuthorizePage(url, res, state, account, venueName);
      // Another site's page must not sign a sandbox phone in (nor make one): the form posts from this origin only.
      if (req.method === 'POST' && foreignWrite(req))
        return sendRefusalPage(res, 403, 'This sign-in form was sent from another site.');
      if (req.method === 'POST') return await handleAuthorizeDecision(req, res, state, account);
    }
    if (path.startsWith('/1/'))
      return sendJson(res, 404, pushedError('not_found', 'No such Pushed API route in the sandbox.'));
    if (path.startsWith('/sandbox/api/')) {
      // Another site's page must not drive the sandbox (make guests, queue faults): writes from the own origin only.
      if (foreignWrite(req))
        return sendJson(
          res,
          403,
          pushedError('origin_not_allowed', 'The sandbox API takes writes from its own pages only.'),
        );
      return await handleAdmin(req, res, path.slice('/sandbox/api'.length), state, account);
    }
    if (path === '/sandbox/phone') {
      const guest = state.guests.get(url.searchParams.get('guest') ?? '');
      return await sendPhonePage(res, guest, {
        name: venueName,
        channel: account.channels[0]!,
        checkIn: await checkInPath(),
      });
    }
    if (path === '/sandbox/phone.js' || path === '/sandbox/oauth.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(path === '/sandbox/phone.js' ? PHONE_SCRIPT : OAUTH_SCRIPT);
    }
    if (next) return next();
    sendJson(res, 404, pushedError('not_found', 'No such sandbox route.'));
  }

  /** A write (any method but GET and HEAD) whose Origin is another site's; none at all (curl, tests) is taken. */
  const foreignWrite = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return (
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      origin !== undefined &&
      ![...socketOrigins(req), ...moreOrigins(req)].includes(origin)
    );
  };

  const handle = guard(route, report);
  return { state, handle };
}

/** The origin of the address and port the request arrived on (a loopback one under each loopback name); never the Host header. */
function socketOrigins(req: IncomingMessage): string[] {
  const address = req.socket.localAddress ?? '';
  const host = isIPv6(address) ? `[${address}]` : address;
  const loopback = address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
  const names = loopback ? ['localhost', '127.0.0.1', '[::1]'] : [host];
  return names.map((name) => `http://${name}:${req.socket.localPort}`);
}

/** A running sandbox. */
export type Sandbox = ReturnType<typeof createSandbox>;
