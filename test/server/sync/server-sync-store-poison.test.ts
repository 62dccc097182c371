import { randomBytes } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { serverSyncStore } from '../../../src/server/sync/server-sync-store.ts';
import { serverStore } from '../../../src/server/setup/server-store.ts';
import { testDatabase } from '../../support/test-database.ts';
import { addOf, change } from './sync-client.ts';

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

test('a stored party the rules cannot read refuses only the change to it: the rest of the push applies, and the tablet is not stuck retrying it forever', async () => {
  db = await testDatabase();
  const stores = serverStore(db, randomBytes(32));
  const venue = await stores.venues.createVenue('Casa Prueba');
  const { device } = await stores.venues.addDevice(venue.id, 'Door');
  const sync = serverSyncStore(db);
  const mo = addOf('Mo');
  await sync.push(venue.id, device.id, [mo.add]);
  // A row as an older server (or a bug) may have left it: a message record without its delivery.
  await db.query(
    `UPDATE sync_parties SET party = jsonb_set(party, '{messages}', '{"table_ready": {"round": 1}}') WHERE party_id = $1`,
    [mo.party.id],
  );
  const record = {
    round: 1,
    at: 1_800_000_000_000,
    sent: 1,
    delivery: { state: 'sent', at: 1_800_000_000_500, shipmentId: null },
  } as const;
  const message = change(mo.party.id, { kind: 'message', message: 'table_ready', record });
  const ana = addOf('Ana');

  const result = await sync.push(venue.id, device.id, [message, ana.add]);

  expect(result.outcomes).toEqual([
    { id: message.id, outcome: 'rejected', reason: { kind: 'invalid', at: 'party' } },
    { id: ana.add.id, outcome: 'applied' },
  ]);
  const page = await sync.changes(venue.id, 0);
  expect(page.parties.map((r) => r.party.name).sort()).toEqual(['Ana', 'Mo']);
  // A retry gets the same answer, as for any mutation.
  expect((await sync.push(venue.id, device.id, [message])).outcomes).toEqual([result.outcomes[0]]);
});
