import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { checkContentType, checkDeclaredLength } from '../request-body.ts';
import { pushedError } from '../http-util.ts';
import { deviceTokens, tokenId } from './device-tokens.ts';
import { rateLimiter } from './rate-limit.ts';
import type { RelayLogger } from './relay-log.ts';

/** A refusal, decided before any byte of the body is read. */
export type Refusal = { status: number; body: unknown; headers?: Record<string, string> };

const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;
/** RFC 9110: the scheme is case-insensitive; one or more spaces before the token. */
const BEARER = /^bearer +(\S+) *$/i;

/**
 * The client's address: the socket's peer, or, only when that peer is one of `trustedProxies`,
 * the nearest address in X-Forwarded-For that is not itself a trusted proxy.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trustedProxies.includes(peer)) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => isIP(a) !== 0);
  for (const address of forwarded.reverse()) if (!trustedProxies.includes(address)) return address;
  return peer;
}

/** What the gate needs to know. */
export interface GateConfig {
  tokens: { file?: string; tokens?: string[] };
  ratePerMinute: number;
  authFailuresPerMinute: number;
  trustedProxies: string[];
  maxBodyBytes: number;
  logger: RelayLogger;
}

/**
 * Everything a push is checked for before its body is read, cheapest first: the client address's
 * failed-auth budget, the device token, the device's rate, the key, the body's type and declared size.
 */
export function requestGate(config: GateConfig) {
  const log = config.logger;
  const tokens = deviceTokens(config.tokens);
  const perDevice = rateLimiter(config.ratePerMinute);
  const failedAuth = rateLimiter(config.authFailuresPerMinute, config.authFailuresPerMinute * 2);
  const retryAfter = (ms: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });

  /** The device id and key of an acceptable request, or why it is refused. */
  function check(req: IncomingMessage): { device: string; key: string } | Refusal {
    const client = clientAddress(req, config.trustedProxies);
    // A blocked address is refused whatever token it sends, so guessing gets no answer either way.
    const blocked = failedAuth.wait(client);
    if (blocked > 0)
      return {
        status: 429,
        body: pushedError('too_many_failed_attempts', 'Too many wrong device tokens from this address; wait.'),
        headers: retryAfter(blocked),
      };
    const auth = BEARER.exec(req.headers.authorization ?? '');
    if (!auth || !tokens.accepts(auth[1]!)) {
      failedAuth.take(client);
      const nowBlocked = failedAuth.wait(client) > 0;
      log.warn('refused', { client, reason: 'device token', status: 401, ...(nowBlocked ? { blocked: true } : {}) });
      return {
        status: 401,
        body: pushedError('unauthorized', 'This device is not allowed to send: check its device token.'),
      };
    }
    const device = tokenId(auth[1]!);
    const wait = perDevice.take(device);
    if (wait > 0) {
      log.warn('refused', { client, device, reason: 'rate limit', status: 429 });
      return {
        status: 429,
        body: pushedError('rate_limited', 'Too many pushes from this device; slow down.'),
        headers: retryAfter(wait),
      };
    }
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      return {
        status: 400,
        body: pushedError(
          'idempotency_key_required',
          'Send an Idempotency-Key header of 8–128 letters, digits, - or _.',
        ),
      };
    }
    checkContentType(req.headers['content-type']); // throws a 415
    checkDeclaredLength(req, config.maxBodyBytes); // throws a 413
    return { device, key };
  }

  return { check };
}
