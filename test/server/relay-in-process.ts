import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay, type RelayConfig } from '../../src/server/relay/relay.ts';
import { RELAY_DEFAULTS, type RelayServerConfig } from '../../src/server/relay/relay-config.ts';
import { relayLogger } from '../../src/server/relay/relay-log.ts';
import { createRelayServer } from '../../src/server/relay/relay-server.ts';
import { TOKEN, TOKEN_B } from './relay-harness.ts';

/** One parsed relay log line. */
export type LogLine = Record<string, string | number | boolean | null>;

/**
 * The relay's server (gate, handlers for CONNECT and `Expect`, timeouts) in this process, for tests
 * that need to reach inside: a failing disk, a slow sync, a redirecting upstream, the log lines.
 */
export async function startRelayServer(
  upstream: string,
  overrides: Partial<RelayConfig> = {},
  server: Partial<RelayServerConfig> = {},
) {
  const lines: string[] = [];
  const logger = relayLogger((line) => lines.push(line));
  const relay = createRelay({
    appKey: 'RelayAppKey000000001',
    appSecret: 'RelaySecret0123456789abcdefABCDEF',
    upstream,
    allowedOrigins: ['https://kiosk.example'],
    tokens: { tokens: [TOKEN, TOKEN_B] },
    dataDir: await mkdtemp(join(tmpdir(), 'waitbell-relay-')),
    logger,
    ...overrides,
  });
  const config = { ...RELAY_DEFAULTS, port: 0, host: '127.0.0.1', ...server };
  const { server: http, connections } = createRelayServer(relay, config, logger);
  let requests = 0;
  http.prependListener('request', () => void (requests += 1));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    relay,
    port,
    url: `http://127.0.0.1:${port}`,
    /** How many requests have arrived (their head parsed). */
    requests: () => requests,
    /** Every log line so far, as text. */
    text: () => lines.join(''),
    /** Every log line so far, parsed. */
    logs: (): LogLine[] => lines.map((l) => JSON.parse(l) as LogLine),
    close: async () => {
      await connections.stop(100);
      await relay.close();
    },
  };
}
