import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { answers, waitUntil } from '../../support/wait-until.ts';
import { freePort } from '../../support/postgres.ts';

// A server started on a WAITBELL_DATA_DIR that does not exist yet (the default
// ./relay-data on a first `npm run server`) must still hold the folder's admin socket, so that
// `venue add` goes through it instead of opening the PGlite folder a second time.

const MAIN = 'src/server/main.ts';

/** Every file and folder under `dir` (itself too) that group or others may read, write or enter, with its mode. */
function openToOthers(dir: string): string[] {
  const mode = lstatSync(dir).mode;
  const self = mode & 0o077 ? [`${dir} ${(mode & 0o777).toString(8)}`] : [];
  if (!lstatSync(dir).isDirectory()) return self;
  return [...self, ...readdirSync(dir).flatMap((name) => openToOthers(join(dir, name)))];
}
const SLOW = 180_000;

/** `npm run server -- …args` under umask 000, so only the server's own care keeps its files private. */
function run(args: string[], env: Record<string, string>) {
  const child = spawn('sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, '--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

test(
  'a server started on a folder that does not exist yet makes it owner-only whatever the umask, and holds its admin socket; venue add pairs on it',
  async () => {
    const env = {
      WAITBELL_DATA_DIR: join(await mkdtemp(join(tmpdir(), 'waitbell-fresh-')), 'relay-data'), // not created
      WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
      WAITBELL_PORT: String(await freePort()),
      WAITBELL_PUSHED_UPSTREAM: 'http://127.0.0.1:9/1',
    };
    const url = `http://127.0.0.1:${env.WAITBELL_PORT}`;
    const server = run([], env);
    try {
      await waitUntil(() => answers(`${url}/healthz`), 'the server to start', { timeoutMs: SLOW });
      expect(server.out()).not.toContain('admin socket unavailable');
      expect(existsSync(join(env.WAITBELL_DATA_DIR, 'admin.sock'))).toBe(true);
      // Started under umask 000, the folder is still 0700 and every file in it 0600: the WAL holds guests' names.
      expect(lstatSync(env.WAITBELL_DATA_DIR).mode & 0o777).toBe(0o700);
      expect(openToOthers(env.WAITBELL_DATA_DIR)).toEqual([]);

      const add = run(['venue', 'add', 'Casa Prueba'], env);
      expect(await add.exited).toBe(0);
      const code = /code=([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(add.out())![1]!;
      const paired = await fetch(`${url}/1/pair`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      expect(paired.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  },
  SLOW,
);
