import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { createServerApp } from '../../../src/server/server-app.ts';
import { SERVER_DEFAULTS } from '../../../src/server/setup/server-config.ts';
import { serverLogger } from '../../../src/server/log/logger.ts';
import { createHttpServer } from '../../../src/server/http/http-server.ts';
import { serverStore } from '../../../src/server/setup/server-store.ts';
import { TEST_ENGINE } from '../../support/test-database.ts';
import { TOKEN, TOKEN_B } from '../server-process.ts';
import { twoConnections } from '../venue/two-connections.ts';
import { addOf, openEvents, syncChanges, syncPush } from './sync-client.ts';

/** One server copy in this process over `db`: its URL and its graceful stop. */
async function copyOver(db: Database, key: Buffer) {
  const store = serverStore(db, key);
  const relay = createServerApp({
    store,
    upstream: 'http://127.0.0.1:9',
    allowedOrigins: [],
    logger: serverLogger(() => {}),
  });
  const { server, connections } = createHttpServer(
    relay,
    { ...SERVER_DEFAULTS, port: 0, host: '127.0.0.1' },
    serverLogger(() => {}),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    store,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => connections.stop(100),
  };
}

let dbs: Awaited<ReturnType<typeof twoConnections>>;
let a: Awaited<ReturnType<typeof copyOver>>;
let b: Awaited<ReturnType<typeof copyOver>>;

beforeEach(async () => {
  dbs = await twoConnections();
  const key = randomBytes(32);
  a = await copyOver(dbs.one, key);
  b = await copyOver(dbs.two, key);
  const venue = await a.store.venues.createVenue('Casa Prueba');
  await a.store.venues.addDevice(venue.id, 'Front stand', TOKEN);
  await a.store.venues.addDevice(venue.id, 'Back tablet', TOKEN_B);
}, 60_000);
afterEach(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await dbs.close();
});

describe(`two server copies over one database (${TEST_ENGINE})`, () => {
  test('a push through copy A wakes a tablet whose event stream is open on copy B', async () => {
    const stream = await openEvents(b.url, TOKEN_B);
    await stream.version(0);
    const pushed = await syncPush(a.url, TOKEN, [addOf('Ana').add]);
    expect(pushed.status).toBe(200);
    await stream.version(1);
    const page = await syncChanges(b.url, TOKEN_B, 'since=0');
    expect(page.json).toMatchObject({ version: 1, parties: [{ party: { name: 'Ana' } }] });
    stream.close();
  });

  test.runIf(TEST_ENGINE === 'postgres')(
    'when copy B’s listening connection is cut, it listens again and its streams catch up with what they missed',
    async () => {
      const stream = await openEvents(b.url, TOKEN_B);
      await stream.version(0);
      // Cut every LISTEN connection (both copies'), as a database restart or a network cut would.
      const cut = await dbs.one.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      expect(cut.rows).toHaveLength(1); // B's: A has no stream, so it does not listen
      await syncPush(a.url, TOKEN, [addOf('Ana').add]);
      await stream.version(1); // heard after B reconnected, either from its catch-up read or a notification
      await syncPush(a.url, TOKEN, [addOf('Bo').add]);
      await stream.version(2); // and B hears notifications again
      stream.close();
    },
  );
});
