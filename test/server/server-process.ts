import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, waitUntil } from '../support/wait-until.ts';
import { testDatabaseEnv } from '../support/test-database.ts';
import { freePort } from '../support/postgres.ts';
import { createHttpServer } from '../../src/server/http/http-server.ts';
import { serverLogger } from '../../src/server/log/logger.ts';
import { createServerApp } from '../../src/server/server-app.ts';
import { serverConfigFromEnv } from '../../src/server/setup/server-config.ts';
import { openServerStore } from '../../src/server/setup/server-store.ts';
import { importOldRelay } from '../../src/server/upgrade/legacy-import.ts';

/** A stand-in for Pushed that counts calls: answers 200 with a shipment after `delayMs`. */
export async function fakeUpstream(delayMs = () => 0) {
  const calls: Record<string, string>[] = [];
  async function answer(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    calls.push(Object.fromEntries(new URLSearchParams(body)));
    const n = calls.length;
    await new Promise((r) => setTimeout(r, delayMs()));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({ response: { type: 'shipment_successfully_sent', message: 'ok', data: { shipment: `S${n}` } } }),
    );
  }
  // A request the relay gave up on (a timeout, a kill) ends here, not as an unhandled rejection.
  const server: Server = createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
  // Kept-alive connections kept a minute, as an API's load balancer keeps them: Node's 5 s let a busy relay reuse one
  // just as it closed, which the relay must then call "outcome unknown".
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/1`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const SECRET = 'RelaySecret0123456789abcdefABCDEF';
export const TOKEN = 'kiosk-token-0001';
/** A second kiosk, listed with a label after its token. */
export const TOKEN_B = 'kiosk-token-0002';

/** Each server folder's database (DATABASE_URL on PostgreSQL) and secret key, for restarts. */
const databases = new Map<string, Record<string, string>>();

/** A relay's folder (new, with the old relay's tokens file, unless `dir`) and the environment it starts with. */
async function relaySetup(
  upstream: string,
  dir: string | undefined,
  ratePerMinute: number,
  env: Record<string, string>,
) {
  const dataDir = dir ?? (await mkdtemp(join(tmpdir(), 'waitbell-relay-')));
  const tokensFile = join(dataDir, 'tokens.txt');
  if (!dir) await writeFile(tokensFile, `# kiosks\n${TOKEN}\n${TOKEN_B}   back tablet\n`, { mode: 0o600 });
  // The same database and secret key when restarted on the same folder.
  let database = databases.get(dataDir);
  if (!database) {
    database = { ...(await testDatabaseEnv(dataDir)), WAITBELL_SECRET_KEY: randomBytes(32).toString('base64') };
    databases.set(dataDir, database);
  }
  return {
    dataDir,
    tokensFile,
    env: {
      PUSHED_APP_KEY: 'RelayAppKey000000001',
      PUSHED_APP_SECRET: SECRET,
      WAITBELL_PUSHED_UPSTREAM: upstream,
      RELAY_DEVICE_TOKENS_FILE: tokensFile,
      WAITBELL_DATA_DIR: dataDir,
      WAITBELL_ALLOWED_ORIGINS: 'https://kiosk.example',
      WAITBELL_UPSTREAM_TIMEOUT_MS: '3000',
      WAITBELL_RATE_PER_MINUTE: String(ratePerMinute),
      ...database,
      ...env,
    },
  };
}

/**
 * The venue server in this process, started as main.ts starts one from `env` (its database, the old
 * relay's settings, the app, the HTTP server): for a restart no test kills, since a process costs over
 * a second of CPU to start. Its graceful `stop` closes the database too.
 */
export async function serveInProcess(env: Record<string, string>) {
  const logs: string[] = [];
  const log = serverLogger((line) => logs.push(line));
  const config = serverConfigFromEnv(env);
  const store = await openServerStore(config.database, config.secretKey, log);
  await importOldRelay(store.db, store.box, config.old, log);
  const { server, connections } = createHttpServer(createServerApp({ ...config, store, logger: log }), config, log);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    stop: async () => {
      await connections.stop(config.shutdownGraceMs);
      await store.db.close();
    },
  };
}

/** A relay as startRelayProcess starts it (a new folder, or a restart on `dir`), in this process. */
export async function startRelayInProcess(upstream: string, dir?: string, ratePerMinute = 100_000) {
  const { dataDir, env } = await relaySetup(upstream, dir, ratePerMinute, {});
  return { ...(await serveInProcess(env)), dataDir };
}

/** A relay as `npm run server` starts it, in its own process, so tests can kill it for real. */
export async function startRelayProcess(
  upstream: string,
  dir?: string,
  ratePerMinute = 100_000,
  env: Record<string, string> = {},
) {
  const { dataDir, tokensFile, env: relayEnv } = await relaySetup(upstream, dir, ratePerMinute, env);
  const port = await freePort(); // a random guess collided now and then with another test's server
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, ...relayEnv, WAITBELL_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => logs.push(String(d)));
  child.stderr!.on('data', (d) => logs.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // A ceiling, not a wait: opening the database takes seconds on a busy machine. A relay that
  // cannot start ends, and the test of it checks that itself.
  await waitUntil(
    async () => child.exitCode !== null || child.signalCode !== null || (await answers(`${url}/healthz`)),
    'the relay to start',
    { timeoutMs: 60_000 },
  ).catch(() => {});
  return {
    url,
    port,
    dataDir,
    child,
    /** The exit code, once the process has ended. */
    exited,
    tokensFile,
    logs,
    kill: () => (child.kill('SIGKILL'), exited.then(() => undefined)),
    stop: () => (
      child.exitCode === null && child.signalCode === null && child.kill('SIGTERM'),
      exited.then(() => undefined)
    ),
  };
}

/** One kiosk push to the relay. */
export function push(
  relay: string,
  key: string | null,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  return fetch(`${relay}/1/push`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, ...(key ? { 'Idempotency-Key': key } : {}), ...headers },
    body: new URLSearchParams({
      target_type: 'pushed_id',
      target_alias: 'Venue',
      pushed_id: 'AbC123',
      content: 'Table ready',
      ...fields,
    }),
  });
}
