import { PGlite } from '@electric-sql/pglite';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { access, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { safely, type Database } from '../../src/server/db/database.ts';
import { MIGRATIONS, migrate } from '../../src/server/db/migrations.ts';
import { pgliteDatabase } from '../../src/server/db/pglite.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { pgliteDir } from '../../src/server/setup/server-store.ts';
import { createDatabase, type PostgresCluster } from './postgres.ts';

/**
 * The engine the server tests run on: PGlite by default; a real PostgreSQL in the `node-postgres`
 * project (WAITBELL_TEST_DB=postgres, a cluster started once by test/support/postgres-setup.ts).
 */
export const TEST_ENGINE: 'pglite' | 'postgres' = process.env.WAITBELL_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresCluster['config'];
  }
}

/** The database the postgres-setup made and migrated once; each test database is a copy of it. */
export const TEMPLATE_DATABASE = 'waitbell_template';

let pgliteTemplate: Promise<Blob> | undefined;
let pgliteFolder: Promise<string> | undefined;

/** The PGlite the project pins (exactly): a template made by another version is not used. */
const PGLITE_VERSION = (
  JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
  }
).dependencies['@electric-sql/pglite'];

/**
 * Where the migrated PGlite templates are kept between workers and runs: named after the schema and
 * PGlite's version, so a new migration or a new PGlite makes new ones. Making one takes many seconds
 * (initdb, and WebAssembly compiled cold), which every test file would otherwise pay again.
 */
const templatePath = (kind: 'dump' | 'folder') => {
  const schema = createHash('sha256')
    .update(JSON.stringify([PGLITE_VERSION, MIGRATIONS]))
    .digest('hex')
    .slice(0, 12);
  return join(tmpdir(), `waitbell-pglite-template-${schema}.${kind === 'dump' ? 'tar' : 'd'}`);
};
/** Made once by whichever worker needs it first, written whole (a rename) so another never reads half of it. */
async function shared(path: string, make: (at: string) => Promise<void>): Promise<string> {
  try {
    await access(path);
    return path;
  } catch {
    const scratch = `${path}.${randomBytes(4).toString('hex')}`;
    await make(scratch);
    await rename(scratch, path).catch(() => rm(scratch, { recursive: true, force: true })); // another worker won
    return path;
  }
}

/** A migrated, empty PGlite, as a dump: loading one takes ~0.4 s where a new one takes seconds (initdb). */
const migratedDump = () =>
  (pgliteTemplate ??= (async () => {
    const path = await shared(templatePath('dump'), async (at) => {
      const pglite = await PGlite.create();
      await migrate(pgliteDatabase(pglite, { owned: false }));
      await writeFile(at, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
      await pglite.close();
    });
    return new Blob([await readFile(path)]);
  })());

/** A new PGlite, migrated and empty, loaded from the template (not initdb and the migrations again: seconds). */
export const migratedPglite = async () => PGlite.create({ loadDataDir: await migratedDump() });

/** A migrated, empty PGlite data folder; copies of it start a server process fast. */
export const migratedFolder = () =>
  (pgliteFolder ??= shared(templatePath('folder'), async (at) => {
    const pglite = await PGlite.create(at, { loadDataDir: await migratedDump() });
    await pglite.close();
  }));

/** Takes group's and others' rights away from `path` and everything under it (chmod -R go-rwx). */
function ownerOnly(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.mode & 0o700);
  if (stat.isDirectory()) for (const name of readdirSync(path)) ownerOnly(join(path, name));
}

/** A fresh database on the test cluster, copied from the migrated template: its DATABASE_URL. */
export const freshPostgres = () => createDatabase(inject('postgres'), TEMPLATE_DATABASE);

/** This file's databases that a test closed: the next test empties one instead of making another (~0.65 s of CPU each on PGlite). */
const idle: (PGlite | string)[] = [];

/** Every row gone, as the migrated template has none but the migrations' own (there are no sequences). */
async function empty(db: Database): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  await db.exec(`TRUNCATE ${rows.map((r) => r.name).join(', ')} CASCADE; SELECT pg_advisory_unlock_all()`);
}

/**
 * A Database over a PGlite kept for the file: closing it hands the instance back, and from then on it
 * refuses every statement as a closed PGlite does (a late sweep cannot write into the next test's).
 */
function lentPglite(pglite: PGlite): Database {
  const db = pgliteDatabase(pglite, { owned: false });
  const listening = new Set<() => Promise<void>>();
  let closed = false;
  const open = () => {
    if (closed) throw new Error('PGlite is closed');
  };
  return {
    engine: 'pglite',
    query: (sql, params) => safely(async () => open()).then(() => db.query(sql, params)),
    exec: (sql) => safely(async () => open()).then(() => db.exec(sql)),
    transaction: (work) => safely(async () => open()).then(() => db.transaction(work)),
    async listen(channel, onPayload, onReconnect) {
      await safely(async () => open());
      const unlisten = await db.listen(channel, (payload) => closed || onPayload(payload), onReconnect);
      listening.add(unlisten);
      return async () => {
        if (listening.delete(unlisten)) await unlisten();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const unlisten of listening) await unlisten();
      listening.clear();
      idle.push(pglite);
    },
  };
}

/** A new, migrated, empty database on the test engine, for a server in this process. */
export async function testDatabase(): Promise<Database> {
  const reused = idle.pop();
  if (TEST_ENGINE === 'postgres') {
    const url = typeof reused === 'string' ? reused : await freshPostgres();
    const db = openPostgresDatabase({ connectionString: url, max: 20 });
    if (reused) await empty(db);
    let lent = true;
    return { ...db, close: () => db.close().finally(() => void (lent && idle.push(url), (lent = false))) };
  }
  if (reused instanceof PGlite) {
    const db = lentPglite(reused);
    await empty(db);
    return db;
  }
  return lentPglite(await migratedPglite());
}

/**
 * Where a server process keeps a new, migrated, empty database: DATABASE_URL on the test cluster,
 * or a copy of a migrated PGlite folder in `dataDir`. The environment to start it with.
 */
export async function testDatabaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (TEST_ENGINE === 'postgres') return { DATABASE_URL: await freshPostgres() };
  await migratedPgliteIn(dataDir);
  return {};
}

/** A copy of the migrated PGlite folder where a server with WAITBELL_DATA_DIR=`dataDir` opens its database. */
export async function migratedPgliteIn(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await cp(await migratedFolder(), pgliteDir(dataDir), { recursive: true });
  ownerOnly(dataDir); // the template was written under the test's umask: the server refuses a folder others can read
}
