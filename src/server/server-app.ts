import { createHash, randomUUID } from 'node:crypto';
import { GUEST_PAGE_DEVICE, mutation } from '../core/sync/mutation.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PushTarget } from '../core/push-target.ts';
import { DEFAULT_CONTENT_LIMIT } from '../core/message-template.ts';
import { buildPushBody } from '../pushed/push-request.ts';
import { describeRequestProblem } from '../pushed/send-push.ts';
import { errorType, guard, pushedError, requestUrl, sendJson } from './http/http-util.ts';
import { BodyError, parseFields, readBody } from './http/request-body.ts';
import { DatabaseError, isDataError } from './db/database.ts';
import type { StoredKey } from './push/key-store.ts';
import type { ServerAppConfig } from './setup/server-config.ts';
import { announcementsApi, tooSoonBody } from './push/announcements.ts';
import { forward, NOT_RECORDED, UNKNOWN, type Answer, type Outcome } from './push/pushed-upstream.ts';
import { SERVER_DEFAULTS } from './setup/server-config.ts';
import { requestIdOf, serverLogger, withRequestId } from './log/logger.ts';
import { attemptBudget } from './venue/attempt-budget.ts';
import { requestGate } from './venue/request-gate.ts';
import { staticApp } from './http/static-app.ts';
import { venueApi } from './venue/venue-routes.ts';
import { historyExport } from './venue/history-export.ts';
import { syncApi } from './sync/sync-routes.ts';
import { routeOf, type Handlers } from './routes.ts';
import { syncHub } from './sync/sync-hub.ts';
import { streamCaps } from './sync/stream-caps.ts';
import { STAFF_PIN_HEADER, SYNC_PROTOCOL_HEADER } from '../core/wire/protocol.ts';
import { guestApi } from './guest/guest-routes.ts';
import { guestStreams } from './guest/guest-streams.ts';
import { guestPage } from './guest/guest-page.ts';
import { permissionOf } from './guest/guest-pushed.ts';
import { newTicket, ticketStore } from './guest/ticket-store.ts';
import { pushedUsers } from './guest/pushed-users.ts';
import { erasureStore, isErasedParty } from './sync/erasures.ts';
import { BOARD_LIMITS } from './sync/server-sync-store.ts';
import { HEARTBEAT_MS, MAX_BUFFERED_BYTES } from './sync/event-stream.ts';

type Next = () => void;

/** Stands for "this key holds another push": answered as a 422. */
const REUSED: Answer = { status: 422, body: '' };

/** A full disk is freed by a person: asked again in a minute, not at once. */
const DISK_RETRY = { 'Retry-After': '60' };

/** How long a key reserved by another copy is waited for beyond the upstream timeout, before it counts as lost. */
const RESERVED_MARGIN_MS = 5_000;

/**
 * The venue server's API: takes pushes from paired tablets by device token and calls Pushed with
 * their venue's app at most once per venue and Idempotency-Key — across every copy of the server
 * sharing the database. A retry gets the stored answer, a concurrent duplicate waits for the first,
 * and a key whose outcome was lost (timeout, crash) answers "outcome unknown" forever.
 */
export function createServerApp(config: ServerAppConfig) {
  const log = config.logger ?? serverLogger();
  const { venues, keys, db } = config.store;
  const maxBodyBytes = config.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes;
  const upstreamTimeoutMs = config.upstreamTimeoutMs ?? SERVER_DEFAULTS.upstreamTimeoutMs;
  const authFailuresPerMinute = config.authFailuresPerMinute ?? SERVER_DEFAULTS.authFailuresPerMinute;
  const gate = requestGate({
    authenticate: (token) => venues.authenticate(token),
    ratePerMinute: config.ratePerMinute ?? SERVER_DEFAULTS.ratePerMinute,
    ...(config.syncRatePerMinute ? { syncRatePerMinute: config.syncRatePerMinute } : {}),
    attempts: attemptBudget(db, { perMinute: authFailuresPerMinute, burst: authFailuresPerMinute * 2 }),
    trustedProxies: config.trustedProxies ?? [],
    maxBodyBytes,
    logger: log,
  });
  const upstream = { upstream: config.upstream, timeoutMs: upstreamTimeoutMs, fetch: config.fetch ?? fetch, keys, log };
  const hub = syncHub(db, config.store.sync, log);
  const users = pushedUsers(db, config.store.box, { now: () => Date.now() }); // read at each call: tests move the clock
  const tickets = ticketStore(db);
  const streamCapsOfCopy = streamCaps({
    perTablet: config.streamsPerTablet ?? SERVER_DEFAULTS.streamsPerTablet,
    perVenue: config.streamsPerVenue ?? SERVER_DEFAULTS.streamsPerVenue,
    total: config.maxStreams ?? SERVER_DEFAULTS.maxStreams,
  });
  const app = config.appDir
    ? staticApp(config.appDir, (req, status, type) => gate.refused(req, status, type), {
        sourceMaps: config.serveSourceMaps ?? false,
      })
    : null;
  const announcements = announcementsApi({
    db,
    gate,
    log,
    credentials: (venueId) => venues.credentials(venueId),
    build: (credentials, target, alias, text) => {
      const built = buildPushBody(credentials, target === 'app' ? { type: 'app' } : { type: 'channel', alias }, text, {
        limit: config.contentLimit ?? DEFAULT_CONTENT_LIMIT,
      });
      return built.ok ? built.value : null;
    },
    send: async (venueId, key, device, bodyHash, body) => {
      const sent = await sendOnce(venueId, key, device, bodyHash, body);
      return sent === 'reused' ? REUSED : sent.answer;
    },
    bodyHash: requestHash,
    ...(config.contentLimit ? { contentLimit: config.contentLimit } : {}),
    maxBodyBytes,
  });
  // The body hash travels with the call: a duplicate with another body is a 422 even before the key is stored.
  const inFlight = new Map<string, { call: Promise<Outcome>; bodyHash: string }>();

  /** Serving the app, the API also answers at /relay/… : the same-origin URL Settings know from the demo (/relay/1). */
  function unmount(req: IncomingMessage): void {
    const url = req.url ?? '';
    if (app && /^\/relay\/(1\/|healthz(\?|$)|readyz(\?|$))/.test(url)) req.url = url.slice('/relay'.length);
  }

  function cors(origin: string | undefined, methods: string): Record<string, string> {
    if (!origin || !config.allowedOrigins.includes(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Allow-Headers': `Authorization, Content-Type, Idempotency-Key, X-Request-Id, ${SYNC_PROTOCOL_HEADER}, ${STAFF_PIN_HEADER}`,
      'Access-Control-Expose-Headers': 'X-Request-Id',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  }

  /**
   * What a key already in the database means for this request: its stored answer, "unknown", a
   * 422 for another body, or null while another copy's call may still be in flight.
   */
  function verdict(existing: StoredKey, bodyHash: string): { answer: Answer; replayed: boolean } | 'reused' | null {
    if (existing.requestHash !== bodyHash) return 'reused';
    if (existing.state === 'done') return { answer: { status: existing.status, body: existing.body }, replayed: true };
    if (existing.state === 'unknown') return { answer: UNKNOWN, replayed: false };
    return null;
  }

  /**
   * Reserves the key for this call, or says what the key already holds. A key another copy reserved
   * is waited for while its call may still run; past that (the copy died mid-call) it is lost for
   * good: "outcome unknown", never a second call.
   */
  async function claim(
    venueId: string,
    key: string,
    deviceId: string,
    bodyHash: string,
  ): Promise<'mine' | 'reused' | { answer: Answer; replayed: boolean }> {
    let pause = 25;
    for (;;) {
      const attempt = await keys.reserve({ venueId, key, deviceId, requestHash: bodyHash });
      if (attempt.reserved) return 'mine';
      let existing: StoredKey | undefined = attempt.existing;
      while (existing) {
        const known = verdict(existing, bodyHash);
        if (known) return known;
        if (Date.now() - existing.at > upstreamTimeoutMs + RESERVED_MARGIN_MS) {
          await keys.markUnknown(venueId, key); // its copy died mid-call: say so once, for every copy
          return { answer: UNKNOWN, replayed: false };
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 250);
        existing = await keys.lookup(venueId, key); // gone: the other call failed before Pushed took it; try again
      }
    }
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
    const checked = await gate.check(req); // logs its own refusals
    if ('status' in checked) return sendJson(res, checked.status, checked.body, { ...headers, ...checked.headers });
    const { key } = checked;
    const device = checked.device.id;
    const venueId = checked.device.venueId;
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
        'Do not send the app key or secret to the venue server; it adds them itself.',
      );
    }
    let target = targetOf(fields);
    if (!target)
      return refuse(400, 'invalid_target', 'target_type is app, channel, pushed_id, user or email, with its fields.');
    const partyId = fields.party_id;
    if (partyId !== undefined && !PARTY_ID.test(partyId))
      return refuse(400, 'invalid_request', 'party_id names one of the venue’s parties.');
    // A guest the owner erased is never messaged again, whichever tablet still had a message queued for them.
    if (partyId !== undefined && (await isErasedParty(db, venueId, partyId)))
      return refuse(410, 'guest_erased', 'The owner erased this guest’s details: nothing is sent to them.');
    const credentials = await venues.credentials(venueId);
    if (!credentials)
      return refuse(
        409,
        'venue_not_configured',
        "The venue's Pushed app key and secret are not set: set them in Settings → Venue server.",
      );
    // A guest's own Pushed permission: only this server holds their token, and adds it here.
    let byPermission = false;
    if (target.type === 'user' && !target.accessToken && partyId !== undefined) {
      byPermission = true;
      const permission = await permissionOf(db, users, venueId, partyId);
      if ('refused' in permission)
        return refuse(
          409,
          permission.refused,
          permission.refused === 'pushed_permission_lost'
            ? "The guest's Pushed permission was for the venue's earlier Pushed app: ask them to allow it again from their status page."
            : 'This guest has not let the venue notify them with Pushed.',
        );
      target = { ...target, accessToken: permission.token };
    }
    const body = buildPushBody(credentials, target, fields.content ?? '', {
      limit: config.contentLimit ?? DEFAULT_CONTENT_LIMIT,
      ...(fields.content_type === 'url' && fields.content_extra ? { url: fields.content_extra } : {}),
    });
    if (!body.ok)
      return refuse(
        400,
        body.error.kind === 'too_long' ? 'content_too_long' : 'invalid_request',
        describeRequestProblem(body.error),
      );

    // A channel or app push is an announcement (a tablet of before): the venue's 10-minute rule holds for it too,
    // whatever party it names (no guest's message goes to the channel or the app).
    let announced: Awaited<ReturnType<typeof announcements.guardPush>> | null = null;
    if (target.type === 'channel' || target.type === 'app') {
      announced = await announcements.guardPush(venueId, device, key, target.type, fields.content ?? '');
      if ('tooSoon' in announced) {
        gate.refused(req, 409, 'announcement_too_soon', { device });
        return sendJson(res, 409, tooSoonBody(announced.tooSoon), headers);
      }
      if ('reused' in announced)
        return refuse(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different push.');
    }

    const sent = await sendOnce(
      venueId,
      key,
      device,
      requestHash(fields),
      body.value,
      async (outcome) => {
        if (byPermission && partyId !== undefined)
          await noteReach(venueId, partyId, outcome.answer).catch((error: unknown) => {
            // Pushed's answer stands, stored under the key; only the guest's page misses whether it reached them.
            log.warn('pushed reach not noted', { device, key, name: error instanceof Error ? error.name : 'error' });
          });
      },
      async () => {
        // Every message to a guest with a status page carries the way back to it (a fresh ticket: theirs is not known here).
        if (partyId !== undefined && config.publicUrl && fields.content_type !== 'url') {
          // The key is reserved now: a failure here must not keep Table ready from going, only its link.
          const link = await statusLink(venueId, partyId, config.publicUrl).catch((error: unknown) => {
            log.warn('status link not made', { device, key, name: error instanceof Error ? error.name : 'error' });
            return null;
          });
          if (link) {
            body.value.set('content_type', 'url');
            body.value.set('content_extra', link);
          }
        }
      },
    );
    if (sent === 'reused')
      return refuse(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different push.');
    if (announced && 'settle' in announced) await announced.settle(sent.answer);
    reply(sent.answer, sent.replayed ? { 'Idempotent-Replayed': 'true' } : {}); // replayed: a stored answer from the database
  }

  /**
   * Calls Pushed with `body` at most once per venue and key, across copies: a concurrent duplicate on this copy
   * waits for the first; `before` runs once the key is reserved, `after` once Pushed answered this call.
   */
  async function sendOnce(
    venueId: string,
    key: string,
    device: string,
    bodyHash: string,
    body: URLSearchParams,
    after?: (outcome: Outcome) => Promise<void>,
    before?: () => Promise<void>,
  ): Promise<'reused' | { answer: Answer; replayed: boolean }> {
    const flightKey = `${venueId}:${key}`; // keys are the venue's: its tablets share them, other venues cannot touch them
    const running = inFlight.get(flightKey);
    if (running && running.bodyHash !== bodyHash) return 'reused';
    if (running) {
      // A concurrent duplicate gets the first one's answer, marked replayed only if it is the key's stored answer.
      const { answer, stored } = await running.call;
      return answer === REUSED ? 'reused' : { answer, replayed: stored };
    }
    const call = (async (): Promise<Outcome & { replayed?: boolean }> => {
      let claimed: Awaited<ReturnType<typeof claim>>;
      try {
        claimed = await claim(venueId, key, device, bodyHash); // committed before Pushed is called
      } catch (error) {
        log.error('key write failed', { device, key, name: error instanceof Error ? error.name : 'error' });
        return { answer: NOT_RECORDED, stored: false }; // never call Pushed without a durable reservation
      }
      if (claimed === 'reused') return { answer: REUSED, stored: false };
      if (claimed !== 'mine') return { answer: claimed.answer, stored: claimed.replayed, replayed: claimed.replayed };
      await before?.();
      const outcome = await forward(upstream, { venueId, key, body }, { device, key });
      await after?.(outcome);
      return outcome;
    })().finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, { call, bodyHash });
    const { answer, replayed } = await call;
    return answer === REUSED ? 'reused' : { answer, replayed: replayed ?? false };
  }

  /**
   * The venue's Pushed app changed: its guests' tokens were issued for the old one. They are forgotten, and each
   * party on the board that had one is marked `pushed_lost` (every tablet's row and the guest's page say why).
   */
  async function appKeyChanged(venueId: string, appKey: string): Promise<void> {
    const holders = await users.holders(venueId, appKey);
    if (holders.length === 0) return;
    const at = Date.now();
    const lost = holders.map((partyId) =>
      mutation(randomUUID(), GUEST_PAGE_DEVICE, at, partyId, { kind: 'guest', action: 'pushed_lost' }),
    );
    const done = await config.store.sync.own(
      venueId,
      lost,
      { ...BOARD_LIMITS, ...config.board },
      {
        after: async (tx) => void (await users.forgetVenue(tx, venueId, appKey)),
      },
    );
    if ('version' in done && done.outcomes.some((o) => o.outcome === 'applied')) hub.wake(venueId, done.version);
    log.info('pushed permissions forgotten', { venue: venueId, parties: holders.length });
  }

  /** The guest's status page with a fresh ticket, when the party has a ticket at all (it joined online). */
  async function statusLink(venueId: string, partyId: string, publicUrl: string): Promise<string | null> {
    const { rows } = await db.query<{ code: string }>(
      `SELECT v.code FROM venues v
        WHERE v.id = $1 AND EXISTS (SELECT 1 FROM guest_tickets t WHERE t.venue_id = $1 AND t.party_id = $2)`,
      [venueId, partyId],
    );
    const code = rows[0]?.code;
    if (!code) return null;
    const { token, hash } = newTicket();
    await tickets.insert(db, hash, venueId, partyId);
    return `${publicUrl}/v/${code}/status#${token}`;
  }

  /** What Pushed said of a guest reached by their permission: not subscribed, or reached (which clears that). */
  async function noteReach(venueId: string, partyId: string, answer: Answer): Promise<void> {
    const read = jsonOf(answer.body) as { response?: unknown; error?: { type?: unknown } } | null; // checked below
    let subscribed: boolean | null = null;
    if (read?.error?.type === 'target_has_no_subscribers') subscribed = false;
    else if (answer.status >= 200 && answer.status < 300 && read?.response && !read.error) subscribed = true;
    if (subscribed === null) return;
    await users.noteSubscribed(venueId, partyId, subscribed).catch((error: unknown) => {
      log.warn('pushed permission not noted', { name: error instanceof Error ? error.name : 'error' });
    });
  }

  /** Why the server answers a request without reading its body, or null when it is one to read. */
  function precheck(req: IncomingMessage, res: ServerResponse, methods: string[]): Record<string, string> | null {
    const refuse = (status: number, type: string, message: string, headers: Record<string, string> = {}) => {
      gate.refused(req, status, type);
      sendJson(res, status, pushedError(type, message), headers);
      return null;
    };
    const allowed = [...methods, 'OPTIONS'].join(', ');
    const origin = req.headers.origin;
    const headers = cors(origin, allowed);
    // Only configured origins — the server's own public origin too, when it serves the app: the Host header is the
    // client's to choose (a page on a rebinding domain sends matching Host and Origin), so it proves nothing.
    if (origin !== undefined && !headers['Access-Control-Allow-Origin'])
      return refuse(
        403,
        'origin_not_allowed',
        'This address is not one the venue server was given for its tablets (WAITBELL_PUBLIC_URL or WAITBELL_ALLOWED_ORIGINS).',
      );
    if (req.method === 'OPTIONS') return (res.writeHead(204, headers).end(), null);
    if (!methods.includes(req.method ?? ''))
      return refuse(405, 'method_not_allowed', `${methods.join(' or ')} only.`, { ...headers, Allow: allowed });
    return headers;
  }

  /** Whether the database answers within 2 s: what /readyz reports (a load balancer stops sending when it does not). */
  async function ready(): Promise<boolean> {
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
    return Promise.race([
      db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  }

  const guest = guestApi({
    db,
    venues,
    sync: config.store.sync,
    hub,
    gate,
    log,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    allowedOrigins: config.allowedOrigins,
    limits: {
      joinsPerAddress: config.guest?.joinsPerAddress ?? SERVER_DEFAULTS.guestJoinsPerAddress,
      joinsPerVenue: config.guest?.joinsPerVenue ?? SERVER_DEFAULTS.guestJoinsPerVenue,
      readsPerMinute: config.guest?.readsPerMinute ?? SERVER_DEFAULTS.guestReadsPerMinute,
    },
    board: { ...BOARD_LIMITS, ...config.board },
    maxBodyBytes,
    pushed: { users, upstream: config.upstream, fetch: upstream.fetch, timeoutMs: upstreamTimeoutMs },
  });
  const guestLive = guestStreams({
    db,
    hub,
    api: guest,
    gate,
    log,
    limits: {
      perCopy: config.guestStreams?.perCopy ?? SERVER_DEFAULTS.guestStreams,
      perAddress: config.guestStreams?.perAddress ?? SERVER_DEFAULTS.guestStreamsPerAddress,
      perVenue: config.guestStreams?.perVenue ?? SERVER_DEFAULTS.guestStreamsPerVenue,
    },
    timings: {
      heartbeatMs: HEARTBEAT_MS,
      maxAgeMs: config.streamMaxAgeMs ?? SERVER_DEFAULTS.streamMaxAgeMs,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      random: Math.random,
      ...config.guestStreamTimings,
    },
  });

  const handlers: Handlers = {
    probe: {
      healthz: ({ res }) => Promise.resolve(sendJson(res, 200, { ok: true })),
      async readyz({ res }) {
        if (config.disk?.full()) return sendJson(res, 503, { ready: false, reason: 'disk_full' }, DISK_RETRY);
        const ok = await ready();
        if (!ok) log.warn('not ready: the database does not answer');
        return sendJson(res, ok ? 200 : 503, { ready: ok }, ok ? {} : { 'Retry-After': '5' });
      },
    },
    push: ({ req, res, headers }) => push(req, res, headers),
    announcements: { post: announcements.post, list: announcements.list },
    venue: venueApi({
      venues,
      gate,
      log,
      maxBodyBytes,
      db,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.demoSync ? { demoSync: true } : {}),
      appKeyChanged,
      erasures: erasureStore(db, config.store.sync),
      history: historyExport({
        db,
        log,
        pageRows: config.exportPageRows ?? SERVER_DEFAULTS.exportPageRows,
        stallMs: config.exportStallMs ?? SERVER_DEFAULTS.exportStallMs,
      }),
    }),
    sync: syncApi({
      sync: config.store.sync,
      hub,
      venues,
      gate,
      log,
      caps: streamCapsOfCopy,
      streams: { maxAgeMs: config.streamMaxAgeMs ?? SERVER_DEFAULTS.streamMaxAgeMs, ...config.syncStreams },
      board: config.board ?? {},
    }),
    guest: { ...guest, events: (c) => guestLive.open(c) },
    guestPage: (() => {
      const serve = guestPage(config.appDir);
      return ({ req, res }) => serve(req, res);
    })(),
  };

  /** Answers a request by the route table alone: its path and method find the route, the route's handler answers. */
  async function route(req: IncomingMessage, res: ServerResponse, next?: Next): Promise<void> {
    unmount(req);
    const url = requestUrl(req);
    const path = url?.pathname;
    const found = path === undefined ? null : routeOf(path);
    const api = path !== undefined && path.startsWith('/1/');
    // The probes answer GET and HEAD (Node sends no body to a HEAD), before the app's files and without CORS.
    if (found && !api && (req.method === 'GET' || req.method === 'HEAD'))
      return found.routes[0]!.handler(handlers, { req, res, headers: {}, route: found.routes[0]! });
    if (next && !api) return next();
    // Serving the app: anything but the API (/1/…) and the probes is a file of the app.
    if (app && path !== undefined && !api) return app(req, res);
    if (!url || path === undefined) {
      gate.refused(req, 400, 'invalid_request');
      return sendJson(res, 400, pushedError('invalid_request', 'The request target is not a path.'));
    }
    if (!found || !api) {
      gate.refused(req, 404, 'not_found');
      return sendJson(res, 404, pushedError('not_found', 'The venue server has no such route.'));
    }
    // The guest API is the guest page's own, on the same origin: no CORS, and its own origin rule (guest-origin.ts).
    const guestRoute = found.routes.every((r) => r.budget === 'guest');
    if (guestRoute && !found.methods.includes(req.method ?? '')) {
      gate.refused(req, 405, 'method_not_allowed');
      return sendJson(res, 405, pushedError('method_not_allowed', `${found.methods.join(' or ')} only.`), {
        Allow: found.methods.join(', '),
      });
    }
    const headers = guestRoute ? {} : precheck(req, res, found.methods);
    if (!headers) return;
    const chosen = found.routes.find((r) => r.method === req.method)!; // precheck answered every other method
    // Every route but a GET writes (a push's key, a pairing, settings): none may start on a full disk.
    if (chosen.method !== 'GET' && config.disk?.full()) {
      gate.refused(req, 503, 'disk_full');
      return sendJson(
        res,
        503,
        pushedError('disk_full', "The venue server's disk is full: nothing was saved. Try again in a few minutes."),
        { ...headers, ...DISK_RETRY },
      );
    }
    return chosen.handler(handlers, { req, res, headers, route: chosen, ...(found.id ? { id: found.id } : {}) });
  }

  /**
   * A request the database failed (down, full, restarting): 503 with Retry-After, which the kiosk
   * retries, rather than a 500. CORS headers too, so a kiosk in a browser can read it.
   */
  async function serve(req: IncomingMessage, res: ServerResponse, next?: Next): Promise<void> {
    try {
      await route(req, res, next);
    } catch (error) {
      if (!(error instanceof DatabaseError) || res.headersSent) throw error;
      if (isDataError(error)) {
        // The request's data, not the database: a retry would be refused the same, so it is no "try again".
        log.warn('data refused by the database', { code: error.code, client: gate.client(req) });
        return sendJson(
          res,
          422,
          pushedError('invalid_data', 'The venue server cannot store a value in this request; nothing was changed.'),
          cors(req.headers.origin, 'GET, POST, PUT, OPTIONS'),
        );
      }
      log.error('database unavailable', { code: error.code, client: gate.client(req) });
      sendJson(
        res,
        503,
        pushedError('relay_unavailable', 'The venue server cannot reach its database just now; try again shortly.'),
        { ...cors(req.headers.origin, 'GET, POST, PUT, OPTIONS'), 'Retry-After': '5' },
      );
    }
  }

  /** Answers one request; never rejects: a failure becomes a 4xx, 503 or 500 answer and a log line. */
  const guarded = guard(
    serve,
    ({ status, name, client }) => (status === 500 ? log.error : log.warn)('request failed', { status, name, client }),
    gate.client,
  );
  // One id per request, the same for its `Expect: 100-continue` check and its answer.
  const ids = new WeakMap<IncomingMessage, string>();
  const idOf = (req: IncomingMessage) => {
    const id = ids.get(req) ?? requestIdOf(req.headers['x-request-id']);
    ids.set(req, id);
    return id;
  };
  /** Every answer names its request (`X-Request-Id`), and so does every log line written while answering it. */
  const handle = (req: IncomingMessage, res: ServerResponse, next?: Next): void => {
    const id = idOf(req);
    res.setHeader('X-Request-Id', id);
    withRequestId(id, () => guarded(req, res, next));
  };

  /**
   * For `Expect: 100-continue`: true only when the body will be read, that is, the request is a push
   * that passed the gate (decided once: the request handler sees the same verdict and answers it).
   */
  function mayContinue(req: IncomingMessage): Promise<boolean> {
    return withRequestId(idOf(req), () => continues(req));
  }
  async function continues(req: IncomingMessage): Promise<boolean> {
    unmount(req);
    const path = requestUrl(req)?.pathname;
    const origin = req.headers.origin;
    if (req.method !== 'POST' || (path !== '/1/push' && path !== '/1/sync/push')) return false;
    if (origin !== undefined && !config.allowedOrigins.includes(origin)) return false;
    return !('status' in (await (path === '/1/push' ? gate.check(req) : gate.admit(req, 'sync'))));
  }

  return {
    handle,
    mayContinue,
    /** What lets an allowed kiosk's browser read an answer made before the app saw the request (a refusal). */
    readableBy(req: IncomingMessage): Record<string, string> {
      const origin = req.headers.origin;
      return origin && config.allowedOrigins.includes(origin)
        ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
        : {};
    },
    client: gate.client,
    /** A guest's status stream: capped by the guest streams' own caps, never by its address's connections. */
    ownAllowance: (req: IncomingMessage) =>
      req.method === 'GET' && /^(\/relay)?\/1\/guest\/ticket\/events(\?|$)/.test(req.url ?? ''),
    ready,
    /** Ends every open event stream (the server is stopping: they must not hold it) and stops listening. */
    endStreams: () => hub.stop(),
  };
}
/** A running relay. */
export type ServerApp = ReturnType<typeof createServerApp>;

/** A body read as JSON, or null when it is not. */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A party's id as tablets make them (a UUID) or older ones; nothing else is looked up. */
const PARTY_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** A request's fingerprint: the same fields in any order give the same hash (also the old relay's, for imported keys). */
export const requestHash = (fields: Record<string, string>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(fields).sort()))
    .digest('hex');

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
