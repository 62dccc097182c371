import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/postgres.ts';
import { answers, waitUntil } from '../support/wait-until.ts';

/**
 * A venue server as its owner runs it (`npm run relay`), serving the production build `appDir` on
 * its own origin, on PGlite in a temporary folder, calling the sandbox of `sandboxUrl` as Pushed.
 * `cli(...args)` runs `npm run relay -- …` against it, as the owner would in another terminal.
 */
export async function startVenueServer(appDir: string, sandboxUrl: string) {
  const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-venue-server-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    RELAY_APP_DIR: appDir,
    RELAY_DATA_DIR: dataDir,
    RELAY_PORT: String(port),
    WAITBELL_PUBLIC_URL: url,
    WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
    PUSHED_UPSTREAM: new URL('/1', sandboxUrl).href,
  };
  const logs: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/relay/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(() => answers(`${url}/readyz`), 'the venue server to be ready', { timeoutMs: 30_000 });

  /** `npm run relay -- args`, with `stdin` typed in; resolves with its output and exit code. */
  const cli = (args: string[], stdin = '') =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const run = spawn(process.execPath, ['--import', 'tsx', 'src/server/relay/main.ts', ...args], {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      run.stdout.on('data', (d) => (out += String(d)));
      run.stderr.on('data', (d) => (out += String(d)));
      run.stdin.end(stdin);
      run.once('exit', (code) => resolve({ code, out }));
    });

  return {
    url,
    logs,
    cli,
    stop: () => (child.kill('SIGTERM'), exited),
  };
}
