import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isActive, type Party } from '../../core/party.ts';
import { GUEST_PAGE_DEVICE, mutation } from '../../core/sync/mutation.ts';
import type { GuestPushed, PushedOutcome } from '../../core/wire/guest.ts';
import { exchangeCode, exchangeUnavailable } from '../../pushed/oauth.ts';
import type { Database, Queryable } from '../db/database.ts';
import { requestUrl } from '../http/http-util.ts';
import { appSecurityHeaders } from '../http/static-app.ts';
import type { Logger } from '../log/logger.ts';
import type { PushedToken, PushedUsers } from './pushed-users.ts';
import type { SyncHub } from '../sync/sync-hub.ts';
import type { BoardBounds, ServerSyncStore } from '../sync/server-sync-store.ts';
import { cached, type Cache } from '../venue/short-cache.ts';
import type { VenueStore } from '../venue/venue-store.ts';
import { newTicket, type TicketStore } from './ticket-store.ts';

/** What a venue offers its guests for Pushed: whether it can ask (app key, secret, public address), and where to subscribe. */
export interface PushedOffer {
  offered: boolean;
  appKey: string | null;
  subscribeLink: string | null;
}

/** A party's stored party row (null when gone). */
export async function partyOf(q: Queryable, venueId: string, partyId: string): Promise<Party | null> {
  const { rows } = await q.query<{ party: Party }>(
    `SELECT party FROM sync_parties WHERE venue_id = $1 AND party_id = $2`,
    [venueId, partyId],
  );
  return rows[0]?.party ?? null;
}

/** The guest's Pushed permission as their page shows it, from the venue's offer, their party and their token row. */
export function pushedStateOf(
  offer: PushedOffer,
  party: Party,
  row: Pick<PushedToken, 'current' | 'subscribed'> | null,
) {
  const lost = party.pushedUser?.lostAt !== undefined && party.pushedUser?.lostAt !== null;
  const state: GuestPushed['state'] = row
    ? !row.current || lost
      ? 'lost'
      : row.subscribed
        ? 'allowed'
        : 'not_subscribed'
    : lost
      ? 'lost'
      : 'none';
  return { offered: offer.offered, state, subscribeLink: offer.subscribeLink } satisfies GuestPushed;
}

/**
 * Venues' Pushed offers: the credentials as the venue store caches them (a change made here counts at once, as
 * for pushes), the subscription link cached a few seconds (every status read and stream refresh asks).
 */
export function pushedOffers(venues: VenueStore, publicUrl: string | undefined, now: () => number) {
  const links: Cache<string | null> = new Map();
  return async (venueId: string): Promise<PushedOffer> => {
    const [credentials, subscribeLink] = await Promise.all([
      venues.credentials(venueId),
      cached(links, venueId, now(), async () => (await venues.venue(venueId))?.subscriptionLink || null),
    ]);
    return { offered: credentials !== null && !!publicUrl, appKey: credentials?.appKey ?? null, subscribeLink };
  };
}

/** Why a push to a guest's Pushed permission cannot go: none stored, or one the venue's app no longer takes. */
export type Permission = { token: string } | { refused: 'pushed_permission_missing' | 'pushed_permission_lost' };

/** The guest's access token, issued for the venue's current app key (as the database holds it), or why there is none. */
export async function permissionOf(
  db: Database,
  users: PushedUsers,
  venueId: string,
  partyId: string,
): Promise<Permission> {
  const row = await users.find(venueId, partyId);
  if (!row) {
    const party = await partyOf(db, venueId, partyId);
    return { refused: party?.pushedUser?.lostAt ? 'pushed_permission_lost' : 'pushed_permission_missing' };
  }
  if (!row.current) return { refused: 'pushed_permission_lost' };
  const token = users.open(venueId, partyId, row);
  return token === null ? { refused: 'pushed_permission_lost' } : { token };
}

type PageKind = 'unknown' | 'used' | 'expired' | 'gone' | 'busy';

const PAGES: Record<PageKind, { status: number; en: [string, string]; es: [string, string] }> = {
  unknown: {
    status: 400,
    en: [
      'This link does not work',
      'This link is not one the venue made. Open your check-in page from the restaurant’s code and try again.',
    ],
    es: [
      'Este enlace no funciona',
      'Este enlace no lo creó el restaurante. Abre tu página de registro desde el código del restaurante e inténtalo de nuevo.',
    ],
  },
  used: {
    status: 409,
    en: ['This link was already used', 'This link was already used. Your status page shows your place in line.'],
    es: ['Este enlace ya se usó', 'Este enlace ya se usó. Tu página de estado muestra tu lugar en la lista.'],
  },
  expired: {
    status: 410,
    en: [
      'This link has expired',
      'Coming back from Pushed took longer than 10 minutes, so this link no longer works. Try again from your status page.',
    ],
    es: [
      'Este enlace ha caducado',
      'Volver de Pushed tardó más de 10 minutos, así que este enlace ya no funciona. Inténtalo de nuevo desde tu página de estado.',
    ],
  },
  gone: {
    status: 410,
    en: ['This visit is over', 'This visit is over: its status page is no longer kept.'],
    es: ['Esta visita ha terminado', 'Esta visita ha terminado: tu página de estado ya no se guarda.'],
  },
  busy: {
    status: 429,
    en: ['Too many requests', 'Too many requests from this network. Wait a moment and reload this page.'],
    es: [
      'Demasiadas solicitudes',
      'Demasiadas solicitudes desde esta red. Espera un momento y vuelve a cargar la página.',
    ],
  },
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The guest's language by Accept-Language: Spanish when it comes before English, else English. */
export function pageLanguage(req: IncomingMessage): 'en' | 'es' {
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { lang: tag.trim().toLowerCase().slice(0, 2), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.lang === 'en' || l.lang === 'es')
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang === 'es' ? 'es' : 'en';
}

/** The callback's answers: a 303 back to the status page, or a small page in words; never cached, never a Referer. */
function answer(res: ServerResponse, status: number, headers: Record<string, string>, body = ''): void {
  res.writeHead(status, {
    ...appSecurityHeaders(),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    ...(body ? { 'Content-Type': 'text/html; charset=utf-8' } : {}),
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

function page(req: IncomingMessage, res: ServerResponse, kind: PageKind, statusPath: string | null): void {
  const lang = pageLanguage(req);
  const { status } = PAGES[kind];
  const [title, text] = PAGES[kind][lang];
  const link =
    statusPath === null
      ? ''
      : `<p><a href="${escape(statusPath)}">${lang === 'es' ? 'Abrir mi página de estado' : 'Open my status page'}</a></p>`;
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title></head>
<body><h1>${escape(title)}</h1><p>${escape(text)}</p>${link}</body></html>
`;
  answer(res, status, kind === 'busy' ? { 'Retry-After': '60' } : {}, html);
}

/**
 * The callback's parameters. Pushed's OAuth is not RFC 6749: should it append its code to the redirect address
 * with a second `?` (which already holds `?state=`), the code would read as part of the state; it is split off.
 */
/**
 * The callback's parameters, also when Pushed appended its own after a second `?` (our redirect address already
 * carries `?state=`, and how Pushed adds the code is not documented): `state=S?code=C` reads as state S, code C.
 */
export function callbackParams(query: URLSearchParams): URLSearchParams {
  const state = query.get('state') ?? '';
  const mark = state.indexOf('?');
  if (mark < 0) return query;
  const params = new URLSearchParams(state.slice(mark + 1));
  for (const [name, value] of query) if (name !== 'state' && !params.has(name)) params.append(name, value);
  params.set('state', state.slice(0, mark));
  return params;
}

/**
 * GET /oauth/pushed: where Pushed sends the guest back. Spends the state once (on every copy together),
 * exchanges the code for a token, seals and stores it, and tells every tablet (`pushed_allowed`); then sends
 * the guest to their status page with the outcome and a fresh ticket (their fragment stayed behind). Never
 * logs the query: it holds the state and the code.
 */
export function pushedCallback(deps: {
  db: Database;
  venues: VenueStore;
  sync: ServerSyncStore;
  hub: SyncHub;
  users: PushedUsers;
  tickets: TicketStore;
  log: Logger;
  upstream: string;
  fetch: typeof fetch;
  timeoutMs: number;
  publicUrl?: string | undefined;
  board: BoardBounds;
  /** The address's guest reads: a 429's wait, or 0. */
  readWait: (req: IncomingMessage) => number;
  now: () => number;
}) {
  const { db, venues, sync, hub, users, tickets, log } = deps;

  /** `appKey`: the app the authorise link named, hence the app Pushed issues the token for. */
  async function exchange(
    venueId: string,
    partyId: string,
    appKey: string | null,
    code: string,
  ): Promise<PushedOutcome | null> {
    const credentials = await venues.credentials(venueId);
    // The owner changed the app key since the guest left for Pushed: a token would be the old app's.
    if (!credentials || appKey === null || credentials.appKey !== appKey) return 'unavailable';
    const result = await exchangeCode(deps.fetch, deps.upstream, code, AbortSignal.timeout(deps.timeoutMs));
    if (!result.ok) {
      const unavailable = exchangeUnavailable(result.error);
      // Pushed's error type only, in its own known shape: never the code.
      const type = /^[A-Za-z0-9_]{1,60}$/.test(result.error.errorType) ? result.error.errorType : 'other';
      log.warn('pushed exchange failed', { venue: venueId, type });
      return unavailable ? 'unavailable' : 'refused';
    }
    const token = result.value;
    const at = deps.now();
    let saved = false;
    const done = await sync.own(
      venueId,
      [mutation(randomUUID(), GUEST_PAGE_DEVICE, at, partyId, { kind: 'guest', action: 'pushed_allowed' })],
      deps.board,
      {
        // Changed while Pushed answered: nothing of the old app is kept (the change waits for this otherwise).
        before: async (tx) => ((await users.keyStill(tx, venueId, appKey)) ? null : 'app_key_changed'),
        after: async (tx, outcomes) => {
          if (outcomes[0]?.outcome !== 'applied') return;
          saved = await users.save(tx, venueId, partyId, token, appKey);
        },
      },
    );
    if ('refused' in done) return 'unavailable';
    if (saved) hub.wake(venueId, done.version);
    return saved ? 'allowed' : null; // the party left the list meanwhile: nothing kept
  }

  return async function callback({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<void> {
    // A state is spent once: only the guest's browser coming back (a GET) spends it, never a HEAD that checks a link.
    if (req.method !== 'GET') return answer(res, 405, { Allow: 'GET' });
    if (deps.readWait(req) > 0) return page(req, res, 'busy', null);
    const params = callbackParams(requestUrl(req)?.searchParams ?? new URLSearchParams());
    const consumed = await users.consume(params.get('state') ?? '');
    if (consumed.kind === 'unknown') {
      log.warn('refused', { status: 400, type: 'pushed_state_unknown' });
      return page(req, res, 'unknown', null);
    }
    const code = await venues.code(consumed.venueId);
    const statusPath = `/v/${code ?? ''}/status`;
    if (consumed.kind !== 'fresh') {
      log.warn('refused', { status: consumed.kind === 'used' ? 409 : 410, type: `pushed_state_${consumed.kind}` });
      return page(req, res, consumed.kind, statusPath);
    }
    const { venueId, partyId, appKey } = consumed;
    const party = await partyOf(db, venueId, partyId);
    if (!party || !code) return page(req, res, 'gone', null);
    const given = params.get('code') || params.get('auth_code');
    const onBoard = isActive(party.status);
    let outcome: PushedOutcome | null;
    if (!onBoard) outcome = null;
    else if (params.has('error') || !given) outcome = 'declined';
    else outcome = await exchange(venueId, partyId, appKey, given);
    const { token, hash } = newTicket();
    await tickets.insert(db, hash, venueId, partyId);
    log.info('guest pushed', { venue: venueId, outcome: outcome ?? 'finished' });
    const query = outcome ? `?pushed=${outcome}` : '';
    answer(res, 303, { Location: `${deps.publicUrl ?? ''}${statusPath}${query}#${token}` });
  };
}
