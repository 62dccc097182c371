import { afterAll, beforeAll, expect, test } from 'vitest';
import { diskWatch, type DiskSpace } from '../../../src/server/db/disk-watch.ts';
import { serverLogger } from '../../../src/server/log/logger.ts';
import { startRelayServer } from '../in-process-server.ts';
import { fakeUpstream, TOKEN } from '../server-process.ts';
import { addOf, syncPush } from '../sync/sync-client.ts';
import { api, pushAs } from '../venue/venue-client.ts';

// PGlite whose WAL fills the disk spins for good: no probe, no SIGTERM, no recovery once space is freed.
// So writes stop at a floor, well before; reads go on, and writes come back by themselves with the space.

const GB = 2 ** 30;
let space: DiskSpace = { freeBytes: 40 * GB, totalBytes: 50 * GB };
const watchLog: string[] = [];
const disk = diskWatch({
  dir: '/srv/waitbell',
  minFreeBytes: 256 * 2 ** 20,
  everyMs: 60 * 60_000, // checked by the test, below
  read: () => Promise.resolve(space),
  log: serverLogger((line) => watchLog.push(line)),
});
let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let server: Awaited<ReturnType<typeof startRelayServer>>;

beforeAll(async () => {
  await disk.start();
  upstream = await fakeUpstream();
  server = await startRelayServer(upstream.url, { disk });
}, 60_000);
afterAll(async () => {
  disk.stop();
  await server?.close();
  await upstream?.close();
});

const lines = (msg: string) => watchLog.filter((line) => (JSON.parse(line) as { msg: string }).msg.startsWith(msg));

test('under the floor, every write is a 503 disk_full in words with Retry-After; reads and the probe say why; space back, writes resume', async () => {
  const first = await pushAs(server.url, TOKEN, 'before-push-1');
  expect(first.status, first.text).toBe(200);

  space = { freeBytes: 200 * 2 ** 20, totalBytes: 50 * GB }; // 200 MB: under the 256 MB floor
  await disk.check();
  await disk.check(); // still full: said once
  const refused = [
    await pushAs(server.url, TOKEN, 'full-push-1'),
    await syncPush(server.url, TOKEN, [addOf('Ana').add]),
    await api(server.url, '/1/venue', { token: TOKEN, method: 'PUT', body: { name: 'Casa Nueva' } }),
    await api(server.url, '/1/pairing-codes', { token: TOKEN, method: 'POST' }),
    await api(server.url, '/1/pair', { body: { code: 'ABCD-EFGH-JKLM' } }),
  ];
  for (const answer of refused) {
    expect(answer.status).toBe(503);
    expect(answer.headers.get('Retry-After')).toBe('60');
    expect(answer.json.error.type).toBe('disk_full');
    expect(answer.json.error.message).toContain('disk is full: nothing was saved');
  }
  expect(upstream.calls).toHaveLength(1); // Pushed never called for a push that could not be recorded
  expect((await api(server.url, '/1/venue', { token: TOKEN })).json.venue.name).toBe('Casa Prueba');
  expect((await api(server.url, '/1/sync/changes?since=0', { token: TOKEN })).status).toBe(200);
  const ready = await api(server.url, '/readyz');
  expect([ready.status, ready.json]).toEqual([503, { ready: false, reason: 'disk_full' }]);
  expect((await api(server.url, '/healthz')).status).toBe(200);
  expect(lines('disk almost full')).toHaveLength(1);

  space = { freeBytes: 30 * GB, totalBytes: 50 * GB };
  await disk.check();
  const after = await pushAs(server.url, TOKEN, 'after-push-1');
  expect(after.status, after.text).toBe(200);
  expect((await api(server.url, '/readyz')).json).toEqual({ ready: true });
  expect(lines('disk space back')).toHaveLength(1);
});

test('on a large disk the floor is 2% of it: 1.5 GB free of 100 GB refuses writes', async () => {
  space = { freeBytes: 1.5 * GB, totalBytes: 100 * GB };
  await disk.check();
  expect((await pushAs(server.url, TOKEN, 'large-push-1')).status).toBe(503);
  space = { freeBytes: 2.5 * GB, totalBytes: 100 * GB };
  await disk.check();
  expect((await pushAs(server.url, TOKEN, 'large-push-2')).status).toBe(200);
});
