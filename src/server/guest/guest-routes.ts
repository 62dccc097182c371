import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type * as v from 'valibot';
import { readOnlineJoins, onlineJoinsNow, ONLINE_JOINS_DEFAULTS } from '../../core/online-joins.ts';
import { createParty, validatePartyInput } from '../../core/party-input.ts';
import type { Party } from '../../core/party.ts';
import { classOf } from '../../core/quote-model.ts';
import { DEFAULT_QUOTES } from '../../core/quote-estimator.ts';
import { GUEST_PAGE_DEVICE, mutation, type GuestAction } from '../../core/sync/mutation.ts';
import {
  GUEST_TICKET_HEADER,
  GUEST_TOKEN,
  type GuestJoin,
  type GuestPushed,
  type GuestStatus,
} from '../../core/wire/guest.ts';
import { authorizeUrl } from '../../pushed/oauth.ts';
import type { Database, Queryable } from '../db/database.ts';
import { addressBucket } from '../http/client-address.ts';
import { sendJson } from '../http/http-util.ts';
import { rateLimiter } from '../http/rate-limit.ts';
import { BodyError } from '../http/request-body.ts';
import { readRouteBody, type Call } from '../http/route.ts';
import type { Logger } from '../log/logger.ts';
import { STATE_TTL_MS, type PushedUsers } from './pushed-users.ts';
import type { SyncHub } from '../sync/sync-hub.ts';
import { KEEP_SYNC_MS, type BoardBounds, type ServerSyncStore } from '../sync/server-sync-store.ts';
import { attemptBudget } from '../venue/attempt-budget.ts';
import type { requestGate } from '../venue/request-gate.ts';
import { sharedSettingsStore } from '../venue/shared-settings-store.ts';
import type { PublicVenue, VenueStore } from '../venue/venue-store.ts';
import { sameOriginPost } from './guest-origin.ts';
import { pushedCallback, pushedOffers, pushedStateOf } from './guest-pushed.ts';
import { expired, guestStatus } from './guest-status.ts';
import { ticketStore, newTicket, type TicketRow } from './ticket-store.ts';
import { waitEstimates } from './wait-estimate.ts';

/** The guest side's limits (SERVER_DEFAULTS has the defaults; README, "Health, limits and stopping"). */
export interface GuestLimits {
  /** Online joins from one client address (an IPv6 /64) per 10 minutes, on every copy together. */
  joinsPerAddress: number;
  /** Online joins of one venue per 10 minutes, on every copy together. */
  joinsPerVenue: number;
  /** Guest reads (check-in page, status, a status stream's opening, cancel, on my way) from one client address a minute, on this copy. */
  readsPerMinute: number;
}

const TEN_MINUTES = 10;
const ON_BOARD = `party->>'status' IN ('waiting', 'notified')`;

/** A guest API error: the server's shape (`type`), with `code` too, as the guest page reads it. */
const guestError = (code: string, message: string, extra: object = {}) => ({
  error: { type: code, code, message, ...extra },
});

const JOINS_CLOSED = {
  paused: [409, 'joins_paused', 'This restaurant is not taking online check-ins just now: please see the host.'],
  closed_now: [409, 'joins_closed_now', 'Online check-in is closed at this hour.'],
  full: [409, 'online_full', 'The online list is full just now: please see the host.'],
  not_set_up: [409, 'joins_not_set_up', 'This restaurant hasn’t set up online check-in yet: please see the host.'],
} as const;

/** The guests' API: the check-in page's venue and wait, joining, and the status page's ticket (README, "Venue server routes"). */
export function guestApi(options: {
  db: Database;
  venues: VenueStore;
  sync: ServerSyncStore;
  hub: SyncHub;
  gate: ReturnType<typeof requestGate>;
  log: Logger;
  publicUrl?: string;
  /** The operator's own origins for the server's pages (its `allowedOrigins`): a guest's POST may come from them too. */
  allowedOrigins: readonly string[];
  limits: GuestLimits;
  board: BoardBounds;
  maxBodyBytes: number;
  /** Guests' Pushed permissions, and Pushed itself for the code's exchange. */
  pushed: { users: PushedUsers; upstream: string; fetch: typeof fetch; timeoutMs: number };
  now?: () => number;
}) {
  const { db, venues, sync, hub, gate, log, limits } = options;
  const now = options.now ?? Date.now;
  const tickets = ticketStore(db, { now });
  const waits = waitEstimates(db, { now });
  const shared = sharedSettingsStore(db, { now });
  const joinsOfAddress = attemptBudget(db, {
    perMinute: limits.joinsPerAddress / TEN_MINUTES,
    burst: limits.joinsPerAddress,
  });
  const joinsOfVenue = attemptBudget(db, {
    perMinute: limits.joinsPerVenue / TEN_MINUTES,
    burst: limits.joinsPerVenue,
  });
  const reads = rateLimiter(limits.readsPerMinute);
  const { users } = options.pushed;
  const offerOf = pushedOffers(venues, options.publicUrl, now);

  const answering = ({ req, res }: Call) => ({
    send: (status: number, value: unknown, headers: Record<string, string> = {}) =>
      sendJson(res, status, value, { 'Referrer-Policy': 'no-referrer', ...headers }),
    /** A refusal, answered and logged once: never the token, never a name. */
    refuse(status: number, code: string, message: string, extra: object = {}, headers: Record<string, string> = {}) {
      gate.refused(req, status, code);
      sendJson(res, status, guestError(code, message, extra), { 'Referrer-Policy': 'no-referrer', ...headers });
    },
  });
  const retryAfter = (ms: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) });
  const bucketOf = (req: IncomingMessage) => addressBucket(gate.client(req));

  /** The address's guest reads on this copy: a 429's wait, or 0. */
  const readWait = (req: IncomingMessage) => reads.take(bucketOf(req));

  /** The venue's online-join settings and its shared quotes (defaults while no tablet has set it up). */
  async function venueSettings(venueId: string) {
    const snapshot = await shared.read(venueId);
    const settings = snapshot?.settings ?? null;
    const joins = readOnlineJoins(settings?.onlineJoins);
    return {
      setUp: settings !== null,
      joins: joins.ok ? joins.value : ONLINE_JOINS_DEFAULTS,
      defaults: settings?.defaultQuotes ?? DEFAULT_QUOTES,
    };
  }

  /** Parties that joined online still waiting (a called guest is on their way), and all the board's parties. */
  async function counts(q: Queryable, venueId: string): Promise<{ online: number; board: number }> {
    const { rows } = await q.query<{ online: unknown; board: unknown }>(
      `SELECT count(*) FILTER (WHERE party->>'joinedVia' = 'online' AND party->>'status' = 'waiting') AS online,
              count(*) AS board
         FROM sync_parties WHERE venue_id = $1 AND ${ON_BOARD}`,
      [venueId],
    );
    return { online: Number(rows[0]?.online ?? 0), board: Number(rows[0]?.board ?? 0) };
  }

  /** Whether joins are open now: off (or never set up), outside the hours, or the online list full. */
  const joinsNow = (settings: Awaited<ReturnType<typeof venueSettings>>, online: number) =>
    settings.setUp ? onlineJoinsNow(settings.joins, now(), online) : ({ open: false, why: 'not_set_up' } as const);

  /** The guest's status as it stands: their party, and how many wait before them. */
  async function statusOf(ticket: Pick<TicketRow, 'venueId' | 'venue'>, party: Party): Promise<GuestStatus> {
    const [place, pushed] = await Promise.all([
      party.status === 'waiting' ? tickets.place(db, ticket.venueId, party) : null,
      pushedOf(ticket.venueId, [party]).then((of) => of(party)),
    ]);
    return guestStatus(ticket.venue, party, place, now(), pushed);
  }

  /** The guests' Pushed permissions of some of the venue's parties, as their pages show them. */
  async function pushedOf(venueId: string, parties: readonly Party[]): Promise<(party: Party) => GuestPushed> {
    const [offer, rows] = await Promise.all([
      offerOf(venueId),
      users.ofParties(
        venueId,
        parties.map((p) => p.id),
      ),
    ]);
    return (party) => pushedStateOf(offer, party, rows.get(party.id) ?? null);
  }

  /** The ticket a request carries, with its party, or the refusal already answered (null); spends a read. */
  async function ticketOf(call: Call): Promise<(TicketRow & { party: Party }) | null> {
    // Every ticket lookup, a status stream's too, spends the address's reads: a flood of guesses is refused in words.
    if (overRead(call)) return null;
    const { refuse } = answering(call);
    const token = call.req.headers[GUEST_TICKET_HEADER.toLowerCase()];
    // Never says whether a ticket existed: a wrong token and a forgotten one read alike.
    const unknown = () => (refuse(404, 'unknown_ticket', 'This check-in is not known here.'), null);
    if (typeof token !== 'string' || !GUEST_TOKEN.test(token)) return unknown();
    const ticket = await tickets.find(token);
    if (!ticket?.party) return unknown();
    if (expired(ticket.party, now()))
      return (refuse(410, 'ticket_expired', 'This visit is over: its status page is no longer kept.'), null);
    return { ...ticket, party: ticket.party };
  }

  /** A guest's POST from anywhere but the guest page is refused before anything else. */
  function fromGuestPage(call: Call): boolean {
    if (sameOriginPost(call.req, { publicUrl: options.publicUrl, allowed: options.allowedOrigins })) return true;
    answering(call).refuse(403, 'wrong_origin', 'Check in from the restaurant’s own check-in page.');
    return false;
  }

  /** A read over the address's budget is answered 429 (true). */
  function overRead(call: Call): boolean {
    const wait = readWait(call.req);
    if (wait === 0) return false;
    answering(call).refuse(
      429,
      'too_many_requests',
      'Too many requests from this network; wait a moment.',
      {},
      retryAfter(wait),
    );
    return true;
  }

  /** The party's status as stored now (read under the venue's lock by `own`'s `before`). */
  async function stateOf(q: Queryable, venueId: string, partyId: string): Promise<string | undefined> {
    const { rows } = await q.query<{ status: string }>(
      `SELECT party->>'status' AS status FROM sync_parties WHERE venue_id = $1 AND party_id = $2`,
      [venueId, partyId],
    );
    return rows[0]?.status;
  }

  /** A guest's own action on their party (cancel, on my way) through the server's own push path. */
  async function act(call: Call, action: GuestAction): Promise<void> {
    if (!fromGuestPage(call)) return;
    const ticket = await ticketOf(call);
    if (!ticket) return;
    const { send, refuse } = answering(call);
    const at = now();
    const done = await sync.own(
      ticket.venueId,
      [mutation(randomUUID(), GUEST_PAGE_DEVICE, at, ticket.partyId, { kind: 'guest', action })],
      options.board,
      {
        // Under the venue's lock: "on my way" only once called, else the row and the phone's alert skip the call.
        before: async (tx) =>
          action === 'on_my_way' && (await stateOf(tx, ticket.venueId, ticket.partyId)) === 'waiting'
            ? 'not_called_yet'
            : null,
      },
    );
    const outcome = 'refused' in done ? undefined : done.outcomes[0];
    if (outcome?.outcome === 'applied' && 'version' in done) hub.wake(ticket.venueId, done.version);
    const fresh =
      (await tickets.find(call.req.headers[GUEST_TICKET_HEADER.toLowerCase()] as string))?.party ?? ticket.party;
    const status = await statusOf(ticket, fresh);
    const said = 'refused' in done ? done.refused : (outcome?.outcome ?? 'none');
    log.info('guest action', { venue: ticket.venueId, action, outcome: said });
    if ('refused' in done)
      return refuse(409, 'not_called_yet', 'The restaurant has not called you yet: this page says so when they do.', {
        status,
      });
    if (outcome?.outcome === 'rejected' && outcome.reason.kind === 'already_finished')
      return refuse(409, 'already_finished', 'This visit has already ended.', { status });
    return send(200, status);
  }

  return {
    /** The venue a code names (the routes' `:code`), or null after answering 404. */
    async venue(call: Call): Promise<void> {
      if (overRead(call)) return;
      const { send, refuse } = answering(call);
      const venue = await venues.byCode(call.id ?? '');
      if (!venue) return refuse(404, 'unknown_venue', 'We can’t find this restaurant.');
      const settings = await venueSettings(venue.id);
      const [board, wait] = await Promise.all([
        counts(db, venue.id),
        waits.of(venue.id, settings.defaults, settings.joins.timeZone),
      ]);
      const open = joinsNow(settings, board.online);
      return send(200, {
        venue: { name: venue.name, code: venue.code },
        joins: {
          open: open.open,
          ...(open.open ? {} : { why: open.why }),
          maxSize: settings.joins.maxSize,
          ...(!open.open && 'opensAt' in open && open.opensAt ? { opensAt: open.opensAt } : {}),
        },
        wait,
        keptDays: KEEP_SYNC_MS / (24 * 60 * 60_000),
        pushed: (await offerOf(venue.id)).offered,
      });
    },

    async join(call: Call): Promise<void> {
      if (!fromGuestPage(call)) return;
      const { send, refuse } = answering(call);
      let read: v.SafeParseResult<v.GenericSchema>;
      try {
        read = await readRouteBody(call, options.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        return refuse(error.status, error.status === 415 ? 'unsupported_media_type' : 'invalid_request', error.message);
      }
      if (!read.success)
        return refuse(400, 'invalid_request', 'Send name, size, language, and optionally note and phone.');
      const given = read.output as GuestJoin; // the route's schema
      const checked = validatePartyInput({
        name: given.name,
        size: given.size,
        note: given.note ?? '',
        quoteMinutes: '',
        pushedId: '',
        email: '',
        phone: given.phone ?? '',
      });
      if (!checked.ok)
        return refuse(400, 'invalid_fields', 'Some details need a second look.', { problems: checked.error });
      const venue: PublicVenue | null = await venues.byCode(call.id ?? '');
      if (!venue) return refuse(404, 'unknown_venue', 'We can’t find this restaurant.');
      const settings = await venueSettings(venue.id);
      const closed = (online: number) => {
        const open = joinsNow(settings, online);
        if (open.open) return null;
        const [status, code, message] = JOINS_CLOSED[open.why];
        return { status, code, message, extra: 'opensAt' in open && open.opensAt ? { opensAt: open.opensAt } : {} };
      };
      const early = closed((await counts(db, venue.id)).online);
      if (early) return refuse(early.status, early.code, early.message, early.extra);
      if (checked.value.size > settings.joins.maxSize)
        return refuse(409, 'party_too_large', `Parties of more than ${settings.joins.maxSize} please see the host.`, {
          maxSize: settings.joins.maxSize,
        });

      // Spent only by a join that could go through: a guest fixing a typo spends nothing.
      const client = `guest-join:${bucketOf(call.req)}`;
      const ofAddress = await joinsOfAddress.spend(client);
      const ofVenue = ofAddress.refused ? ofAddress : await joinsOfVenue.spend(`guest-join-venue:${venue.id}`);
      if (ofVenue.refused)
        return refuse(
          429,
          'too_many_joins',
          'Too many check-ins just now: please wait a few minutes, or see the host.',
          {},
          retryAfter(ofVenue.waitMs),
        );

      const at = now();
      const wait = await waits.of(venue.id, settings.defaults, settings.joins.timeZone);
      // The server's own estimate is both the guest's quote and what Waitbell suggested.
      const estimate = wait.minutes[classOf(checked.value.size)] ?? null;
      const party: Party = {
        ...createParty({ ...checked.value, quoteMinutes: estimate }, randomUUID(), at),
        joinedVia: 'online',
        suggestedMinutes: estimate,
      };
      const { token, hash } = newTicket();
      const done = await sync.own(
        venue.id,
        [mutation(randomUUID(), GUEST_PAGE_DEVICE, at, party.id, { kind: 'add', party })],
        options.board,
        {
          // Under the venue's lock: two guests cannot both take the online list's last place.
          before: async (tx) => {
            const board = await counts(tx, venue.id);
            const full = closed(board.online);
            if (full) return full;
            party.joinedPosition = board.board + 1; // the end of the line, as the tablets' Add party does
            return null;
          },
          after: async (tx, outcomes) => {
            if (outcomes[0]?.outcome === 'applied') await tickets.insert(tx, hash, venue.id, party.id);
          },
        },
      );
      if ('refused' in done)
        return refuse(done.refused.status, done.refused.code, done.refused.message, done.refused.extra);
      const outcome = done.outcomes[0];
      if (outcome?.outcome !== 'applied')
        return refuse(409, 'board_full', 'The list is full just now: please see the host.');
      hub.wake(venue.id, done.version);
      // Ids and counts only: never the guest's name, note or phone, never the ticket.
      log.info('guest joined', { venue: venue.id, size: party.size, version: done.version });
      const status = await statusOf({ venueId: venue.id, venue }, party);
      return send(201, { ticket: token, status });
    },

    async ticket(call: Call): Promise<void> {
      const ticket = await ticketOf(call);
      if (!ticket) return;
      return answering(call).send(200, await statusOf(ticket, ticket.party));
    },

    cancel: (call: Call) => act(call, 'cancel'),

    /** POST /1/guest/pushed: Pushed's authorise link, with a single-use state bound to the ticket's party. */
    async pushedStart(call: Call): Promise<void> {
      if (!fromGuestPage(call)) return;
      const ticket = await ticketOf(call);
      if (!ticket) return;
      const { send, refuse } = answering(call);
      const offer = await offerOf(ticket.venueId);
      if (!offer.offered || !offer.appKey || !options.publicUrl)
        return refuse(409, 'pushed_not_set_up', 'This restaurant cannot notify guests through Pushed just now.');
      if (ticket.party.status !== 'waiting' && ticket.party.status !== 'notified')
        return refuse(409, 'party_finished', 'This visit has already ended.');
      const state = await users.start(ticket.venueId, ticket.partyId, offer.appKey);
      if (!state)
        return refuse(
          429,
          'too_many_requests',
          'Too many tries to set up Pushed; wait a few minutes.',
          {},
          retryAfter(STATE_TTL_MS),
        );
      log.info('guest pushed start', { venue: ticket.venueId });
      // Pushed's link has no state parameter of its own: the state rides in the redirect address.
      const redirect = `${options.publicUrl}/oauth/pushed?state=${state}`;
      return send(
        200,
        { url: authorizeUrl(options.pushed.upstream, offer.appKey, redirect) },
        { 'Cache-Control': 'no-store' },
      );
    },

    /** GET /oauth/pushed: Pushed sends the guest back here. */
    pushedCallback: pushedCallback({
      db,
      venues,
      sync,
      hub,
      users,
      tickets,
      log,
      upstream: options.pushed.upstream,
      fetch: options.pushed.fetch,
      timeoutMs: options.pushed.timeoutMs,
      publicUrl: options.publicUrl,
      board: options.board,
      readWait,
      now,
    }),

    /** For the live status: the guests' Pushed permissions. */
    pushedOf,
    onMyWay: (call: Call) => act(call, 'on_my_way'),

    /** For the live status: the ticket a request carries (or its refusal answered). */
    ticketOf,
  };
}
export type GuestApi = ReturnType<typeof guestApi>;
