import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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

async function freePort(): Promise<number> {
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
