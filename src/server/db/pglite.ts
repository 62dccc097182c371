import fs from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
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

interface EmscriptenModule {
  NODEFS: { stream_ops: { fsync?: (stream: { nfd?: number }) => void } };
}

/**
 * PGlite's Node file layer has no fsync (Postgres's fsync() returns at once) and its fdatasync() is a
 * stub: this one gives the layer an fsync that reaches the disk, and Postgres is told to use fsync().
 */
class DurableNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>) {
    const { emscriptenOpts } = await super.init(...args);
    const giveFsync = (module: EmscriptenModule) => {
      module.NODEFS.stream_ops.fsync = (stream) => {
        if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd);
      };
    };
    const preRun = [emscriptenOpts.preRun ?? []].flat() as unknown[];
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [giveFsync, ...preRun] } as typeof emscriptenOpts };
  }
}

/**
 * PGlite's own start parameters turn fsync off (`-F`): a commit was acknowledged before it reached the
 * disk, so a power cut could lose it or corrupt the database. Durable: fsync on, WAL flushed by fsync().
 */
export const DURABLE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
  '-c',
  'synchronous_commit=on',
];

/**
 * Makes every file and folder under `dir` the owner's only (initdb's files come out of PGlite 0666
 * whatever the umask), and with `flush`, flushes them to the disk (PGlite never did).
 */
function settleTree(dir: string, flush: boolean): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) settleTree(path, flush);
    else if (entry.isFile()) settle(path, flush);
  }
  settle(dir, flush);
}
function settle(path: string, flush: boolean): void {
  const { mode } = fs.lstatSync(path);
  if (mode & 0o077) fs.chmodSync(path, mode & 0o700);
  if (!flush) return;
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens (creating it if new: a few seconds, it runs initdb) the data folder `dataDir`, or an in-memory
 * database. `durable` (the default) acknowledges a commit only once it is on the disk.
 */
export async function openPgliteDatabase(dataDir?: string, { durable = true } = {}): Promise<Database> {
  if (dataDir === undefined) return pgliteDatabase(await safely(() => PGlite.create()));
  // initdb writes a new folder without a single fsync: flushed once, after it. Later opens find it on the
  // disk already (fsync=on flushes what each run writes), and flushing ~1,000 files again cost seconds.
  const fresh = !fs.existsSync(join(dataDir, 'PG_VERSION'));
  const pglite = await safely(() =>
    durable
      ? PGlite.create({ fs: new DurableNodeFS(dataDir), startParams: [...DURABLE_START_PARAMS] })
      : PGlite.create(dataDir),
  );
  settleTree(dataDir, durable && fresh);
  return pgliteDatabase(pglite);
}
