import { readFileSync } from 'node:fs';
import { DEFAULT_TIMEOUT_MS } from '../../pushed/send-push.ts';
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

/** Relay settings from a JSON file (WAITBELL_RELAY_CONFIG) and the environment, which wins. Throws, in words, on what is missing. */
export function relayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RelayConfig & RelayServerConfig {
  const file = env.WAITBELL_RELAY_CONFIG
    ? (JSON.parse(readFileSync(env.WAITBELL_RELAY_CONFIG, 'utf8')) as Record<string, unknown>)
    : {};
  const pick = (name: string, key: string) =>
    env[name] ?? (typeof file[key] === 'string' || typeof file[key] === 'number' ? String(file[key]) : undefined);
  const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);
  const number = (name: string, key: keyof typeof RELAY_DEFAULTS) => {
    const value = Number(pick(name, key) ?? RELAY_DEFAULTS[key]);
    if (!(value > 0)) throw new Error(`${name} must be a positive number.`);
    return value;
  };
  const appKey = pick('PUSHED_APP_KEY', 'appKey');
  const appSecret = pick('PUSHED_APP_SECRET', 'appSecret');
  const missing = [!appKey && 'PUSHED_APP_KEY', !appSecret && 'PUSHED_APP_SECRET'].filter(Boolean);
  if (missing.length)
    throw new Error(
      `The relay needs ${missing.join(' and ')} (environment, or the config file named by WAITBELL_RELAY_CONFIG).`,
    );
  const tokensFile = pick('RELAY_DEVICE_TOKENS_FILE', 'deviceTokensFile');
  const tokens = list(pick('RELAY_DEVICE_TOKENS', 'deviceTokens'));
  if (!tokensFile && tokens.length === 0)
    throw new Error(
      'The relay needs device tokens: RELAY_DEVICE_TOKENS_FILE (one per line, re-read on change) or RELAY_DEVICE_TOKENS.',
    );
  const appDir = pick('RELAY_APP_DIR', 'appDir');
  return {
    ...(appDir ? { appDir: checkedAppDir(appDir) } : {}),
    appKey: appKey!,
    appSecret: appSecret!,
    upstream: checkedUpstream(pick('PUSHED_UPSTREAM', 'upstream') ?? 'https://api.pushed.co/1'),
    allowedOrigins: list(pick('RELAY_ALLOWED_ORIGINS', 'allowedOrigins')),
    trustedProxies: list(pick('RELAY_TRUSTED_PROXIES', 'trustedProxies')),
    tokens: { ...(tokensFile ? { file: tokensFile } : {}), tokens },
    dataDir: pick('RELAY_DATA_DIR', 'dataDir') ?? './relay-data',
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
