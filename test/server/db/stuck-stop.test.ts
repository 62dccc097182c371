import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { testDatabaseEnv } from '../../support/test-database.ts';
import { startCopy } from '../server-copies.ts';
import { fakeUpstream, push } from '../server-process.ts';

// systemd waits TimeoutStopSec for a stop: a server whose database call (and so its closing) never
// ends must still be gone soon after its grace period, not at systemd's SIGKILL.

describe.skipIf(process.env.WAITBELL_TEST_DB === 'postgres')('stopping while the database hangs', () => {
  test('SIGTERM ends the venue server within its grace (and 2 s to close), non-zero, saying why', async () => {
    const upstream = await fakeUpstream();
    const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-stuck-stop-'));
    await testDatabaseEnv(dataDir);
    const copy = await startCopy({
      upstream: upstream.url,
      dataDir,
      // The stuck-call limit far off: only the stop's own bound can end it.
      env: { WAITBELL_STUCK_MS: '600000', WAITBELL_SHUTDOWN_GRACE_MS: '500' },
      nodeOptions: ['--import', 'tsx', '--import', './test/server/db/freeze-pglite.ts'],
    });
    onTestFinished(async () => (await copy.kill(), await upstream.close())); // also when it times out
    expect((await push(copy.url, 'stop-push-0001')).status).toBe(200);
    copy.child.kill('SIGUSR2'); // from now on the database never answers
    const answer = push(copy.url, 'stop-push-0002').then(
      (r) => r.status,
      () => 'cut',
    );
    copy.child.kill('SIGTERM');
    expect(await copy.exited).toBe(1);
    expect(await answer).not.toBe(200);
    expect(copy.logs.join('')).toContain('"msg":"stop did not finish within the grace period: ending now"');
  });
});
