import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { BodyError, checkContentEncoding, checkContentType, checkDeclaredLength } from '../request-body.ts';
import { errorType, pushedError } from '../http-util.ts';
import { deviceTokens, tokenId } from './device-tokens.ts';
import { rateLimiter } from './rate-limit.ts';
import type { LogFields, RelayLogger } from './relay-log.ts';

/** A refusal, decided before any byte of the body is read. */
export type Refusal = { status: number; body: unknown; headers?: Record<string, string> };

/** What an idempotency key may be: the kiosk derives its keys to fit (core/guest-message.ts). */
export const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;
/** RFC 9110: the scheme is case-insensitive; one or more spaces before the token. */
const BEARER = /^bearer +(\S+) *$/i;

/** An IPv4 address as a dual-stack socket reports it (`::ffff:127.0.0.1`) is the same address as `127.0.0.1`. */
const plain = (address: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address);

/**
 * The client's address: the socket's peer, or, only when that peer is one of `trustedProxies`,
 * the nearest address in X-Forwarded-For that is not itself a trusted proxy.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const trusted = new Set(trustedProxies.map(plain));
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  if (!trusted.has(peer)) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => plain(a.trim()))
    .filter((a) => isIP(a) !== 0);
  for (const address of forwarded.reverse()) if (!trusted.has(address)) return address;
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

type Checked = { device: string; key: string } | Refusal;

/**
 * Everything a push is checked for before its body is read: the device token (a failure spends
 * the client address's failed-auth budget; once that is empty, failures get 429), the device's
 * rate, the key, the body's type, encoding and declared size. Every refusal is logged once.
 */
export function requestGate(config: GateConfig) {
  const log = config.logger;
  const tokens = deviceTokens(config.tokens, log);
  const perDevice = rateLimiter(config.ratePerMinute);
  const failedAuth = rateLimiter(config.authFailuresPerMinute, config.authFailuresPerMinute * 2);
  const retryAfter = (ms: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });
  const checked = new WeakMap<IncomingMessage, Checked>(); // `Expect: 100-continue` checks before the request handler does
  const client = (req: IncomingMessage) => clientAddress(req, config.trustedProxies);

  /** Logs one refusal: status, error type, client address, device id when known; never a token or text. */
  function refused(req: IncomingMessage, status: number, type: string, fields: LogFields = {}): void {
    log.warn('refused', { status, type, client: client(req), ...fields });
  }

  function refusal(req: IncomingMessage, status: number, type: string, message: string, fields: LogFields = {}) {
    refused(req, status, type, fields);
    return { status, body: pushedError(type, message) };
  }

  function decide(req: IncomingMessage): Checked {
    const from = client(req);
    const auth = BEARER.exec(req.headers.authorization ?? '');
    // The token first (constant time): a right one never spends, nor is stopped by, the address's budget,
    // so kiosks sharing an address (NAT, a proxy) are not locked out by someone else's guesses.
    if (!auth || !tokens.accepts(auth[1]!)) {
      const blocked = failedAuth.wait(from);
      if (blocked > 0)
        // Not logged: the address is already blocked, and each guess would be one more line.
        return {
          status: 429,
          body: pushedError('too_many_failed_attempts', 'Too many wrong device tokens from this address; wait.'),
          headers: retryAfter(blocked),
        };
      failedAuth.take(from);
      const nowBlocked = failedAuth.wait(from) > 0;
      return refusal(req, 401, 'unauthorized', 'This device is not allowed to send: check its device token.', {
        reason: 'device token',
        ...(nowBlocked ? { blocked: true } : {}),
      });
    }
    const device = tokenId(auth[1]!);
    const wait = perDevice.take(device);
    if (wait > 0) {
      refused(req, 429, 'rate_limited', { device, reason: 'rate limit' });
      return {
        status: 429,
        body: pushedError('rate_limited', 'Too many pushes from this device; slow down.'),
        headers: retryAfter(wait),
      };
    }
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key))
      return refusal(
        req,
        400,
        'idempotency_key_required',
        'Send an Idempotency-Key header of 8–128 letters, digits, - or _.',
        { device },
      );
    try {
      checkContentType(req.headers['content-type']); // throws a 415
      checkContentEncoding(req); // throws a 415
      checkDeclaredLength(req, config.maxBodyBytes); // throws a 413
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return refusal(req, error.status, errorType(error.status), error.message, { device });
    }
    return { device, key };
  }

  return {
    /** The device id and key of an acceptable request, or why it is refused; decided once per request. */
    check(req: IncomingMessage): Checked {
      const known = checked.get(req);
      if (known) return known;
      const result = decide(req);
      checked.set(req, result);
      return result;
    },
    client,
    refused,
  };
}
