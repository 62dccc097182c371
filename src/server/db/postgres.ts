import pg from 'pg';
import type { Database, Queryable } from './database.ts';
import { safely } from './database.ts';
import type { LogFields } from '../relay/relay-log.ts';

/** How long anything may take before it fails instead of holding a kiosk's request. */
export const POSTGRES_TIMEOUTS = {
  /** Getting a connection (new or from the pool). */
  connectionTimeoutMillis: 5_000,
  /** One statement, enforced by the server. */
  statement_timeout: 10_000,
  /** One statement, enforced here too (a server that stopped answering). */
  query_timeout: 15_000,
  /** A transaction left open by a stuck caller releases its locks. */
  idle_in_transaction_session_timeout: 15_000,
};

export interface PostgresOptions extends Omit<pg.PoolConfig, 'log'> {
  /** Told when an idle connection fails (the server restarted…); the pool replaces it. Never given SQL or values. */
  warn?: (msg: string, fields?: LogFields) => void;
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    query: <R>(sql: string, params: readonly unknown[] = []) =>
      safely(async () => {
        const result = await client.query(sql, [...params]);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
      }),
    exec: (sql) => safely(async () => void (await client.query(sql))),
  };
}

/** A pool of connections to a real PostgreSQL: `{ connectionString: process.env.DATABASE_URL }`, or host/port/user. */
export function openPostgresDatabase({ warn = () => {}, ...config }: PostgresOptions): Database {
  const pool = new pg.Pool({ max: 10, ...POSTGRES_TIMEOUTS, ...config });
  let ended: Promise<void> | undefined;
  // Without a listener, an idle connection's error would crash the process.
  pool.on('error', (error) => warn('database connection lost', { code: (error as { code?: string }).code ?? 'error' }));
  return {
    engine: 'postgres',
    ...queryable(pool),
    async transaction(work) {
      const client = await safely(() => pool.connect());
      let broken: Error | undefined;
      try {
        await safely(() => client.query('BEGIN'));
        const result = await work(queryable(client));
        await safely(() => client.query('COMMIT'));
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken); // a connection that could not roll back is closed, not reused
      }
    },
    close: () => (ended ??= pool.end()), // closing twice is closing once
  };
}
