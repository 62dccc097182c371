import pg from 'pg';
import type { Database, Queryable, Unlisten } from './database.ts';
import { safely } from './database.ts';
import type { LogFields } from '../log/logger.ts';

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

/** A channel name as LISTEN takes it: plain lower-case letters, digits and `_` (never quoted from input). */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** The listening connection is tried again after this, doubling up to LISTEN_RETRY_MAX_MS. */
const LISTEN_RETRY_MS = 250;
const LISTEN_RETRY_MAX_MS = 5_000;

interface Subscriber {
  onPayload: (payload: string) => void;
  onReconnect: (() => void) | undefined;
}

/**
 * LISTEN on one connection of its own (a pooled one would be handed to someone else), kept open:
 * when it drops (the server restarted, a network cut), it is opened again, with a growing pause, and
 * its subscribers are told, since what was notified meanwhile is lost.
 */
function listener(config: pg.ClientConfig, warn: (msg: string, fields?: LogFields) => void) {
  const channels = new Map<string, Set<Subscriber>>();
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = LISTEN_RETRY_MS;
  let timer: NodeJS.Timeout | undefined;
  // Connecting, LISTEN and UNLISTEN go one after another, so a channel is never listened to twice or missed.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(step: () => Promise<T>): Promise<T> => {
    const run = queue.then(step, step);
    queue = run.catch(() => {});
    return run;
  };

  function drop(c: pg.Client, error?: Error) {
    if (client !== c) return;
    client = null;
    warn('database listener lost', { code: (error as { code?: string } | undefined)?.code ?? 'end' });
    c.end().catch(() => {});
    retryLater();
  }

  function retryLater() {
    if (closed || channels.size === 0 || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void serially(connect).then(
        () => {
          retryMs = LISTEN_RETRY_MS;
          for (const subs of channels.values()) for (const s of subs) s.onReconnect?.();
        },
        () => {
          retryMs = Math.min(retryMs * 2, LISTEN_RETRY_MAX_MS);
          retryLater();
        },
      );
    }, retryMs);
    timer.unref();
  }

  async function connect(): Promise<void> {
    if (client || closed) return;
    const c = new pg.Client({ ...config, keepAlive: true });
    c.on('error', (error) => drop(c, error)); // without a listener, a lost connection would crash the process
    c.on('end', () => drop(c));
    c.on('notification', (n) => {
      for (const s of channels.get(n.channel) ?? []) s.onPayload(n.payload ?? '');
    });
    try {
      await c.connect();
      for (const channel of channels.keys()) await c.query(`LISTEN ${channel}`);
    } catch (error) {
      c.end().catch(() => {});
      throw error;
    }
    client = c;
  }

  return {
    async listen(channel: string, onPayload: Subscriber['onPayload'], onReconnect?: () => void): Promise<Unlisten> {
      if (!CHANNEL.test(channel)) throw new Error('A channel name is lower-case letters, digits and _.');
      if (closed) throw new Error('The database is closed.');
      const subscriber = { onPayload, onReconnect };
      const subs = channels.get(channel) ?? new Set();
      const fresh = subs.size === 0;
      subs.add(subscriber);
      channels.set(channel, subs);
      // The first attempt's failure is not the caller's: it is tried again, and onReconnect says when it is up.
      await serially(async () => {
        if (!client) return connect();
        if (fresh) await client.query(`LISTEN ${channel}`);
      }).catch(() => retryLater());
      return async () => {
        if (!subs.delete(subscriber) || subs.size > 0) return;
        channels.delete(channel);
        await serially(async () => {
          if (channels.size === 0) {
            const c = client;
            client = null;
            await c?.end();
          } else await client?.query(`UNLISTEN ${channel}`);
        }).catch(() => {});
      };
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

/** A pool of connections to a real PostgreSQL: `{ connectionString: process.env.DATABASE_URL }`, or host/port/user. */
export function openPostgresDatabase({ warn = () => {}, ...config }: PostgresOptions): Database {
  const pool = new pg.Pool({ max: 10, ...POSTGRES_TIMEOUTS, ...config });
  const { max: _max, idleTimeoutMillis: _idle, ...clientConfig } = { ...POSTGRES_TIMEOUTS, ...config };
  const notifications = listener(clientConfig, warn);
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
    listen: (channel, onPayload, onReconnect) => notifications.listen(channel, onPayload, onReconnect),
    close: () => (ended ??= Promise.all([notifications.close(), pool.end()]).then(() => undefined)), // closing twice is closing once
  };
}
