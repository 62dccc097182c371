import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Database, Queryable } from '../../src/server/db/database.ts';
import { createServerApp } from '../../src/server/server-app.ts';
import type { ServerAppConfig } from '../../src/server/setup/server-config.ts';
import { SERVER_DEFAULTS } from '../../src/server/setup/server-config.ts';
import type { HttpServerConfig } from '../../src/server/http/http-server.ts';
import { serverLogger } from '../../src/server/log/logger.ts';
import { createHttpServer } from '../../src/server/http/http-server.ts';
import { serverStore } from '../../src/server/setup/server-store.ts';
import { testDatabase } from '../support/test-database.ts';
import { SECRET, TOKEN, TOKEN_B } from './server-process.ts';

export const APP_KEY = 'RelayAppKey000000001';

/**
 * The server's stores over a new database on the test engine, with one venue (the harness's app key
 * and secret) and its two tablets (TOKEN, TOKEN_B). `db` wraps the database, to make it fail.
 */
export async function testStore(wrap: (db: Database) => Database = (db) => db) {
  const db = wrap(await testDatabase());
  const store = serverStore(db, randomBytes(32));
  const venue = await store.venues.createVenue('Casa Prueba', {
    appKey: APP_KEY,
    appSecret: SECRET,
    channelAlias: 'Venue',
  });
  const tablet = await store.venues.addDevice(venue.id, 'Front stand', TOKEN);
  const back = await store.venues.addDevice(venue.id, 'Back tablet', TOKEN_B);
  return { store, venue, devices: [tablet.device, back.device] };
}

/**
 * The database, with `before` run ahead of every statement (a transaction's BEGIN too): it may
 * throw (a DatabaseError, as the drivers' failures become) or make the statement wait.
 */
export function withFaults(db: Database, before: (sql: string) => void | Promise<void>): Database {
  const wrap = (q: Queryable): Queryable => ({
    query: async <R>(sql: string, params?: readonly unknown[]) => (await before(sql), q.query<R>(sql, params)),
    exec: async (sql: string) => (await before(sql), q.exec(sql)),
  });
  return {
    engine: db.engine,
    ...wrap(db),
    transaction: async (work) => (await before('BEGIN'), db.transaction((tx) => work(wrap(tx)))),
    listen: (channel, onPayload, onReconnect) => db.listen(channel, onPayload, onReconnect),
    close: () => db.close(),
  };
}

/** One parsed relay log line. */
export type LogLine = Record<string, string | number | boolean | null>;

/**
 * The relay's server (gate, handlers for CONNECT and `Expect`, timeouts) in this process, for tests
 * that need to reach inside: a failing disk, a slow sync, a redirecting upstream, the log lines.
 */
export async function startRelayServer(
  upstream: string,
  overrides: Partial<ServerAppConfig> & {
    wrapDb?: (db: Database) => Database;
    /** Another copy's stores: this server is a second copy over the same database (closing it leaves that open). */
    copyOf?: Awaited<ReturnType<typeof testStore>>;
  } = {},
  server: Partial<HttpServerConfig> = {},
) {
  const lines: string[] = [];
  const logger = serverLogger((line) => lines.push(line));
  const { wrapDb, copyOf, ...relayConfig } = overrides;
  const seeded = copyOf ?? (await testStore(wrapDb));
  const relay = createServerApp({
    store: seeded.store,
    upstream,
    allowedOrigins: ['https://kiosk.example'],
    logger,
    ...relayConfig,
  });
  const config = {
    ...SERVER_DEFAULTS,
    port: 0,
    host: '127.0.0.1',
    ...(relayConfig.trustedProxies ? { trustedProxies: relayConfig.trustedProxies } : {}), // the HTTP layer's caps read them too
    ...server,
  };
  const { server: http, connections } = createHttpServer(relay, config, logger);
  let requests = 0;
  http.prependListener('request', () => void (requests += 1));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    relay,
    ...seeded,
    port,
    url: `http://127.0.0.1:${port}`,
    /** How many requests have arrived (their head parsed). */
    requests: () => requests,
    /** Every log line so far, as text. */
    text: () => lines.join(''),
    /** Every log line so far, parsed. */
    logs: (): LogLine[] => lines.map((l) => JSON.parse(l) as LogLine),
    /** The graceful shutdown, as on SIGTERM (then `close`). */
    stop: (graceMs: number) => connections.stop(graceMs),
    close: async () => {
      await connections.stop(100);
      if (!copyOf) await seeded.store.db.close();
    },
  };
}
