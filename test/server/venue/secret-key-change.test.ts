import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { secretBox } from '../../../src/server/venue/secret-box.ts';
import { venueStore } from '../../../src/server/venue/venue-store.ts';
import { testDatabase } from '../../support/test-database.ts';

// After a restart with another WAITBELL_SECRET_KEY, pushes are refused as
// "the venue's Pushed app key and secret are not set", so the tablet's Settings (GET /1/venue) and
// `venue list` must not go on saying the secret is set: the owner would never know to type it again.
test('a secret that no longer opens with the key is not reported as set', async () => {
  const db = await testDatabase();
  try {
    const before = venueStore(db, secretBox(randomBytes(32)));
    const { id } = await before.createVenue('Casa Prueba', { appKey: 'AppKey01', appSecret: 'Secret0123456789' });
    const after = venueStore(db, secretBox(randomBytes(32))); // restarted with another key
    expect(await after.credentials(id)).toBeNull(); // pushes: venue_not_configured
    expect((await after.venue(id))!.hasAppSecret).toBe(false); // what the tablet and the CLI are told
  } finally {
    await db.close();
  }
});
