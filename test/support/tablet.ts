import { createVenueClient } from '../../src/pushed/venue-client.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { createVenueModel } from '../../src/state/venue-model.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { fakeConnectivity, fakeFeed } from './fakes.ts';
import { fakeVenueServer } from './fake-venue-server.ts';

/** A new tablet (its own database, the demo's settings) beside a fake venue server on this page's origin. */
export async function tabletBesideVenueServer(name: string, { staffPin }: { staffPin?: () => string | null } = {}) {
  const db = await openWaitbellDb(`${name}-${crypto.randomUUID()}`);
  const store = settingsStore(db);
  const server = fakeVenueServer({ origin: location.origin });
  const venue = createVenueModel({
    store,
    connect: (c) => createVenueClient({ ...c, fetch: server.fetch }),
    ownOrigin: location.origin,
    allowedOrigins: [],
    ...(staffPin ? { staffPin } : {}),
  });
  return { db, store, server, venue };
}

/** The board over a tablet's database, as the App shows it, with nothing delivered. */
export const boardOver = (db: WaitbellDb) =>
  createBoardModel({
    store: partyStore(db),
    outbox: outboxStore(db),
    connectivity: fakeConnectivity().connectivity,
    deliver: () => {},
    clock: { now: () => Date.now() },
    newId: () => crypto.randomUUID(),
    feed: fakeFeed().feed,
  });
