import { readFileSync } from 'node:fs';
import type { RelayConfig } from './relay.ts';

/** Relay settings from a JSON file (WAITBELL_RELAY_CONFIG) and the environment, which wins. Throws, in words, on what is missing. */
export function relayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RelayConfig & { port: number; host: string } {
  const file = env.WAITBELL_RELAY_CONFIG ? (JSON.parse(readFileSync(env.WAITBELL_RELAY_CONFIG, 'utf8')) as Record<string, unknown>) : {};
  const pick = (name: string, key: string) => env[name] ?? (typeof file[key] === 'string' || typeof file[key] === 'number' ? String(file[key]) : undefined);
  const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);
  const appKey = pick('PUSHED_APP_KEY', 'appKey');
  const appSecret = pick('PUSHED_APP_SECRET', 'appSecret');
  const missing = [!appKey && 'PUSHED_APP_KEY', !appSecret && 'PUSHED_APP_SECRET'].filter(Boolean);
  if (missing.length) throw new Error(`The relay needs ${missing.join(' and ')} (environment, or the config file named by WAITBELL_RELAY_CONFIG).`);
  const tokensFile = pick('RELAY_DEVICE_TOKENS_FILE', 'deviceTokensFile');
  const tokens = list(pick('RELAY_DEVICE_TOKENS', 'deviceTokens'));
  if (!tokensFile && tokens.length === 0) throw new Error('The relay needs device tokens: RELAY_DEVICE_TOKENS_FILE (one per line, re-read on change) or RELAY_DEVICE_TOKENS.');
  return {
    appKey: appKey!,
    appSecret: appSecret!,
    upstream: (pick('PUSHED_UPSTREAM', 'upstream') ?? 'https://api.pushed.co/1').replace(/\/+$/, ''),
    allowedOrigins: list(pick('RELAY_ALLOWED_ORIGINS', 'allowedOrigins')),
    tokens: { ...(tokensFile ? { file: tokensFile } : {}), tokens },
    dataDir: pick('RELAY_DATA_DIR', 'dataDir') ?? './relay-data',
    ratePerMinute: Number(pick('RELAY_RATE_PER_MINUTE', 'ratePerMinute') ?? 120),
    upstreamTimeoutMs: Number(pick('RELAY_UPSTREAM_TIMEOUT_MS', 'upstreamTimeoutMs') ?? 8_000),
    port: Number(pick('RELAY_PORT', 'port') ?? 8787),
    host: pick('RELAY_HOST', 'host') ?? '127.0.0.1',
  };
}
