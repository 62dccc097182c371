import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Route } from 'playwright';
import type { JoinRequest, PushedOutcome, TicketStatus, VenueInfo } from '../../src/guest/guest-api.ts';

/** A party as the fake keeps it: its status without the clock. */
type Ticket = Omit<TicketStatus, 'now'> & { code: string; expired?: boolean };

/** A refusal the next join gets instead of the contract's own checks (a limit the fake doesn't model). */
export interface ScriptedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const CLASS = (size: number) => (size <= 2 ? 0 : size <= 4 ? 1 : size <= 6 ? 2 : 3);
const error = (code: string, more: Record<string, unknown> = {}) => ({ error: { code, ...more } });

/**
 * The guest API as the contract fixes it, answered to one page through Playwright's routing: venues,
 * joins, tickets and their event streams. The streams come from a small local server (routing can only
 * answer whole bodies), so a change the test makes reaches an open status page as it would from the venue server.
 */
export class GuestFake {
  readonly venues = new Map<string, VenueInfo>();
  readonly tickets = new Map<string, Ticket>();
  /** Every join the page sent, as sent. */
  readonly joins: JoinRequest[] = [];
  /** How many times the page asked for its ticket's status (GET /1/guest/ticket). */
  polls = 0;
  /** Open event streams are refused (503) while true: the page must poll. */
  streamsDown = false;
  /** The next join's answer, instead of the fake's own. */
  nextJoin: ScriptedAnswer | null = null;
  /** The tickets that asked to start Pushed's permission (POST /1/guest/pushed), in order. */
  readonly pushedStarts: string[] = [];
  /** The next Pushed start's answer, instead of the fake's authorise link (status 0: no answer at all). */
  nextPushed: ScriptedAnswer | null = null;
  /** Every visit to the fake's Pushed authorise page, as full addresses. */
  readonly authorizeVisits: string[] = [];
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private server: Server | undefined;
  private streamOrigin = '';

  constructor(venues: VenueInfo[]) {
    for (const venue of venues) this.venues.set(venue.venue.code, venue);
  }

  /** Starts the stream server and answers the page's guest API from now on. */
  async attach(page: Page): Promise<void> {
    if (!this.server) {
      this.server = createServer((req, res) =>
        this.stream(new URL(req.url ?? '/', 'http://x').searchParams.get('t'), res),
      );
      await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
      this.streamOrigin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }
    await page.route('**/1/guest/**', (route) => this.answer(route));
    // Pushed's authorise page stands in on the page's own origin: a guest's visit is recorded, nothing more.
    await page.route('**/fake-pushed/**', (route) => {
      this.authorizeVisits.push(route.request().url());
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Pushed</title><h1>Pushed</h1>' });
    });
  }

  /**
   * Where the venue server sends a guest back from Pushed: their status page with the outcome and a fresh
   * ticket (the old one still works too). `state` is the permission the status then reports.
   */
  backFromPushed(token: string, outcome: PushedOutcome, state?: TicketStatus['pushed']['state']): string {
    const ticket = this.tickets.get(token)!;
    if (state) ticket.pushed = { ...ticket.pushed, state };
    const fresh = randomBytes(32).toString('base64url');
    this.tickets.set(fresh, ticket);
    return `/v/${ticket.code}/status?pushed=${outcome}#${fresh}`;
  }

  async close(): Promise<void> {
    for (const set of this.streams.values()) for (const res of set) res.destroy();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  /** Puts a party on the list directly (as if it joined earlier); returns its token. */
  add(code: string, party: Partial<Ticket> = {}): string {
    const venue = this.venues.get(code)!;
    const token = randomBytes(32).toString('base64url');
    this.tickets.set(token, {
      code,
      venue: { name: venue.venue.name, code },
      party: { name: 'Ana', size: 2 },
      state: 'waiting',
      place: 3,
      ahead: 2,
      quoteMinutes: 25,
      joinedAt: Date.now() - 12 * 60_000,
      calledAt: null,
      onMyWayAt: null,
      pushed: { offered: venue.pushed, state: 'none', subscribeLink: null },
      ...party,
    });
    return token;
  }

  /** Changes a party as the tablets would, and tells its open status pages at once. */
  set(token: string, change: Partial<Ticket>): void {
    Object.assign(this.tickets.get(token)!, change);
    for (const res of this.streams.get(token) ?? []) this.send(res, token);
  }

  /** Cuts every open event stream (a proxy dropping them, a server restarting). */
  cutStreams(): void {
    for (const set of this.streams.values()) for (const res of set) res.destroy();
  }

  /** What the status endpoints answer: the party's status with the server's clock. */
  statusOf(token: string): TicketStatus {
    const { code: _code, expired: _expired, ...status } = this.tickets.get(token)!;
    return { ...status, now: Date.now() };
  }

  private send(res: ServerResponse, token: string) {
    res.write(`event: status\ndata: ${JSON.stringify(this.statusOf(token))}\n\n`);
  }

  private stream(token: string | null, res: ServerResponse) {
    if (this.streamsDown || !token) return void res.writeHead(503).end();
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write(': ping\n\n');
    const open = this.streams.get(token) ?? new Set();
    this.streams.set(token, open.add(res));
    res.on('close', () => open.delete(res));
    this.send(res, token);
  }

  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const { pathname } = new URL(request.url());
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      route.fulfill({ status, headers: { 'Cache-Control': 'no-store', ...headers }, json: body });

    const venueMatch = /^\/1\/guest\/venues\/([^/]+)(\/join)?$/.exec(pathname);
    if (venueMatch) {
      const venue = this.venues.get(decodeURIComponent(venueMatch[1]!).toUpperCase());
      if (!venue) return json(404, error('unknown_venue'));
      if (!venueMatch[2]) return request.method() === 'GET' ? json(200, venue) : json(405, error('method_not_allowed'));
      return this.join(venue, route, json);
    }

    const token = (await request.allHeaders())['waitbell-ticket'] ?? '';
    const ticket = this.tickets.get(token);
    if (!ticket) return json(404, error('unknown_ticket'));
    if (ticket.expired) return json(410, error('ticket_expired'));
    const finished = ticket.state !== 'waiting' && ticket.state !== 'called';
    switch (`${request.method()} ${pathname}`) {
      case 'GET /1/guest/ticket':
        this.polls += 1;
        return json(200, this.statusOf(token));
      case 'GET /1/guest/ticket/events':
        return route.continue({ url: `${this.streamOrigin}/events?t=${encodeURIComponent(token)}` });
      case 'POST /1/guest/ticket/cancel':
        if (finished) return json(409, error('already_finished', { status: this.statusOf(token) }));
        this.set(token, { state: 'cancelled', place: null, ahead: null });
        return json(200, this.statusOf(token));
      case 'POST /1/guest/pushed': {
        const headers = await request.allHeaders();
        if (headers.origin !== new URL(request.url()).origin) return json(403, error('wrong_origin'));
        this.pushedStarts.push(token);
        if (this.nextPushed) {
          const { status, body, headers: more } = this.nextPushed;
          this.nextPushed = null;
          // Status 0: the connection fails, as a phone's signal drops.
          return status === 0 ? route.abort('failed') : json(status, body, more);
        }
        if (!ticket.pushed.offered) return json(409, error('pushed_not_set_up'));
        if (finished) return json(409, error('party_finished'));
        const state = randomBytes(32).toString('base64url');
        const back = encodeURIComponent(`${new URL(request.url()).origin}/oauth/pushed?state=${state}`);
        return json(200, {
          url: `${new URL(request.url()).origin}/fake-pushed/oauth/?client_id=fake&redirect_uri=${back}`,
        });
      }
      case 'POST /1/guest/ticket/on-my-way':
        if (ticket.state !== 'called') return json(409, error('not_called'));
        this.set(token, { onMyWayAt: Date.now() });
        return json(200, this.statusOf(token));
      default:
        return json(404, error('not_found'));
    }
  }

  private async join(
    venue: VenueInfo,
    route: Route,
    json: (status: number, body: unknown, headers?: Record<string, string>) => Promise<void>,
  ): Promise<void> {
    const request = route.request();
    const headers = await request.allHeaders();
    if (headers.origin !== new URL(request.url()).origin || headers['sec-fetch-site'] === 'cross-site')
      return json(403, error('wrong_origin'));
    if (!headers['content-type']?.startsWith('application/json')) return json(415, error('unsupported_media_type'));
    const body = request.postDataJSON() as JoinRequest;
    this.joins.push(body);
    if (this.nextJoin) {
      const { status, body: answer, headers: more } = this.nextJoin;
      this.nextJoin = null;
      return json(status, answer, more);
    }
    const problems = [];
    const name = String(body.name ?? '').trim();
    if (!name) problems.push({ field: 'name', problem: 'required' });
    else if ([...name].length > 60) problems.push({ field: 'name', problem: 'too_long' });
    if (!Number.isInteger(body.size) || body.size < 1 || body.size > 20)
      problems.push({ field: 'size', problem: 'out_of_range' });
    if ([...(body.note ?? '')].length > 200) problems.push({ field: 'note', problem: 'too_long' });
    if (body.phone !== undefined && !/^\+?\d{7,15}$/.test(body.phone))
      problems.push({ field: 'phone', problem: 'not_a_phone' });
    if (problems.length > 0) return json(400, error('invalid_fields', { problems }));
    const { joins } = venue;
    if (!joins.open) {
      if (joins.why === 'closed_now') return json(409, error('joins_closed_now', { opensAt: joins.opensAt }));
      const code = { full: 'online_full', not_set_up: 'joins_not_set_up' } as Record<string, string>; // the rest read as paused
      return json(409, error(code[joins.why ?? ''] ?? 'joins_paused'));
    }
    if (body.size > joins.maxSize) return json(409, error('party_too_large', { maxSize: joins.maxSize }));
    const place = venue.wait.waiting + 1;
    const token = this.add(venue.venue.code, {
      party: { name, size: body.size },
      place,
      ahead: place - 1,
      quoteMinutes: venue.wait.minutes[CLASS(body.size)] ?? null,
      joinedAt: Date.now(),
    });
    venue.wait.waiting = place;
    return json(201, { ticket: token, status: this.statusOf(token) });
  }
}

/** A venue's check-in answer with online joins open; `change` for the rest. */
export function openVenue(change: Partial<VenueInfo> = {}): VenueInfo {
  return {
    venue: { name: 'Casa Lupe', code: 'K7QM2P' },
    joins: { open: true, maxSize: 12 },
    wait: { waiting: 3, minutes: [25, 35, 50, null] },
    keptDays: 30,
    pushed: false,
    ...change,
  };
}
