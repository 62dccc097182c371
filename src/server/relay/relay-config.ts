import { readFileSync } from 'node:fs';
import { DEFAULT_TIMEOUT_MS } from '../../pushed/send-push.ts';
import type { DatabaseLocation } from '../venue/server-store.ts';
import type { OldRelay } from '../venue/legacy-import.ts';
import { secretKeyFromEnv } from '../venue/secret-box.ts';
import type { RelayConfig } from './relay.ts';
import { checkedAppDir } from './static-app.ts';

/** The relay's defaults, in one place (README, "The relay", lists them). */
export const RELAY_DEFAULTS = {
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
} as const;

const LOOPBACK_HOSTS = ['localhost', '[::1]'];

/** Pushed's base URL, refused unless https (the body carries the app secret) or plain http to this machine. */
export function checkedUpstream(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('PUSHED_UPSTREAM must be a URL, like https://api.pushed.co/1.');
  }
  const loopback = LOOPBACK_HOSTS.includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return value.replace(/\/+$/, '');
  throw new Error('PUSHED_UPSTREAM must be https (plain http only to a loopback address, like a local sandbox).');
}

/** Timeouts and shutdown of the relay's own HTTP server. */
export interface RelayServerConfig {
  port: number;
  host: string;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  idleTimeoutMs: number;
  shutdownGraceMs: number;
  maxConnections: number;
}

/** Everything `npm run relay` runs with. */
export interface ServerSettings extends Omit<RelayConfig, 'store'>, RelayServerConfig {
  database: DatabaseLocation;
  secretKey: Buffer;
  /** The old single-venue relay's settings, imported on the first start (see README, "Upgrading from the relay"). */
  old: OldRelay;
}

const DEFAULT_DATA_DIR = './relay-data';

/** A setting by its environment variable, else by its key in the JSON file WAITBELL_RELAY_CONFIG names. */
function settingPicker(env: NodeJS.ProcessEnv) {
  const file = env.WAITBELL_RELAY_CONFIG
    ? (JSON.parse(readFileSync(env.WAITBELL_RELAY_CONFIG, 'utf8')) as Record<string, unknown>)
    : {};
  return (name: string, key: string) =>
    env[name] ?? (typeof file[key] === 'string' || typeof file[key] === 'number' ? String(file[key]) : undefined);
}

function databaseFrom(pick: ReturnType<typeof settingPicker>): DatabaseLocation {
  const url = pick('DATABASE_URL', 'databaseUrl');
  return url ? { url } : { dataDir: pick('RELAY_DATA_DIR', 'dataDir') ?? DEFAULT_DATA_DIR };
}

/** Where the database is, read as relayConfigFromEnv reads it but needing nothing else (not the secret key). */
export const databaseFromEnv = (env: NodeJS.ProcessEnv = process.env): DatabaseLocation =>
  databaseFrom(settingPicker(env));

/** Server settings from a JSON file (WAITBELL_RELAY_CONFIG) and the environment, which wins. Throws, in words, on what is wrong. */
export function relayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const pick = settingPicker(env);
  const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);
  const number = (name: string, key: keyof typeof RELAY_DEFAULTS) => {
    const value = Number(pick(name, key) ?? RELAY_DEFAULTS[key]);
    if (!(value > 0)) throw new Error(`${name} must be a positive number.`);
    return value;
  };
  const appKey = pick('PUSHED_APP_KEY', 'appKey');
  const appSecret = pick('PUSHED_APP_SECRET', 'appSecret');
  const tokensFile = pick('RELAY_DEVICE_TOKENS_FILE', 'deviceTokensFile');
  const venueName = pick('RELAY_VENUE_NAME', 'venueName');
  const appDir = pick('RELAY_APP_DIR', 'appDir');
  const publicUrl = pick('WAITBELL_PUBLIC_URL', 'publicUrl');
  const database = databaseFrom(pick);
  const dataDir = pick('RELAY_DATA_DIR', 'dataDir') ?? DEFAULT_DATA_DIR;
  return {
    ...(appDir ? { appDir: checkedAppDir(appDir) } : {}),
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
    upstream: checkedUpstream(pick('PUSHED_UPSTREAM', 'upstream') ?? 'https://api.pushed.co/1'),
    // The server's own public origin, when it serves the app there, is a kiosk origin too.
    allowedOrigins: [
      ...new Set([
        ...list(pick('RELAY_ALLOWED_ORIGINS', 'allowedOrigins')),
        ...(publicUrl && appDir ? [checkedPublicUrl(publicUrl)] : []),
      ]),
    ],
    trustedProxies: list(pick('RELAY_TRUSTED_PROXIES', 'trustedProxies')),
    ratePerMinute: number('RELAY_RATE_PER_MINUTE', 'ratePerMinute'),
    authFailuresPerMinute: number('RELAY_AUTH_FAILURES_PER_MINUTE', 'authFailuresPerMinute'),
    upstreamTimeoutMs: number('RELAY_UPSTREAM_TIMEOUT_MS', 'upstreamTimeoutMs'),
    headersTimeoutMs: number('RELAY_HEADERS_TIMEOUT_MS', 'headersTimeoutMs'),
    requestTimeoutMs: number('RELAY_REQUEST_TIMEOUT_MS', 'requestTimeoutMs'),
    keepAliveTimeoutMs: number('RELAY_KEEP_ALIVE_TIMEOUT_MS', 'keepAliveTimeoutMs'),
    idleTimeoutMs: number('RELAY_IDLE_TIMEOUT_MS', 'idleTimeoutMs'),
    shutdownGraceMs: number('RELAY_SHUTDOWN_GRACE_MS', 'shutdownGraceMs'),
    maxConnections: number('RELAY_MAX_CONNECTIONS', 'maxConnections'),
    port: Number(pick('RELAY_PORT', 'port') ?? 8787),
    host: pick('RELAY_HOST', 'host') ?? '127.0.0.1',
  };
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
