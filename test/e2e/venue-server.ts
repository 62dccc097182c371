import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright';
import { expect } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { freePort } from '../support/postgres.ts';
import { migratedPgliteIn } from '../support/test-database.ts';
import { openSettings, showPairingStep } from './browser.ts';
import { answers, waitUntil } from '../support/wait-until.ts';

export interface VenueServerOptions {
  /** A real PostgreSQL to share (several copies); else PGlite in a temporary folder (one copy). */
  databaseUrl?: string;
  /** How many server copies, each on its own port, over the same database (PostgreSQL only). */
  copies?: number;
  /** More settings for every copy (WAITBELL_*), over the defaults above. */
  env?: Record<string, string>;
}

/**
 * A venue server as its owner runs it (`npm run server`), serving the production build `appDir` on
 * its own origin, calling the sandbox of `sandboxUrl` as Pushed: on PGlite in a temporary folder,
 * or as several copies over one PostgreSQL. `cli(...args)` runs `npm run server -- …` against it,
 * as the owner would in another terminal; `restart(i)` stops copy i (SIGTERM) and starts it again
 * on the same port.
 */
export async function startVenueServer(appDir: string, sandboxUrl: string, options: VenueServerOptions = {}) {
  const copies = options.copies ?? 1;
  if (copies > 1 && !options.databaseUrl) throw new Error('several server copies need a shared PostgreSQL');
  const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-venue-server-'));
  // On PGlite, a copy of a migrated folder: a new one runs initdb in the server, seconds of CPU per file.
  if (!options.databaseUrl) await migratedPgliteIn(dataDir);
  const ports = await Promise.all(Array.from({ length: copies }, () => freePort()));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const env = {
    ...process.env,
    WAITBELL_APP_DIR: appDir,
    WAITBELL_DATA_DIR: dataDir,
    WAITBELL_PUBLIC_URL: urls[0]!,
    WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
    WAITBELL_PUSHED_UPSTREAM: new URL('/1', sandboxUrl).href,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const logs: string[] = [];
  const children: { child: ChildProcess; exited: Promise<void> }[] = [];

  async function start(i: number): Promise<void> {
    // Each copy answers on its own origin too (a tablet loaded from copy 2 talks to copy 2).
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...env, WAITBELL_PORT: String(ports[i]), WAITBELL_PUBLIC_URL: urls[i]! },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => logs.push(String(d)));
    child.stderr.on('data', (d) => logs.push(String(d)));
    children[i] = { child, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) };
    // A ceiling, not a wait: a new PGlite folder runs initdb, slow while other test files share the cores.
    await waitUntil(() => answers(`${urls[i]}/readyz`), 'the venue server to be ready', { timeoutMs: 80_000 });
  }
  const stopCopy = (i: number) => {
    const { child, exited } = children[i]!;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  for (let i = 0; i < copies; i++) await start(i);

  /**
   * `npm run server -- args`, with `stdin` typed in; resolves with its output and exit code. The CLI's own
   * code in this process (its process of its own is the node-cli tests'): a process per command cost ~1.5 s of CPU.
   */
  const cli = async (args: string[], stdin = '') => {
    const { runAdminCli } = await import('../../src/server/admin/admin-cli.ts');
    let out = '';
    const output = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk);
        done();
      },
    });
    const code = await runAdminCli(args, { stdin: Readable.from([stdin]), stdout: output, stderr: output, env });
    return { code, out };
  };

  return {
    url: urls[0]!,
    urls,
    logs,
    cli,
    /** Copy i's process id (its memory is read from /proc by the benches). */
    pid: (i = 0) => children[i]!.child.pid!,
    restart: async (i: number) => (await stopCopy(i), start(i)),
    stop: async () => void (await Promise.all(children.map((_, i) => stopCopy(i)))),
  };
}

/** The code in the pairing link printed by `venue add` / `venue pair`. */
const codeIn = (output: string) => /\/pair\?code=([0-9A-Z-]+)/.exec(output)?.[1];

export type VenueServer = Awaited<ReturnType<typeof startVenueServer>>;

/** The owner's terminal: `venue add` (its output, with the first pairing link, is returned), then the sandbox's Pushed app set on it. */
export async function setUpVenue(server: VenueServer): Promise<string> {
  const added = await server.cli(['venue', 'add', 'Casa Prueba']);
  expect(added.code, added.out).toBe(0);
  const set = await server.cli(
    [
      'venue',
      'set',
      'Casa Prueba',
      '--app-key',
      SANDBOX_SETTINGS.appKey,
      '--channel-alias',
      SANDBOX_SETTINGS.channelAlias,
      '--app-secret-stdin',
    ],
    `${SANDBOX_SETTINGS.appSecret}\n`,
  );
  expect(set.code, set.out).toBe(0);
  expect(set.out).not.toContain(SANDBOX_SETTINGS.appSecret);
  return added.out;
}

export interface Tablet {
  label: string;
  context: BrowserContext;
  page: Page;
}

/** A fresh tablet (its own profile) opening Waitbell from `url` and connecting to the venue with a code typed in. */
export async function pairTablet(browser: Browser, server: VenueServer, url: string, label: string): Promise<Tablet> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Add party' }).waitFor();
  const pair = await server.cli(['venue', 'pair', 'Casa Prueba']);
  const code = codeIn(pair.out);
  expect(code, pair.out).toBeDefined();
  const settings = await openSettings(page);
  await showPairingStep(settings);
  await settings.getByLabel('Pairing code').fill(code!);
  await settings.getByLabel('Name for this tablet (optional)').fill(label);
  await settings.getByRole('button', { name: 'Connect', exact: true }).click();
  await settings.getByRole('status').filter({ hasText: 'Connected:' }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Escape');
  return { label, context, page };
}
