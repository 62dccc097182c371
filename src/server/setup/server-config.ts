import { readFileSync } from 'node:fs';
import { DEFAULT_TIMEOUT_MS } from '../../pushed/send-push.ts';
import type { DatabaseLocation, ServerStore } from './server-store.ts';
import type { Logger } from '../log/logger.ts';
import type { HttpServerConfig } from '../http/http-server.ts';
import type { SyncStreamOptions } from '../sync/sync-routes.ts';
import { STREAM_MAX_AGE_MS } from '../sync/event-stream.ts';
import type { OldRelay } from '../upgrade/legacy-import.ts';
import { secretKeyFromEnv } from '../venue/secret-box.ts';
import { checkedAppDir } from '../http/static-app.ts';
import { BOARD_LIMITS } from '../sync/server-sync-store.ts';
import type { GuestLimits } from '../guest/guest-routes.ts';
import type { GuestStreamLimits, GuestStreamTimings } from '../guest/guest-streams.ts';

/** What one server needs: its database, Pushed, its kiosks' origins. Each venue's Pushed app is in the database. */
export interface ServerAppConfig {
  store: ServerStore;
  /** Pushed's API base, e.g. https://api.pushed.co/1 (or the sandbox's). */
  upstream: string;
  /** Kiosk origins allowed to call from a browser (CORS); a request with any other Origin is refused. */
  allowedOrigins: string[];
  /** Proxies whose X-Forwarded-For names the client; none by default (the socket's peer is the client). */
  trustedProxies?: string[];
  /** The server's public origin (https://waitbell.example), for pairing links. */
  publicUrl?: string;
  ratePerMinute?: number;
  /** Sync requests per tablet a minute (SYNC_RATE_PER_MINUTE by default), apart from its sends. */
  syncRatePerMinute?: number;
  authFailuresPerMinute?: number;
  upstreamTimeoutMs?: number;
  maxBodyBytes?: number;
  contentLimit?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  /**
   * A production build (dist/) to serve on the server's own origin: then every GET of a path that is
   * not the API is the app, and the API also answers under /relay (as in the demo). The server's
   * own public origin must be in allowedOrigins for that kiosk to push.
   */
  appDir?: string;
  /** Whether the app's source maps (`*.map` in appDir) are served: off by default, they are its source. */
  serveSourceMaps?: boolean;
  /** A venue's board, at most (parties waiting, their bytes), and a page of sync changes, at most (bytes). */
  board?: Partial<typeof BOARD_LIMITS>;
  /** Event streams a tablet may hold open; a newer one replaces its oldest. */
  streamsPerTablet?: number;
  /** Event streams a venue's tablets may hold open together; more are refused (429). */
  streamsPerVenue?: number;
  /** Event streams this server copy holds open at most (503 past it), below maxConnections. */
  maxStreams?: number;
  /** An event stream ends after at most this long; its tablet opens another. */
  streamMaxAgeMs?: number;
  /** Sync event streams' timings: the heartbeat, the paired check; tests shorten them. */
  syncStreams?: SyncStreamOptions;
  /** The data folder's free space: below its floor, every write is refused (503 `disk_full`) and /readyz says so. */
  disk?: { full(): boolean };
  /** Guests' joins and reads, per address and per venue. */
  guest?: Partial<GuestLimits>;
  /** Guests' live status streams: per copy, per address, per venue (apart from the tablets'). */
  guestStreams?: Partial<GuestStreamLimits>;
  /** Guest streams' timings; tests shorten them. */
  guestStreamTimings?: Partial<GuestStreamTimings>;
  /** The demo's server only (`npm start`): its answer to the demo tablet's start-up check says to sync its board here. */
  demoSync?: boolean;
  /** Parties read at a time by the history export: the most of it the server holds in memory. */
  exportPageRows?: number;
  /** A history export whose client takes nothing for this long is cut off. */
  exportStallMs?: number;
  /** How often the venues' learned quote statistics are brought up to date (main.ts's background tick). */
  quoteRefreshMs?: number;
}

/** The venue server's defaults, in one place (README, "Settings", lists them). */
export const SERVER_DEFAULTS = {
  ratePerMinute: 120,
  /** Wrong device tokens a client address may send a minute; twice that in a burst. */
  authFailuresPerMinute: 10,
  upstreamTimeoutMs: DEFAULT_TIMEOUT_MS,
  maxBodyBytes: 8 * 1024,
  /** The whole request line and headers must arrive within this. */
  headersTimeoutMs: 10_000,
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: 30_000,
  /** A kept-alive connection with no new request is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** A connection with nothing in progress and no byte for this long is closed (one that never sends a byte too). */
  idleTimeoutMs: 15_000,
  /** On SIGTERM/SIGINT, pushes in flight get this long to finish before the process exits anyway. */
  shutdownGraceMs: 10_000,
  /** Open client connections at most; more are closed at once, so a flood cannot use up file descriptors. */
  maxConnections: 500,
  /** Parties waiting on one venue's board, at most: a push adding one more is refused for that party alone. */
  boardMaxParties: BOARD_LIMITS.maxParties,
  /** Bytes (as JSON) of the parties waiting on one venue's board, at most, likewise. */
  boardMaxBytes: BOARD_LIMITS.maxBytes,
  /** Bytes (as JSON) of one page of sync changes, at most: a board or history read takes several. */
  syncPageBytes: BOARD_LIMITS.pageBytes,
  /** Open connections from one client address (an IPv6 /64): a venue's tablets behind one NAT fit, one attacker cannot fill the server. */
  maxConnectionsPerAddress: 64,
  /** One tablet's event streams: one per open tab, and a reload's new one replaces the oldest. */
  streamsPerTablet: 4,
  /** One venue's event streams: a busy venue's 20 tablets with a tab or two each, so one venue cannot take every stream. */
  streamsPerVenue: 64,
  /** Event streams in all: 4/5 of maxConnections, so ordinary requests and /healthz always find a connection. */
  maxStreams: 400,
  /** An event stream ends after at most this long (its tablet opens another by itself), so none lives forever. */
  streamMaxAgeMs: STREAM_MAX_AGE_MS,
  /**
   * Writes are refused below this much free space (or 2% of the disk, if more) under a PGlite data folder:
   * over twice what the WAL can grow between two checks (5 s of the fastest writes: under 100 MB), and room for
   * the checkpoint that frees the WAL.
   */
  minFreeMB: 256,
  /** How often the free space is read. */
  diskCheckMs: 5_000,
  /** A database call with no answer, or a main thread busy, for this long ends the process (systemd restarts it). */
  stuckMs: 30_000,
  /** Parties the history export (GET /1/history.csv) reads at a time: all it holds of the file at once. */
  exportPageRows: 500,
  /** A history download whose tablet takes nothing of it for this long is cut off (its connection is not idle, so nothing else would). */
  exportStallMs: 30_000,
  /** The venues' learned quotes take in newly finished parties this often, in the background (and relearn once a day). */
  quoteRefreshMs: 300_000,
  /**
   * Online joins from one client address per 10 minutes, on every copy together. Guests on the restaurant's
   * wifi (or behind a mobile carrier's shared address) come from one address: room for a busy door, while
   * one address still cannot fill the venue's online places alone (20 by default).
   */
  guestJoinsPerAddress: 12,
  /** Online joins of one venue per 10 minutes, on every copy together: a busy door, far from a flood. */
  guestJoinsPerVenue: 60,
  /** Guest reads (check-in page, status) from one client address a minute: a restaurant's wifi full of phones polling. */
  guestReadsPerMinute: 600,
  /** Guests' live status streams on one copy: on top of maxConnections, never taking the tablets' connections. */
  guestStreams: 5_000,
  /** Guests' live status streams from one client address (a restaurant's wifi): apart from its 64 connections. */
  guestStreamsPerAddress: 20,
  /** Guests' live status streams of one venue. */
  guestStreamsPerVenue: 1_000,
} as const;

const LOOPBACK_HOSTS = ['localhost', '[::1]'];

/** Pushed's base URL, refused unless https (the body carries the app secret) or plain http to this machine. */
export function checkedUpstream(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('WAITBELL_PUSHED_UPSTREAM must be a URL, like https://api.pushed.co/1.');
  }
  const loopback = LOOPBACK_HOSTS.includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return value.replace(/\/+$/, '');
  throw new Error(
    'WAITBELL_PUSHED_UPSTREAM must be https (plain http only to a loopback address, like a local sandbox).',
  );
}

/** Everything `npm run server` runs with. */
export interface ServerSettings extends Omit<ServerAppConfig, 'store'>, HttpServerConfig {
  database: DatabaseLocation;
  secretKey: Buffer;
  /** The old single-venue relay's settings, imported on the first start (see README, "Upgrading from the relay"). */
  old: OldRelay;
  /** Free space kept under a PGlite data folder, in MB (2% of the disk if more): writes are refused below it. */
  minFreeMB: number;
  diskCheckMs: number;
  /** A database call unanswered, or the main thread stuck, this long ends the process. */
  stuckMs: number;
}

const DEFAULT_DATA_DIR = './relay-data';

/**
 * The names the server had when it was "the relay", still read (after the new ones) so that an
 * upgraded server keeps its settings: WAITBELL_PORT was RELAY_PORT, and so on.
 */
const OLD_NAMES: Record<string, string> = {
  WAITBELL_CONFIG: 'WAITBELL_RELAY_CONFIG',
  WAITBELL_PUSHED_UPSTREAM: 'PUSHED_UPSTREAM',
};
const oldNameOf = (name: string) => OLD_NAMES[name] ?? name.replace(/^WAITBELL_/, 'RELAY_');

/** The old relay's own settings, read once for its import (README, "Upgrading from the relay"): they have no new name. */
const IMPORT_ONLY = ['RELAY_DEVICE_TOKENS', 'RELAY_DEVICE_TOKENS_FILE', 'RELAY_VENUE_NAME'];

/** The old names set in `env` whose new name is not: said once at start-up. */
export const oldNamesIn = (env: NodeJS.ProcessEnv): { old: string; now: string }[] =>
  Object.keys(env)
    .filter((old) => !IMPORT_ONLY.includes(old))
    .map((old) => ({ old, now: newNameOf(old) }))
    .filter(({ old, now }) => now !== old && env[now] === undefined);

function newNameOf(name: string): string {
  const special = Object.entries(OLD_NAMES).find(([, old]) => old === name);
  if (special) return special[0];
  return /^RELAY_[A-Z_]+$/.test(name) ? name.replace(/^RELAY_/, 'WAITBELL_') : name;
}

/** A setting by its environment variable (or that variable's old name), else by its key in the JSON file WAITBELL_CONFIG names. */
function settingPicker(env: NodeJS.ProcessEnv) {
  const read = (name: string) => env[name] ?? env[oldNameOf(name)];
  const fileName = read('WAITBELL_CONFIG');
  const file = fileName ? (JSON.parse(readFileSync(fileName, 'utf8')) as Record<string, unknown>) : {};
  return (name: string, key: string) =>
    read(name) ?? (typeof file[key] === 'string' || typeof file[key] === 'number' ? String(file[key]) : undefined);
}

function databaseFrom(pick: ReturnType<typeof settingPicker>): DatabaseLocation {
  const url = pick('DATABASE_URL', 'databaseUrl');
  if (url) return { url };
  const durable = onOff(pick('WAITBELL_DURABLE', 'durable'), 'WAITBELL_DURABLE', true);
  return { dataDir: pick('WAITBELL_DATA_DIR', 'dataDir') ?? DEFAULT_DATA_DIR, durable };
}

/** Where the database is, read as serverConfigFromEnv reads it but needing nothing else (not the secret key). */
export const databaseFromEnv = (env: NodeJS.ProcessEnv = process.env): DatabaseLocation =>
  databaseFrom(settingPicker(env));

/** Server settings from a JSON file (WAITBELL_CONFIG) and the environment, which wins. Throws, in words, on what is wrong. */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const pick = settingPicker(env);
  const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);
  const number = (name: string, key: keyof typeof SERVER_DEFAULTS) => {
    const value = Number(pick(name, key) ?? SERVER_DEFAULTS[key]);
    if (!(value > 0)) throw new Error(`${name} must be a positive number.`);
    return value;
  };
  const appKey = pick('PUSHED_APP_KEY', 'appKey');
  const appSecret = pick('PUSHED_APP_SECRET', 'appSecret');
  const tokensFile = pick('RELAY_DEVICE_TOKENS_FILE', 'deviceTokensFile');
  const venueName = pick('RELAY_VENUE_NAME', 'venueName');
  const appDir = pick('WAITBELL_APP_DIR', 'appDir');
  const publicUrl = pick('WAITBELL_PUBLIC_URL', 'publicUrl');
  // Serving the app, the server must know the address tablets open it at: pairing links point there, and
  // only that origin may call (the Host header proves nothing). Without it no tablet could ever pair.
  if (appDir && !publicUrl)
    throw new Error(
      'WAITBELL_APP_DIR is set, so WAITBELL_PUBLIC_URL must say the address tablets open the app at, like https://waitbell.example: pairing codes point there, and only that address may call the server.',
    );
  const database = databaseFrom(pick);
  const maxConnections = number('WAITBELL_MAX_CONNECTIONS', 'maxConnections');
  const dataDir = pick('WAITBELL_DATA_DIR', 'dataDir') ?? DEFAULT_DATA_DIR;
  return {
    ...(appDir ? { appDir: checkedAppDir(appDir) } : {}),
    serveSourceMaps: onOff(pick('WAITBELL_SERVE_SOURCE_MAPS', 'serveSourceMaps'), 'WAITBELL_SERVE_SOURCE_MAPS'),
    ...(publicUrl ? { publicUrl: checkedPublicUrl(publicUrl) } : {}),
    database,
    secretKey: secretKeyFromEnv({ ...env, WAITBELL_SECRET_KEY: pick('WAITBELL_SECRET_KEY', 'secretKey') }),
    old: {
      dataDir,
      ...(appKey ? { appKey } : {}),
      ...(appSecret ? { appSecret } : {}),
      ...(venueName ? { venueName } : {}),
      tokens: {
        ...(tokensFile ? { file: tokensFile } : {}),
        tokens: list(pick('RELAY_DEVICE_TOKENS', 'deviceTokens')),
      },
    },
    upstream: checkedUpstream(pick('WAITBELL_PUSHED_UPSTREAM', 'upstream') ?? 'https://api.pushed.co/1'),
    // The server's own public origin, when it serves the app there, is a kiosk origin too.
    allowedOrigins: [
      ...new Set([
        ...list(pick('WAITBELL_ALLOWED_ORIGINS', 'allowedOrigins')),
        ...(publicUrl && appDir ? [checkedPublicUrl(publicUrl)] : []),
      ]),
    ],
    trustedProxies: list(pick('WAITBELL_TRUSTED_PROXIES', 'trustedProxies')),
    ratePerMinute: number('WAITBELL_RATE_PER_MINUTE', 'ratePerMinute'),
    authFailuresPerMinute: number('WAITBELL_AUTH_FAILURES_PER_MINUTE', 'authFailuresPerMinute'),
    upstreamTimeoutMs: number('WAITBELL_UPSTREAM_TIMEOUT_MS', 'upstreamTimeoutMs'),
    headersTimeoutMs: number('WAITBELL_HEADERS_TIMEOUT_MS', 'headersTimeoutMs'),
    requestTimeoutMs: number('WAITBELL_REQUEST_TIMEOUT_MS', 'requestTimeoutMs'),
    keepAliveTimeoutMs: number('WAITBELL_KEEP_ALIVE_TIMEOUT_MS', 'keepAliveTimeoutMs'),
    idleTimeoutMs: number('WAITBELL_IDLE_TIMEOUT_MS', 'idleTimeoutMs'),
    shutdownGraceMs: number('WAITBELL_SHUTDOWN_GRACE_MS', 'shutdownGraceMs'),
    maxConnections,
    maxConnectionsPerAddress: number('WAITBELL_MAX_CONNECTIONS_PER_ADDRESS', 'maxConnectionsPerAddress'),
    streamsPerTablet: number('WAITBELL_STREAMS_PER_TABLET', 'streamsPerTablet'),
    streamsPerVenue: number('WAITBELL_STREAMS_PER_VENUE', 'streamsPerVenue'),
    maxStreams: maxStreamsBelow(maxConnections, pick('WAITBELL_MAX_STREAMS', 'maxStreams')),
    streamMaxAgeMs: number('WAITBELL_STREAM_MAX_AGE_MS', 'streamMaxAgeMs'),
    board: {
      maxParties: number('WAITBELL_BOARD_MAX_PARTIES', 'boardMaxParties'),
      maxBytes: number('WAITBELL_BOARD_MAX_BYTES', 'boardMaxBytes'),
      pageBytes: number('WAITBELL_SYNC_PAGE_BYTES', 'syncPageBytes'),
    },
    minFreeMB: number('WAITBELL_MIN_FREE_MB', 'minFreeMB'),
    diskCheckMs: number('WAITBELL_DISK_CHECK_MS', 'diskCheckMs'),
    stuckMs: number('WAITBELL_STUCK_MS', 'stuckMs'),
    exportPageRows: number('WAITBELL_EXPORT_PAGE_ROWS', 'exportPageRows'),
    exportStallMs: number('WAITBELL_EXPORT_STALL_MS', 'exportStallMs'),
    quoteRefreshMs: number('WAITBELL_QUOTE_REFRESH_MS', 'quoteRefreshMs'),
    guest: {
      joinsPerAddress: number('WAITBELL_GUEST_JOINS_PER_ADDRESS', 'guestJoinsPerAddress'),
      joinsPerVenue: number('WAITBELL_GUEST_JOINS_PER_VENUE', 'guestJoinsPerVenue'),
      readsPerMinute: number('WAITBELL_GUEST_READS_PER_MINUTE', 'guestReadsPerMinute'),
    },
    ownAllowanceConnections: number('WAITBELL_GUEST_STREAMS', 'guestStreams'),
    guestStreams: {
      perCopy: number('WAITBELL_GUEST_STREAMS', 'guestStreams'),
      perAddress: number('WAITBELL_GUEST_STREAMS_PER_ADDRESS', 'guestStreamsPerAddress'),
      perVenue: number('WAITBELL_GUEST_STREAMS_PER_VENUE', 'guestStreamsPerVenue'),
    },
    port: Number(pick('WAITBELL_PORT', 'port') ?? 8787),
    host: pick('WAITBELL_HOST', 'host') ?? '127.0.0.1',
  };
}

/** An on/off setting: `on`, `off` (or `true`, `false`, `1`, `0`); absent is `absent`. Throws, in words, on anything else. */
function onOff(value: string | undefined, name: string, absent = false): boolean {
  if (value === undefined) return absent;
  const text = value.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no', ''].includes(text)) return false;
  throw new Error(`${name} must be on or off.`);
}

/**
 * The event streams' cap: as set, or 4/5 of maxConnections when unset; refused unless it leaves
 * connections for ordinary requests and /healthz (streams never end by themselves).
 */
function maxStreamsBelow(maxConnections: number, value: string | undefined): number {
  if (value === undefined) return Math.min(SERVER_DEFAULTS.maxStreams, Math.floor((maxConnections * 4) / 5));
  const streams = Number(value);
  if (!(streams > 0) || streams > maxConnections - 10)
    throw new Error(
      `WAITBELL_MAX_STREAMS must be a positive number at least 10 below WAITBELL_MAX_CONNECTIONS (${maxConnections}): streams never end by themselves, so ordinary requests and /healthz need connections of their own.`,
    );
  return streams;
}

/** The server's public origin, as pairing links start: an http(s) origin with no path. */
function checkedPublicUrl(value: string): string {
  try {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && !url.search)
      return url.origin;
  } catch {
    // said below
  }
  throw new Error('WAITBELL_PUBLIC_URL must be the origin tablets open the server at, like https://waitbell.example.');
}

/** The settings an owner should look at, said once at start-up. */
export function warnAtStart(config: Pick<ServerSettings, 'trustedProxies'>, env: NodeJS.ProcessEnv, log: Logger): void {
  const oldNames = oldNamesIn(env);
  if (oldNames.length)
    // Still read, so an upgraded server keeps its settings; said once so the owner can rename them.
    log.warn('settings under old names: rename them', {
      names: oldNames.map(({ old, now }) => `${old} → ${now}`).join(', '),
    });
  if (!config.trustedProxies?.length)
    // Behind a proxy every client would share its address, and so one failed-auth budget.
    log.warn(
      'WAITBELL_TRUSTED_PROXIES is empty: client addresses are the socket peers; set it when a proxy is in front',
    );
}
