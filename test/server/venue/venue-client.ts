import { afterEach, beforeEach } from 'vitest';
import { fakeUpstream } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';

/** A server in this process (a venue, its two tablets) in front of a counting fake Pushed. */
export interface VenueServer {
  upstream: Awaited<ReturnType<typeof fakeUpstream>>;
  server: Awaited<ReturnType<typeof startRelayServer>>;
}

/** A fresh server and fake Pushed for each test, handed to `use`, closed after it. */
export function useVenueServer(use: (started: VenueServer) => void): void {
  let started: VenueServer | undefined;
  beforeEach(async () => {
    const upstream = await fakeUpstream();
    started = { upstream, server: await startRelayServer(upstream.url) };
    use(started);
  }, 60_000); // the first makes the migrated database template
  afterEach(async () => {
    await started?.server.close();
    await started?.upstream.close();
  });
}

/** One answer of the venue API, read whole: what a kiosk (or an attacker) sees. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The body as sent. */
  text: string;
  /** The body parsed (JSON), or null. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- each test reads the fields it asserts
}

/** Calls the venue API at `base` (e.g. http://127.0.0.1:1234) with a device token, if any, and a JSON body, if any. */
export async function api(
  base: string,
  path: string,
  {
    token,
    method,
    body,
    headers = {},
  }: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${base}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the test says what it expected
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A push as a kiosk sends it (form fields), with its own token. */
export function pushAs(
  base: string,
  token: string,
  key: string,
  fields: Record<string, string> = {},
): Promise<ApiAnswer> {
  return fetch(`${base}/1/push`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body: new URLSearchParams({ ...PUSH_FIELDS, ...fields }),
  }).then(async (response) => {
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as unknown };
  });
}

/** The fields of a kiosk's push (the harness's `push` sends the same). */
export const PUSH_FIELDS = {
  target_type: 'pushed_id',
  target_alias: 'Venue',
  pushed_id: 'AbC123',
  content: 'Table ready',
};

type Server = Awaited<ReturnType<typeof startRelayServer>>;

/** A second venue on the same server, with its own Pushed app and one tablet. */
export async function secondVenue(server: Server, name = 'Otro Sitio') {
  const venue = await server.store.venues.createVenue(name, {
    appKey: 'OtherAppKey0000000002',
    appSecret: 'OtherSecret9876543210zyxwvuZYXWVU',
    channelAlias: 'Otro',
  });
  const { device, token } = await server.store.venues.addDevice(venue.id, 'Otro front');
  return { venue, device, token, appKey: 'OtherAppKey0000000002', appSecret: 'OtherSecret9876543210zyxwvuZYXWVU' };
}

/** A new pairing code of the server's first venue, as an owner's tablet gets it. */
export async function pairingCode(server: Server, token: string): Promise<string> {
  const answer = await api(server.url, '/1/pairing-codes', { token, method: 'POST' });
  if (answer.status !== 200) throw new Error(`no pairing code: ${answer.status} ${answer.text}`);
  return (answer.json as { code: string }).code;
}
