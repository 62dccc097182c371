import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';

const run = promisify(execFile);

/** Debian's `postgresql` package (.ci/run installs it). */
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Why the real-PostgreSQL tests cannot run here, or null if they can. In CI (`CI`, or
 * WAITBELL_REQUIRE_POSTGRES which .ci/run sets) PostgreSQL must be there: its absence fails the run.
 */
export function postgresMissing(): string | null {
  if (existsSync(join(POSTGRES_BIN, 'initdb'))) return null;
  const reason = `PostgreSQL not found in ${POSTGRES_BIN} (apt-get install postgresql, or set POSTGRES_BIN)`;
  if (process.env.CI || process.env.WAITBELL_REQUIRE_POSTGRES)
    throw new Error(`${reason}: CI must run the tests against a real PostgreSQL`);
  return reason;
}

/** A TCP port nobody listens on right now, on this machine. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PostgresCluster {
  /** Connection settings for `pg`: the unix socket's folder, the port, the superuser, database `postgres`. */
  config: { host: string; port: number; user: string; database: string };
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster in a temporary folder, reachable only through a unix socket in that
 * folder (no TCP). initdb and postgres refuse to run as root, and CI runs as root: then they run as
 * the `postgres` user. Without fsync by default: these tests are about SQL, not about the disk; a
 * benchmark asks for `{ fsync: true }`, the durability a real server has.
 */
export async function startPostgres({ fsync = false }: { fsync?: boolean } = {}): Promise<PostgresCluster> {
  const root = process.getuid?.() === 0;
  const as = (bin: string, args: string[]) =>
    root
      ? run('runuser', ['-u', 'postgres', '--', join(POSTGRES_BIN, bin), ...args])
      : run(join(POSTGRES_BIN, bin), args);
  const dir = await mkdtemp(join(tmpdir(), 'waitbell-pg-'));
  if (root) {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    await chown(dir, Number(uid.stdout), Number(gid.stdout));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = async () => {
    if (started) await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    started = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    started = true; // from here on, a failed start may still have left a server behind
    await as('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'postgres.log'),
      '-w',
      '-o',
      `-c listen_addresses='' -k ${dir} -p ${port}${fsync ? '' : ' -c fsync=off -c full_page_writes=off'}`,
      'start',
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { config: { host: dir, port, user: 'postgres', database: 'postgres' }, stop };
}

/**
 * A new database on `cluster` (a copy of `template`, if given; else empty); its DATABASE_URL. Each
 * test's server gets its own, so tests never see each other's rows.
 */
export async function createDatabase(cluster: PostgresCluster['config'], template?: string): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = openPostgresDatabase({ ...cluster, max: 1 });
  try {
    await admin.exec(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.close();
  }
  return postgresUrl({ ...cluster, database: name });
}

/** The DATABASE_URL of a database reached through the cluster's socket folder. */
export const postgresUrl = (config: PostgresCluster['config']) =>
  `postgresql://${config.user}@/${config.database}?host=${encodeURIComponent(config.host)}&port=${config.port}`;
