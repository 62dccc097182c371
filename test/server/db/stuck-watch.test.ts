import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { withCallDeadline } from '../../../src/server/db/stuck-watch.ts';
import { testDatabaseEnv } from '../../support/test-database.ts';
import { startCopy } from '../server-copies.ts';
import { fakeUpstream, push } from '../server-process.ts';

// A server stuck in its database answers no one, not even its probes, and ignores SIGTERM when PGlite
// spins on the main thread: it must end itself, so that systemd starts it again.

const never = () => new Promise<never>(() => {});

describe.skipIf(process.env.WAITBELL_TEST_DB === 'postgres')('a stuck database', () => {
  test('a main thread spinning (as PGlite does on a full disk) is killed by the watchdog thread, with one log line', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { startWatchdog } from './src/server/db/stuck-watch.ts'; startWatchdog({ boundMs: 300 }); console.log('spinning'); for (;;) {}",
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    expect(out).toContain('spinning');
    expect(out).toContain('"msg":"the server has not answered anything for too long (stuck in the database)');
  });

  test('a call unanswered past its limit is reported, once; calls that answer in time are not', async () => {
    const stuck: string[] = [];
    let reported!: () => void;
    const done = new Promise<void>((resolve) => (reported = resolve));
    const db = withCallDeadline(
      {
        engine: 'pglite',
        query: (sql: string) => (sql === 'SELECT 1' ? Promise.resolve({ rows: [], rowCount: 0 }) : never()),
        exec: () => Promise.resolve(),
        transaction: (work) => work({ query: never, exec: never }),
        listen: () => Promise.resolve(() => Promise.resolve()),
        close: () => Promise.resolve(),
      } as Database,
      100,
      (what) => (stuck.push(what), reported()),
    );
    await db.query('SELECT 1'); // its deadline passes before the stuck call's: it must never be reported
    void db.transaction((tx) => tx.query('SELECT pg_sleep(3600)'));
    await done;
    expect(stuck).toEqual(['transaction']);
  });

  // A real process: its start alone takes seconds on a loaded machine, and the bound must not be met by a slow start.
  test(
    'the venue server ends itself, non-zero and saying why, when a database call does not answer',
    { timeout: 60_000 },
    async () => {
      const upstream = await fakeUpstream();
      const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-stuck-'));
      await testDatabaseEnv(dataDir);
      const copy = await startCopy({
        upstream: upstream.url,
        dataDir,
        env: { WAITBELL_STUCK_MS: '5000' },
        nodeOptions: ['--import', 'tsx', '--import', './test/server/db/freeze-pglite.ts'],
      });
      onTestFinished(async () => (await copy.kill(), await upstream.close())); // also when it times out
      expect((await push(copy.url, 'stuck-push-0001')).status).toBe(200);
      copy.child.kill('SIGUSR2'); // from now on the database never answers
      const answer = push(copy.url, 'stuck-push-0002').then(
        (r) => r.status,
        () => 'cut',
      );
      expect(await copy.exited).toBe(1);
      expect(await answer).toBe('cut'); // never acknowledged
      expect(copy.logs.join('')).toContain(
        '"msg":"a database call has not answered: ending the server so it restarts"',
      );
    },
  );
});
