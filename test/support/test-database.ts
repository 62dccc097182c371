import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrations.ts';
import { pgliteDatabase } from '../../src/server/db/pglite.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { pgliteDir } from '../../src/server/venue/server-store.ts';
import type { PostgresCluster } from './postgres.ts';

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

/** A migrated, empty PGlite, as a dump: loading one takes ~0.4 s where a new one takes seconds (initdb). */
const migratedDump = () =>
  (pgliteTemplate ??= (async () => {
    const pglite = await PGlite.create();
    await migrate(pgliteDatabase(pglite, { owned: false }));
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    return dump;
  })());

/** A migrated, empty PGlite data folder, made once per worker; copies of it start a server process fast. */
const migratedFolder = () =>
  (pgliteFolder ??= (async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'waitbell-pglite-template-')), 'db');
    const pglite = await PGlite.create(dir);
    await migrate(pgliteDatabase(pglite, { owned: false }));
    await pglite.close();
    return dir;
  })());

/** Connection settings of a fresh database on the test cluster, copied from the migrated template. */
async function freshPostgres(): Promise<{ url: string; name: string }> {
  const cluster = inject('postgres');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = openPostgresDatabase({ ...cluster, max: 1 });
  try {
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.close();
  }
  const url = `postgresql://${cluster.user}@/${name}?host=${encodeURIComponent(cluster.host)}&port=${cluster.port}`;
  return { url, name };
}

/** A new, migrated, empty database on the test engine, for a server in this process. */
export async function testDatabase(): Promise<Database> {
  if (TEST_ENGINE === 'postgres')
    return openPostgresDatabase({ connectionString: (await freshPostgres()).url, max: 20 });
  return pgliteDatabase(await PGlite.create({ loadDataDir: await migratedDump() }));
}

/**
 * Where a server process keeps a new, migrated, empty database: DATABASE_URL on the test cluster,
 * or a copy of a migrated PGlite folder in `dataDir`. The environment to start it with.
 */
export async function testDatabaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (TEST_ENGINE === 'postgres') return { DATABASE_URL: (await freshPostgres()).url };
  await mkdir(dataDir, { recursive: true });
  await cp(await migratedFolder(), pgliteDir(dataDir), { recursive: true });
  return {};
}
