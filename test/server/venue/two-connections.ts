import type { Database } from '../../../src/server/db/database.ts';
import { pgliteDatabase } from '../../../src/server/db/pglite.ts';
import { openPostgresDatabase } from '../../../src/server/db/postgres.ts';
import { freshPostgres, migratedPglite, TEST_ENGINE } from '../../support/test-database.ts';

/**
 * Two connections (two server copies) to one new, migrated database on the test engine: on
 * PostgreSQL two pools to a copy of the template; on PGlite two Databases over one instance.
 */
export async function twoConnections(): Promise<{ one: Database; two: Database; close(): Promise<void> }> {
  if (TEST_ENGINE === 'postgres') {
    const url = await freshPostgres();
    const one = openPostgresDatabase({ connectionString: url, max: 4 });
    const two = openPostgresDatabase({ connectionString: url, max: 4 });
    return { one, two, close: async () => void (await Promise.all([one.close(), two.close()])) };
  }
  const pglite = await migratedPglite();
  const one = pgliteDatabase(pglite, { owned: false });
  return { one, two: pgliteDatabase(pglite, { owned: false }), close: () => pglite.close() };
}
