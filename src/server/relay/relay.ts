import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PushTarget } from '../../core/push-target.ts';
import { DEFAULT_CONTENT_LIMIT } from '../../core/message-template.ts';
import { buildPushBody } from '../../pushed/push-request.ts';
import { describeRequestProblem } from '../../pushed/send-push.ts';
import { errorType, guard, pushedError, requestUrl, sendJson } from '../http-util.ts';
import { BodyError, parseFields, readBody } from '../request-body.ts';
import { openIdempotencyStore, type KeyLogIo, type KeyRecord } from './idempotency-store.ts';
import { forward, UNKNOWN, type Answer, type Outcome } from './relay-upstream.ts';
import { RELAY_DEFAULTS } from './relay-config.ts';
import { relayLogger, type RelayLogger } from './relay-log.ts';
import { requestGate } from './request-gate.ts';
import { staticApp } from './static-app.ts';

/** What one relay needs: the app credentials, Pushed, its kiosks, and where its keys live. */
export interface RelayConfig {
  appKey: string;
  appSecret: string;
  /** Pushed's API base, e.g. https://api.pushed.co/1 (or the sandbox's). */
  upstream: string;
  /** Kiosk origins allowed to call from a browser (CORS); a request with any other Origin is refused. */
  allowedOrigins: string[];
  /** Proxies whose X-Forwarded-For names the client; none by default (the socket's peer is the client). */
  trustedProxies?: string[];
  /** Device tokens: a file re-read on change (revocable without restart) and/or fixed ones. */
  tokens: { file?: string; tokens?: string[] };
  /** Where the idempotency keys are kept. */
  dataDir: string;
  ratePerMinute?: number;
  authFailuresPerMinute?: number;
  upstreamTimeoutMs?: number;
  maxBodyBytes?: number;
  contentLimit?: number;
  logger?: RelayLogger;
  fetch?: typeof fetch;
  /** The key log's disk operations (tests replace them to fail). */
  keyLogIo?: KeyLogIo;
  /**
   * A production build (dist/) to serve on the relay's own origin: then every GET of a path that is
   * not the API is the app, and the API also answers under /relay (as in the demo). The relay's
   * own public origin must be in allowedOrigins for that kiosk to push.
   */
  appDir?: string;
}

type Next = () => void;

/**
 * The relay: holds the app secret, takes pushes from kiosks by device token, and calls Pushed at
 * most once per device and Idempotency-Key — a retry gets the stored answer, a concurrent duplicate
 * waits for the first, and a key whose outcome was lost (timeout, crash) answers "outcome unknown" forever.
 */
export function createRelay(config: RelayConfig) {
  const log = config.logger ?? relayLogger();
  const store = openIdempotencyStore(config.dataDir, {
    ...(config.keyLogIo ? { io: config.keyLogIo } : {}),
    warn: log.warn,
  });
  const maxBodyBytes = config.maxBodyBytes ?? RELAY_DEFAULTS.maxBodyBytes;
  const gate = requestGate({
    tokens: config.tokens,
    ratePerMinute: config.ratePerMinute ?? RELAY_DEFAULTS.ratePerMinute,
    authFailuresPerMinute: config.authFailuresPerMinute ?? RELAY_DEFAULTS.authFailuresPerMinute,
    trustedProxies: config.trustedProxies ?? [],
    maxBodyBytes,
    logger: log,
  });
  const upstream = {
    upstream: config.upstream,
    timeoutMs: config.upstreamTimeoutMs ?? RELAY_DEFAULTS.upstreamTimeoutMs,
    fetch: config.fetch ?? fetch,
    store,
    log,
  };
  const app = config.appDir ? staticApp(config.appDir, (req, status, type) => gate.refused(req, status, type)) : null;
  // The body hash travels with the call: a duplicate with another body is a 422 even before the key is on disk.
  const inFlight = new Map<string, { call: Promise<Outcome>; bodyHash: string }>();

  /** Serving the app, the API also answers at /relay/… : the same-origin URL Settings know from the demo (/relay/1). */
  function unmount(req: IncomingMessage): void {
    const url = req.url ?? '';
    if (app && /^\/relay\/(1\/|healthz(\?|$))/.test(url)) req.url = url.slice('/relay'.length);
  }

  function cors(origin: string | undefined): Record<string, string> {
    if (!origin || !config.allowedOrigins.includes(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  }

  async function push(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>) {
    const reply = (answer: Answer, extra: Record<string, string> = {}) => {
      res.writeHead(answer.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        ...headers,
        ...answer.headers,
        ...extra,
      });
      res.end(answer.body);
    };
    const checked = gate.check(req); // logs its own refusals
    if ('status' in checked) return sendJson(res, checked.status, checked.body, { ...headers, ...checked.headers });
    const { device, key } = checked;
    // With the CORS headers, so the kiosk can read why; logged once, never with the body's text.
    const refuse = (status: number, type: string, message: string) => {
      gate.refused(req, status, type, { device });
      sendJson(res, status, pushedError(type, message), headers);
    };

    let fields: Record<string, string>;
    try {
      fields = parseFields(req.headers['content-type'], await readBody(req, maxBodyBytes));
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return refuse(error.status, errorType(error.status), error.message);
    }
    if ('app_key' in fields || 'app_secret' in fields) {
      return refuse(
        400,
        'credentials_not_accepted',
        'Do not send the app key or secret to the relay; it adds them itself.',
      );
    }
    const target = targetOf(fields);
    if (!target)
      return refuse(400, 'invalid_target', 'target_type is app, channel, pushed_id, user or email, with its fields.');
    const body = buildPushBody({ appKey: config.appKey, appSecret: config.appSecret }, target, fields.content ?? '', {
      limit: config.contentLimit ?? DEFAULT_CONTENT_LIMIT,
      ...(fields.content_type === 'url' && fields.content_extra ? { url: fields.content_extra } : {}),
    });
    if (!body.ok)
      return refuse(
        400,
        body.error.kind === 'too_long' ? 'content_too_long' : 'invalid_request',
        describeRequestProblem(body.error),
      );

    const bodyHash = createHash('sha256')
      .update(JSON.stringify(Object.entries(fields).sort()))
      .digest('hex');
    const storeKey = `${device}:${key}`; // a key is the device's own: another device cannot replay or block it
    const running = inFlight.get(storeKey);
    // Records from before keys were scoped (bare key) keep their old meaning until they expire.
    const known: KeyRecord | undefined = store.get(storeKey) ?? store.get(key);
    if ((known && known.bodyHash !== bodyHash) || (running && running.bodyHash !== bodyHash))
      return refuse(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different push.');
    if (running) {
      // A concurrent duplicate gets the first one's answer, marked replayed only if it is the key's stored answer.
      const { answer, stored } = await running.call;
      return reply(answer, stored ? { 'Idempotent-Replayed': 'true' } : {});
    }
    if (known?.state === 'done')
      return reply({ status: known.status, body: known.body }, { 'Idempotent-Replayed': 'true' });
    if (known) return reply(UNKNOWN); // 'sending' left by a crash, or 'unknown': never a second call

    const call = forward(upstream, { storeKey, bodyHash, body: body.value }, { device, key }).finally(() =>
      inFlight.delete(storeKey),
    );
    inFlight.set(storeKey, { call, bodyHash });
    reply((await call).answer);
  }

  /** Why the relay answers a request without reading its body, or null when it is a push to read. */
  function precheck(req: IncomingMessage, res: ServerResponse): Record<string, string> | null {
    const url = requestUrl(req);
    const refuse = (status: number, type: string, message: string, headers: Record<string, string> = {}) => {
      gate.refused(req, status, type);
      sendJson(res, status, pushedError(type, message), headers);
      return null;
    };
    if (!url) return refuse(400, 'invalid_request', 'The request target is not a path.');
    if (url.pathname !== '/1/push') return refuse(404, 'not_found', 'No such relay route.');
    const origin = req.headers.origin;
    const headers = cors(origin);
    // Only configured origins — the relay's own public origin too, when it serves the app: the Host header is the
    // client's to choose (a page on a rebinding domain sends matching Host and Origin), so it proves nothing.
    if (origin !== undefined && !headers['Access-Control-Allow-Origin'])
      return refuse(403, 'origin_not_allowed', 'This kiosk origin is not allowed on the relay.');
    if (req.method === 'OPTIONS') return (res.writeHead(204, headers).end(), null);
    if (req.method !== 'POST')
      return refuse(405, 'method_not_allowed', 'POST only.', { ...headers, Allow: 'POST, OPTIONS' });
    return headers;
  }

  async function route(req: IncomingMessage, res: ServerResponse, next?: Next): Promise<void> {
    unmount(req);
    const path = requestUrl(req)?.pathname;
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return sendJson(res, 200, { ok: true }); // HEAD: Node sends no body
    if (next && path !== undefined && path !== '/1/push') return next();
    // Serving the app: anything but the API (/1/…) and /healthz is a file of the app.
    if (app && path !== undefined && path !== '/healthz' && !path.startsWith('/1/')) return app(req, res);
    const headers = precheck(req, res);
    if (headers) await push(req, res, headers);
  }

  /** Answers one request; never rejects: a failure becomes a 4xx or 500 answer and a log line. */
  const handle = guard(
    route,
    ({ status, name, client }) => (status === 500 ? log.error : log.warn)('request failed', { status, name, client }),
    gate.client,
  );

  /**
   * For `Expect: 100-continue`: true only when the body will be read, that is, the request is a push
   * that passed the gate (decided once: the request handler sees the same verdict and answers it).
   */
  function mayContinue(req: IncomingMessage): boolean {
    unmount(req);
    const path = requestUrl(req)?.pathname;
    const origin = req.headers.origin;
    if (path !== '/1/push' || req.method !== 'POST') return false;
    if (origin !== undefined && !config.allowedOrigins.includes(origin)) return false;
    return !('status' in gate.check(req));
  }

  return { handle, mayContinue, client: gate.client, close: () => store.close(), store };
}
/** A running relay. */
export type Relay = ReturnType<typeof createRelay>;

function targetOf(f: Record<string, string>): PushTarget | null {
  const alias = f.target_alias ?? '';
  switch (f.target_type) {
    case 'app':
      return { type: 'app' };
    case 'channel':
      return { type: 'channel', alias };
    case 'pushed_id':
      return { type: 'pushed_id', pushedId: f.pushed_id ?? '', alias };
    case 'user':
      return { type: 'user', accessToken: f.access_token ?? '', alias };
    case 'email':
      return { type: 'email', email: f.email ?? '', alias };
    default:
      return null;
  }
}
