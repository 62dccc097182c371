import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.ts';
import { safely } from './database.ts';

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

function queryable(target: PgliteLike): Queryable {
  return {
    query: <R>(sql: string, params: readonly unknown[] = []) =>
      safely(async () => {
        const result = await target.query<R>(sql, [...params]);
        return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
      }),
    exec: (sql) => safely(async () => void (await target.exec(sql))),
  };
}

/**
 * A Database over a PGlite instance. PGlite is one connection: its transactions run one at a time,
 * and a query outside them waits. `owned` closes the instance with the Database (false lets tests
 * put two Databases over one instance, like two server copies over one PostgreSQL).
 */
export function pgliteDatabase(pglite: PGlite, { owned = true } = {}): Database {
  return {
    engine: 'pglite',
    ...queryable(pglite),
    transaction: (work) => pglite.transaction((tx) => work(queryable(tx))),
    // One instance, one process: nothing to reconnect.
    async listen(channel, onPayload) {
      const unlisten = await safely(() => pglite.listen(channel, onPayload));
      return async () => {
        if (!pglite.closed) await safely(() => unlisten());
      };
    },
    async close() {
      if (owned && !pglite.closed) await pglite.close();
    },
  };
}

/** Opens (creating it if new: a few seconds, it runs initdb) the data folder `dataDir`, or an in-memory database. */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  return pgliteDatabase(await safely(() => PGlite.create(dataDir)));
}
