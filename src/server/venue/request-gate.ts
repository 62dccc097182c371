import type { IncomingMessage } from 'node:http';
import { addressBucket, clientAddress } from '../http/client-address.ts';
import type { AttemptBudget } from './attempt-budget.ts';
import { BodyError, checkContentEncoding, checkContentType, checkDeclaredLength } from '../http/request-body.ts';
import { errorType, pushedError } from '../http/http-util.ts';
import type { Authenticated, Device } from './venue-store.ts';
import { rateLimiter } from '../http/rate-limit.ts';
import type { LogFields, Logger } from '../log/logger.ts';

/** A refusal, decided before any byte of the body is read. */
export type Refusal = { status: number; body: unknown; headers?: Record<string, string> };

/** What an idempotency key may be: the kiosk derives its keys to fit (core/guest-message.ts). */
export const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;
/** RFC 9110: the scheme is case-insensitive; one or more spaces before the token. */
const BEARER = /^bearer +(\S+) *$/i;

/** The device token a request carries, or null. */
export const bearerToken = (req: IncomingMessage): string | null =>
  BEARER.exec(req.headers.authorization ?? '')?.[1] ?? null;

/** What the gate needs to know. */
export interface GateConfig {
  /** Who a device token belongs to. */
  authenticate(token: string): Promise<Authenticated>;
  ratePerMinute: number;
  /** Sync requests (push, changes, events) a tablet may make a minute: their own budget, not its sends'. */
  syncRatePerMinute?: number;
  /** Failed attempts per client address (wrong tokens, wrong pairing codes), shared by every server copy. */
  attempts: AttemptBudget;
  trustedProxies: string[];
  maxBodyBytes: number;
  logger: Logger;
}

/** Which rate a request spends: the tablet's sends (and settings), or its sync requests. */
type Budget = 'sends' | 'sync';
/** Sync requests a tablet may make a minute by default (a push and a pull a second and more, with bursts). */
export const SYNC_RATE_PER_MINUTE = 1_200;

/** A tablet that passed the gate. */
export type Admitted = { device: Device };
type Checked = { device: Device; key: string } | Refusal;

/** What a revoked tablet is told, on every route: the kiosk words it for the host and keeps everything. */
export const REVOKED_MESSAGE = 'This tablet was disconnected from the venue server.';

/**
 * Everything a request is checked for before its body is read: the device token (a wrong one spends
 * the client address's failed-auth budget; once that is empty, failures get 429), the device's
 * rate, and for a push the key, the body's type, encoding and declared size. Every refusal is logged once.
 */
export function requestGate(config: GateConfig) {
  const log = config.logger;
  const perDevice = rateLimiter(config.ratePerMinute);
  // A busy venue's tablets pull after every version: many small requests that must not eat into Table ready's budget.
  const perDeviceSync = rateLimiter(config.syncRatePerMinute ?? SYNC_RATE_PER_MINUTE);
  const retryAfter = (ms: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });
  // `Expect: 100-continue` checks before the request handler does: one decision per request.
  const admitted = new WeakMap<IncomingMessage, Promise<Admitted | Refusal>>();
  const checked = new WeakMap<IncomingMessage, Promise<Checked>>();
  const client = (req: IncomingMessage) => clientAddress(req, config.trustedProxies);

  /** Logs one refusal: status, error type, client address, device id when known; never a token or text. */
  function refused(req: IncomingMessage, status: number, type: string, fields: LogFields = {}): void {
    log.warn('refused', { status, type, client: client(req), ...fields });
  }

  function refusal(req: IncomingMessage, status: number, type: string, message: string, fields: LogFields = {}) {
    refused(req, status, type, fields);
    return { status, body: pushedError(type, message) };
  }

  const tooManyAttempts = (waitMs: number): Refusal => ({
    status: 429,
    body: pushedError('too_many_failed_attempts', 'Too many wrong attempts from this address; wait.'),
    headers: retryAfter(waitMs),
  });
  // An IPv6 client holds a whole /64: its addresses share one budget.
  const attemptsOf = (req: IncomingMessage) => `address:${addressBucket(client(req))}`;

  /**
   * Spends one of the address's failed attempts (a wrong token, a wrong pairing code); a 429 refusal
   * once none is left, else null. A blocked address's further attempts are not logged one by one.
   */
  async function failedAttempt(req: IncomingMessage): Promise<{ refusal: Refusal | null; blocked: boolean }> {
    const spent = await config.attempts.spend(attemptsOf(req));
    if (spent.refused) return { refusal: tooManyAttempts(spent.waitMs), blocked: true };
    return { refusal: null, blocked: spent.emptied };
  }

  /** The 429 for an address out of failed attempts, or null: asked before a code is looked up, spending nothing. */
  async function blockedNow(req: IncomingMessage): Promise<Refusal | null> {
    const waitMs = await config.attempts.wait(attemptsOf(req));
    return waitMs > 0 ? tooManyAttempts(waitMs) : null;
  }

  async function decideDevice(req: IncomingMessage, budget: Budget): Promise<Admitted | Refusal> {
    const auth = BEARER.exec(req.headers.authorization ?? '');
    // A right token never spends, nor is stopped by, the address's budget, so kiosks sharing an
    // address (NAT, a proxy) are not locked out by someone else's guesses.
    const answer = auth ? await config.authenticate(auth[1]!) : ({ refused: 'unknown' } as const);
    // A revoked token is a real one, not a guess: it spends nothing, so a revoked kiosk retrying its queue never
    // locks the tablets beside it out of a mistyped pairing code.
    if ('refused' in answer && answer.refused === 'revoked')
      return refusal(req, 401, 'device_revoked', REVOKED_MESSAGE, { reason: 'revoked device' });
    if ('refused' in answer) {
      const attempt = await failedAttempt(req);
      if (attempt.refusal) return attempt.refusal;
      return refusal(req, 401, 'unauthorized', 'This device is not allowed to send: check its device token.', {
        reason: 'device token',
        ...(attempt.blocked ? { blocked: true } : {}),
      });
    }
    const device = answer.device.id;
    const wait = (budget === 'sync' ? perDeviceSync : perDevice).take(device);
    if (wait > 0) {
      refused(req, 429, 'rate_limited', { device, reason: 'rate limit' });
      return {
        status: 429,
        body: pushedError('rate_limited', 'Too many requests from this device; slow down.'),
        headers: retryAfter(wait),
      };
    }
    return answer;
  }

  async function decidePush(req: IncomingMessage): Promise<Checked> {
    const admitted = await admit(req);
    if ('status' in admitted) return admitted;
    const device = admitted.device.id;
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
    return { device: admitted.device, key };
  }

  /** The device of a request with a right token, or why it is refused; decided once per request (by its first budget). */
  function admit(req: IncomingMessage, budget: Budget = 'sends'): Promise<Admitted | Refusal> {
    let known = admitted.get(req);
    if (!known) admitted.set(req, (known = decideDevice(req, budget)));
    return known;
  }

  return {
    admit,
    /** The device and key of an acceptable push, or why it is refused; decided once per request. */
    check(req: IncomingMessage): Promise<Checked> {
      let known = checked.get(req);
      if (!known) checked.set(req, (known = decidePush(req)));
      return known;
    },
    failedAttempt,
    blockedNow,
    client,
    refused,
    refusal,
  };
}
