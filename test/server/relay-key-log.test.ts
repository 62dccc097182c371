import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DISK_IO, openIdempotencyStore } from '../../src/server/relay/idempotency-store.ts';
import { fakeUpstream, push } from './relay-harness.ts';
import { startRelayServer } from './relay-in-process.ts';

test('a key that could not be written whole is not reserved: 503 with Retry-After, Pushed not called, the retry goes through', async () => {
  const upstream = await fakeUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-relay-'));
  let shortWrites = 1;
  const relay = await startRelayServer(upstream.url, {
    dataDir,
    // The disk takes half of the next write, as a full disk does.
    keyLogIo: { ...DISK_IO, write: (fd, data) => DISK_IO.write(fd, shortWrites-- > 0 ? data.subarray(0, 10) : data) },
  });
  try {
    const refused = await push(relay.url, 'disk-full-key-1');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(upstream.calls).toEqual([]);
    expect(relay.text()).toContain('key log write failed');
    const retried = await push(relay.url, 'disk-full-key-1'); // the key stayed free
    expect([retried.status, retried.headers.get('idempotent-replayed')]).toEqual([200, null]);
    expect(upstream.calls).toHaveLength(1);
  } finally {
    await relay.close();
    await upstream.close();
  }
  const reread = openIdempotencyStore(dataDir); // the torn half line was cut off: the log reads back whole
  expect(reread.size()).toBe(1);
  await reread.close();
});

test('a relay whose key log cannot be compacted at start-up (a full disk, a stray file) still starts, warns, and serves', async () => {
  const upstream = await fakeUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-relay-'));
  await mkdir(join(dataDir, 'idempotency.jsonl.tmp')); // the compacted copy cannot be written
  const relay = await startRelayServer(upstream.url, { dataDir });
  try {
    expect(relay.text()).toMatch(
      /"level":"warn","msg":"key log compaction failed; the old log stays in use","code":"EISDIR"/,
    );
    expect((await push(relay.url, 'after-failed-compaction')).status).toBe(200);
  } finally {
    await relay.close();
    await upstream.close();
  }
});
