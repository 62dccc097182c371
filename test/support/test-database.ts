import { PGlite } from '@electric-sql/pglite';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { access, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Database } from '../../src/server/db/database.ts';
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

/** A migrated, empty PGlite data folder; copies of it start a server process fast. */
const migratedFolder = () =>
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

/** A new, migrated, empty database on the test engine, for a server in this process. */
export async function testDatabase(): Promise<Database> {
  if (TEST_ENGINE === 'postgres') return openPostgresDatabase({ connectionString: await freshPostgres(), max: 20 });
  return pgliteDatabase(await PGlite.create({ loadDataDir: await migratedDump() }));
}

/**
 * Where a server process keeps a new, migrated, empty database: DATABASE_URL on the test cluster,
 * or a copy of a migrated PGlite folder in `dataDir`. The environment to start it with.
 */
export async function testDatabaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (TEST_ENGINE === 'postgres') return { DATABASE_URL: await freshPostgres() };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await cp(await migratedFolder(), pgliteDir(dataDir), { recursive: true });
  ownerOnly(dataDir); // the template was written under the test's umask: the server refuses a folder others can read
  return {};
}
