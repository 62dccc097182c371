/** Which rate budget a route spends (see request-gate.ts): none, the pushes', the sync's, or the venue API's. */
export type Budget = 'push' | 'sync' | 'admin' | 'none';

/** One route of the venue server: its method, path (`:id` a tablet's id), budget and what its body is. */
export interface Route {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  path: string;
  budget: Budget;
  /** What the request carries, in words: the README's column. */
  takes: string;
  /** Which handler answers it. */
  area: 'probe' | 'push' | 'venue' | 'sync';
  /** The handler's name for it within its area. */
  name: string;
}

/** Every route of the venue server: the one table the server dispatches by and the README lists. */
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', budget: 'none', takes: '—', area: 'probe', name: 'healthz' },
  { method: 'GET', path: '/readyz', budget: 'none', takes: '—', area: 'probe', name: 'readyz' },
  {
    method: 'POST',
    path: '/1/push',
    budget: 'push',
    takes: 'form fields of a Pushed push, `Idempotency-Key`',
    area: 'push',
    name: 'push',
  },
  {
    method: 'POST',
    path: '/1/pair',
    budget: 'none',
    takes: 'form: `code`, `label` (no token; wrong codes spend failed attempts)',
    area: 'venue',
    name: 'pair',
  },
  { method: 'GET', path: '/1/venue', budget: 'admin', takes: '—', area: 'venue', name: 'venue' },
  {
    method: 'PUT',
    path: '/1/venue',
    budget: 'admin',
    takes: 'form: `name`, `appKey`, `appSecret`, `channelAlias`, `subscriptionLink`',
    area: 'venue',
    name: 'venue',
  },
  { method: 'GET', path: '/1/venue/settings', budget: 'admin', takes: '—', area: 'venue', name: 'venue-settings' },
  {
    method: 'PUT',
    path: '/1/venue/settings',
    budget: 'admin',
    takes: 'JSON: `revision`, `settings`, `pinHash`',
    area: 'venue',
    name: 'venue-settings',
  },
  { method: 'GET', path: '/1/devices', budget: 'admin', takes: '—', area: 'venue', name: 'devices' },
  { method: 'POST', path: '/1/devices/:id/revoke', budget: 'admin', takes: '—', area: 'venue', name: 'revoke' },
  { method: 'POST', path: '/1/pairing-codes', budget: 'admin', takes: '—', area: 'venue', name: 'pairing-codes' },
  {
    method: 'POST',
    path: '/1/sync/push',
    budget: 'sync',
    takes: 'JSON: `mutations` (1–500, each by the schema in src/core/wire/sync.ts), `Waitbell-Sync`',
    area: 'sync',
    name: 'sync-push',
  },
  {
    method: 'GET',
    path: '/1/sync/changes',
    budget: 'sync',
    takes: 'query: `since`, `limit`, `scope=board`; `Waitbell-Sync`',
    area: 'sync',
    name: 'sync-changes',
  },
  {
    method: 'GET',
    path: '/1/sync/events',
    budget: 'sync',
    takes: '`Waitbell-Sync`',
    area: 'sync',
    name: 'sync-events',
  },
];

// `:id`: a tablet's id, as the venue store makes them.
const patternOf = (path: string) => new RegExp(`^${path.replace(':id', '([A-Za-z0-9_-]{1,40})')}$`);
const PATTERNS = ROUTES.map((route) => ({ route, pattern: patternOf(route.path) }));

/** The routes of a path (one per method), with the id it names; null for a path the server does not have. */
export function routeOf(path: string): { area: Route['area']; name: string; methods: string[]; id?: string } | null {
  const found = PATTERNS.flatMap(({ route, pattern }) => {
    const match = pattern.exec(path);
    return match ? [{ route, id: match[1] }] : [];
  });
  const first = found[0];
  if (!first) return null;
  const methods = [...new Set(found.map((f) => f.route.method))];
  return { area: first.route.area, name: first.route.name, methods, ...(first.id ? { id: first.id } : {}) };
}

/** The README's table of routes, generated from ROUTES (a test keeps the README's copy true). */
export const routesMarkdown = (): string =>
  [
    '| method | path | rate budget | takes |',
    '| --- | --- | --- | --- |',
    ...ROUTES.map((r) => `| ${r.method} | \`${r.path}\` | ${r.budget} | ${r.takes} |`),
  ].join('\n');
