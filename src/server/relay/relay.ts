import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PushTarget } from '../../core/push-target.ts';
import { buildPushBody } from '../../pushed/push-request.ts';
import { describeRequestProblem } from '../../pushed/pushed-client.ts';
import { BodyError, parseFields, pushedError, readBody, sendJson } from '../http-util.ts';
import { deviceTokens, tokenId } from './device-tokens.ts';
import { openIdempotencyStore, type KeyRecord } from './idempotency-store.ts';
import { rateLimiter } from './rate-limit.ts';
import { relayLogger, type RelayLogger } from './relay-log.ts';

export interface RelayConfig {
  appKey: string;
  appSecret: string;
  /** Pushed's API base, e.g. https://api.pushed.co/1 (or the sandbox's). */
  upstream: string;
  /** Kiosk origins allowed to call from a browser (CORS). */
  allowedOrigins: string[];
  /** Device tokens: a file re-read on change (revocable without restart) and/or fixed ones. */
  tokens: { file?: string; tokens?: string[] };
  /** Where the idempotency keys are kept. */
  dataDir: string;
  ratePerMinute?: number;
  upstreamTimeoutMs?: number;
  maxBodyBytes?: number;
  contentLimit?: number;
  logger?: RelayLogger;
  fetch?: typeof fetch;
}

type Answer = { status: number; body: string; headers?: Record<string, string> };
type Next = () => void;

const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;
const TRANSIENT = (status: number) => status === 408 || status === 429 || status >= 500;
const UNKNOWN: Answer = {
  status: 409,
  body: JSON.stringify(pushedError('outcome_unknown', 'The relay lost track of this push; it will not send it again. Staff decide whether to resend.')),
};

/**
 * The relay: holds the app secret, takes pushes from kiosks by device token, and calls Pushed at
 * most once per Idempotency-Key — a retry gets the stored answer, a concurrent duplicate waits for
 * the first, and a key whose outcome was lost (timeout, crash) answers "outcome unknown" forever.
 */
export function createRelay(config: RelayConfig) {
  const log = config.logger ?? relayLogger();
  const store = openIdempotencyStore(config.dataDir);
  const tokens = deviceTokens(config.tokens);
  const limiter = rateLimiter(config.ratePerMinute ?? 120);
  const upstreamFetch = config.fetch ?? fetch;
  const inFlight = new Map<string, Promise<Answer>>();

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

  async function forward(key: string, bodyHash: string, body: URLSearchParams, fields: { device: string }): Promise<Answer> {
    await store.put({ key, bodyHash, at: Date.now(), state: 'sending' }); // on disk before Pushed is called
    const started = Date.now();
    let answer: Answer;
    try {
      const response = await upstreamFetch(`${config.upstream}/push`, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(config.upstreamTimeoutMs ?? 8_000),
      });
      const text = await response.text();
      const retryAfter = response.headers.get('retry-after');
      answer = { status: response.status, body: text, ...(retryAfter ? { headers: { 'Retry-After': retryAfter } } : {}) };
      if (TRANSIENT(response.status)) await store.forget(key); // Pushed did not take it: a retry may call again
      else await store.put({ key, bodyHash, at: Date.now(), state: 'done', status: response.status, body: text }); // stored before the kiosk hears it
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
      if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH'].includes(code)) {
        await store.forget(key); // never connected: provably not sent
        answer = { status: 502, body: JSON.stringify(pushedError('upstream_unreachable', 'Pushed could not be reached.')) };
      } else {
        await store.put({ key, bodyHash, at: Date.now(), state: 'unknown' });
        answer = UNKNOWN;
      }
    }
    log.info('push', { device: fields.device, key, status: answer.status, ms: Date.now() - started });
    return answer;
  }

  async function push(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>) {
    const reply = (answer: Answer, extra: Record<string, string> = {}) => {
      res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers, ...answer.headers, ...extra });
      res.end(answer.body);
    };
    const refuse = (status: number, type: string, message: string, extra: Record<string, string> = {}) =>
      sendJson(res, status, pushedError(type, message), { ...headers, ...extra });

    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !tokens.accepts(auth[1]!)) {
      log.warn('refused', { reason: 'device token', status: 401 });
      return refuse(401, 'unauthorized', 'This device is not allowed to send: check its device token.');
    }
    const device = tokenId(auth[1]!);
    const wait = limiter.take(device);
    if (wait > 0) {
      log.warn('refused', { device, reason: 'rate limit', status: 429 });
      return refuse(429, 'rate_limited', 'Too many pushes from this device; slow down.', { 'Retry-After': String(Math.ceil(wait / 1000)) });
    }
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      return refuse(400, 'idempotency_key_required', 'Send an Idempotency-Key header of 8–128 letters, digits, - or _.');
    }
    const fields = parseFields(req.headers['content-type'], await readBody(req, config.maxBodyBytes ?? 8 * 1024));
    if ('app_key' in fields || 'app_secret' in fields) {
      return refuse(400, 'credentials_not_accepted', 'Do not send the app key or secret to the relay; it adds them itself.');
    }
    const target = targetOf(fields);
    if (!target) return refuse(400, 'invalid_target', 'target_type is app, channel, pushed_id, user or email, with its fields.');
    const body = buildPushBody({ appKey: config.appKey, appSecret: config.appSecret }, target, fields.content ?? '', {
      limit: config.contentLimit ?? 140,
      ...(fields.content_type === 'url' && fields.content_extra ? { url: fields.content_extra } : {}),
    });
    if (!body.ok) return refuse(400, body.error.kind === 'too_long' ? 'content_too_long' : 'invalid_request', describeRequestProblem(body.error));

    const bodyHash = createHash('sha256').update(JSON.stringify(Object.entries(fields).sort())).digest('hex');
    const running = inFlight.get(key);
    const known: KeyRecord | undefined = store.get(key);
    if (known && known.bodyHash !== bodyHash) return refuse(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different push.');
    if (running) return reply(await running, { 'Idempotent-Replayed': 'true' }); // a concurrent duplicate: the first one's answer
    if (known?.state === 'done') return reply({ status: known.status, body: known.body }, { 'Idempotent-Replayed': 'true' });
    if (known) return reply(UNKNOWN); // 'sending' left by a crash, or 'unknown': never a second call

    const call = forward(key, bodyHash, body.value, { device }).finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    reply(await call);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, next?: Next): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://relay').pathname;
    const headers = cors(req.headers.origin);
    try {
      if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { ok: true, keys: store.size() });
      if (path !== '/1/push') return next ? next() : sendJson(res, 404, pushedError('not_found', 'No such relay route.'));
      const origin = req.headers.origin;
      const sameOrigin = origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`; // the relay mounted beside the app
      if (origin && !sameOrigin && !headers['Access-Control-Allow-Origin']) {
        return sendJson(res, 403, pushedError('origin_not_allowed', 'This kiosk origin is not allowed on the relay.'));
      }
      if (req.method === 'OPTIONS') return void res.writeHead(204, headers).end();
      if (req.method !== 'POST') return sendJson(res, 405, pushedError('method_not_allowed', 'POST only.'), headers);
      await push(req, res, headers);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 500;
      if (status === 500) log.error('relay failed', { name: error instanceof Error ? error.name : 'error' });
      if (!res.headersSent) sendJson(res, status, pushedError(status === 413 ? 'body_too_large' : status === 400 ? 'invalid_request' : 'relay_error', error instanceof BodyError ? error.message : 'The relay failed.'), headers);
      else res.end();
    }
  }

  return { handle, close: () => store.close(), store };
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
