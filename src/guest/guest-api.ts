/** Why online joins are closed, as the venue's check-in answer says. */
export type ClosedReason = 'paused' | 'closed_now' | 'full' | 'not_set_up';

/** `GET /1/guest/venues/:code`: what the check-in page shows. */
export interface VenueInfo {
  venue: { name: string; code: string };
  joins: { open: boolean; why?: ClosedReason; maxSize: number; opensAt?: string };
  wait: { waiting: number; minutes: (number | null)[] };
  keptDays: number;
  /** Whether "Join and notify me with Pushed" is offered. */
  pushed: boolean;
}

/** The guest's Pushed permission: whether the venue can ask for one, where it stands, the venue's subscription link. */
export interface PushedPermission {
  offered: boolean;
  state: 'none' | 'allowed' | 'not_subscribed' | 'lost';
  subscribeLink: string | null;
}

/** How asking Pushed went, as the venue server tells the status page (`?pushed=`) when the guest comes back. */
export const PUSHED_OUTCOMES = ['allowed', 'declined', 'refused', 'unavailable'] as const;
export type PushedOutcome = (typeof PUSHED_OUTCOMES)[number];

/** Where a party stands, as the status page shows it. Counts only: nothing about any other guest. */
export interface TicketStatus {
  venue: { name: string; code: string };
  party: { name: string; size: number };
  state: 'waiting' | 'called' | 'seated' | 'left' | 'cancelled';
  place: number | null;
  ahead: number | null;
  quoteMinutes: number | null;
  joinedAt: number;
  calledAt: number | null;
  onMyWayAt: number | null;
  now: number;
  pushed: PushedPermission;
}

/** One refused field, as the server words it (the Add party form's rules plus the phone's). */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** What the guest types on the check-in page. */
export interface JoinRequest {
  name: string;
  size: number;
  note?: string;
  phone?: string;
  language: 'en' | 'es';
}

/** An answer other than success: the HTTP status, the error's code and what came with it; status 0 when unreachable. */
export interface ApiRefusal {
  status: number;
  code: string;
  problems?: FieldProblem[];
  maxSize?: number;
  opensAt?: string;
  /** Seconds, from Retry-After. */
  retryAfter?: number;
  ticketStatus?: TicketStatus;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; refusal: ApiRefusal };

/** The guest API the pages need; built over fetch in main.tsx, the only place that calls the network. */
export interface GuestApi {
  venue(code: string): Promise<ApiResult<VenueInfo>>;
  join(code: string, request: JoinRequest): Promise<ApiResult<{ ticket: string; status: TicketStatus }>>;
  ticket(token: string): Promise<ApiResult<TicketStatus>>;
  cancel(token: string): Promise<ApiResult<TicketStatus>>;
  onMyWay(token: string): Promise<ApiResult<TicketStatus>>;
  /** Asks the venue server for Pushed's authorise link, bound to this ticket's party. */
  pushedStart(token: string): Promise<ApiResult<{ url: string }>>;
  /** Opens the ticket's event stream; resolves with the response (the caller reads its body). */
  events(token: string, signal: AbortSignal): Promise<Response>;
}

/** The header a status token travels in (never the URL: a fragment stays on the phone). */
export const TICKET_HEADER = 'Waitbell-Ticket';

const statusIn = (o: Record<string, unknown> | null) =>
  o?.status && typeof o.status === 'object' ? { ticketStatus: o.status as TicketStatus } : null;

async function call<T>(fetchImpl: typeof fetch, path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetchImpl(path, { cache: 'no-store', credentials: 'omit', ...init });
  } catch {
    return { ok: false, refusal: { status: 0, code: 'unreachable' } };
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok && body) return { ok: true, value: body as T };
  const error = (body?.error ?? {}) as Record<string, unknown>;
  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    refusal: {
      ...(error as Partial<ApiRefusal>),
      status: response.status,
      code: typeof error.code === 'string' ? error.code : 'server_error',
      ...(retryAfter > 0 ? { retryAfter } : {}),
      // 409 already_finished carries the party's status (in the error, or beside it).
      ...(statusIn(error) ?? statusIn(body) ?? {}),
    },
  };
}

/** The guest API over `fetchImpl`, on this page's own origin; no cookies are ever sent or needed. */
export function createGuestApi(fetchImpl: typeof fetch): GuestApi {
  const withTicket = (token: string, method = 'GET'): RequestInit => ({ method, headers: { [TICKET_HEADER]: token } });
  return {
    venue: (code) => call(fetchImpl, `/1/guest/venues/${encodeURIComponent(code)}`),
    join: (code, request) =>
      call(fetchImpl, `/1/guest/venues/${encodeURIComponent(code)}/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      }),
    ticket: (token) => call(fetchImpl, '/1/guest/ticket', withTicket(token)),
    cancel: (token) => call(fetchImpl, '/1/guest/ticket/cancel', withTicket(token, 'POST')),
    onMyWay: (token) => call(fetchImpl, '/1/guest/ticket/on-my-way', withTicket(token, 'POST')),
    pushedStart: (token) => call(fetchImpl, '/1/guest/pushed', withTicket(token, 'POST')),
    events: (token, signal) =>
      fetchImpl('/1/guest/ticket/events', {
        ...withTicket(token),
        headers: { [TICKET_HEADER]: token, Accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'omit',
        signal,
      }),
  };
}
