import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  DISK_IO,
  KEEP_KEYS_MS,
  openIdempotencyStore,
  type KeyLogIo,
} from '../../src/server/relay/idempotency-store.ts';

const newDir = () => mkdtemp(join(tmpdir(), 'waitbell-keys-'));
const sending = (key: string, at = Date.now()) => ({ key, bodyHash: 'h', at, state: 'sending' as const });

/** The real disk, except that the next `failures` writes go wrong in the way given. */
function failingIo(mode: 'short' | 'error' | 'sync', failures = 1): KeyLogIo {
  let left = failures;
  const failing = () => left-- > 0;
  return {
    ...DISK_IO,
    write: async (fd, data) => {
      if (mode === 'error' && failing()) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      if (mode === 'short' && failing()) return DISK_IO.write(fd, data.subarray(0, Math.floor(data.length / 2))); // half a line lands
      return DISK_IO.write(fd, data);
    },
    fdatasync: async (fd) => {
      if (mode === 'sync' && failing()) throw Object.assign(new Error('I/O error'), { code: 'EIO' });
      return DISK_IO.fdatasync(fd);
    },
  };
}

describe('the key log', () => {
  test('compacted as it grows and at start-up: forgotten and expired keys go, live ones survive', async () => {
    const dir = await newDir();
    let now = 1_000_000_000;
    const store = openIdempotencyStore(dir, { now: () => now, compactEvery: 10 });
    for (let i = 0; i < 30; i++) {
      await store.reserve(sending(`k${i}`, now));
      await store.settle({ key: `k${i}`, bodyHash: 'h', at: now, state: 'done', status: 200, body: `{"n":${i}}` });
      if (i % 3 === 0) await store.forget(`k${i}`);
    }
    await store.close();
    const lines = (await readFile(join(dir, 'idempotency.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(30 * 2); // not every write is still there

    const reopened = openIdempotencyStore(dir, { now: () => now });
    expect(reopened.size()).toBe(20);
    expect(reopened.get('k1')).toMatchObject({ state: 'done', body: '{"n":1}' });
    expect(reopened.get('k3')).toBeUndefined();
    await reopened.close();

    now += KEEP_KEYS_MS + 1;
    const later = openIdempotencyStore(dir, { now: () => now });
    expect(later.size()).toBe(0);
    await later.close();
  });

  test.each(['short', 'error', 'sync'] as const)(
    'a %s write is a failed reservation: the key stays free, and the log stays readable',
    async (mode) => {
      const dir = await newDir();
      const store = openIdempotencyStore(dir, { io: failingIo(mode) });
      await expect(store.reserve(sending('first-key'))).rejects.toThrow();
      expect(store.get('first-key')).toBeUndefined(); // memory does not believe it is reserved
      await store.reserve(sending('first-key')); // free: the next try reserves it
      await store.reserve(sending('second-key'));
      await store.close();
      const reopened = openIdempotencyStore(dir);
      expect([reopened.get('first-key')?.state, reopened.get('second-key')?.state]).toEqual(['sending', 'sending']);
      expect(reopened.size()).toBe(2);
      await reopened.close();
    },
  );

  test('a half line that could not be cut off does not spoil the next record', async () => {
    const dir = await newDir();
    const io = failingIo('short');
    const store = openIdempotencyStore(dir, { io: { ...io, ftruncate: async () => Promise.reject(new Error('EIO')) } });
    await expect(store.reserve(sending('torn-key'))).rejects.toThrow();
    await store.reserve(sending('after-key'));
    await store.close();
    const reopened = openIdempotencyStore(dir);
    expect(reopened.get('after-key')?.state).toBe('sending');
    expect(reopened.get('torn-key')).toBeUndefined();
    await reopened.close();
  });

  test('records from before keys were scoped to devices are still read, and expire like the rest', async () => {
    const dir = await newDir();
    const at = Date.now();
    await writeFile(
      join(dir, 'idempotency.jsonl'),
      `${JSON.stringify({ key: 'legacy-key-1', bodyHash: 'h', at, state: 'done', status: 200, body: '{}' })}\n`,
    );
    const store = openIdempotencyStore(dir);
    expect(store.get('legacy-key-1')).toMatchObject({ state: 'done' });
    await store.close();
    const later = openIdempotencyStore(dir, { now: () => at + KEEP_KEYS_MS + 1 });
    expect(later.size()).toBe(0);
    await later.close();
  });

  test('a compaction that fails (its temp path taken) is a warning: writes go on, and every key survives a restart', async () => {
    const dir = await newDir();
    const warnings: string[] = [];
    const store = openIdempotencyStore(dir, { compactEvery: 3, warn: (msg) => void warnings.push(msg) });
    await mkdir(join(dir, 'idempotency.jsonl.tmp')); // compaction's temp file cannot be written: EISDIR
    for (let i = 0; i < 7; i++) await store.reserve(sending(`compact-${i}`)); // crosses compactEvery twice
    expect(warnings.filter((w) => w.includes('compaction failed'))).toHaveLength(2);
    await store.close();
    const warnedAtStart: string[] = [];
    const reopened = openIdempotencyStore(dir, { warn: (msg) => void warnedAtStart.push(msg) }); // start-up compaction fails too
    expect(warnedAtStart.join()).toContain('compaction failed');
    await reopened.reserve(sending('after-restart'));
    expect(Array.from({ length: 7 }, (_, i) => reopened.get(`compact-${i}`)?.state)).toEqual(Array(7).fill('sending'));
    await reopened.close();
  });

  test('torn bytes that could not be cut off are counted: a later failure never cuts into a synced batch', async () => {
    const dir = await newDir();
    const plan: ('short' | 'truncate fails')[] = [];
    const io: KeyLogIo = {
      ...DISK_IO,
      write: (fd, data) => DISK_IO.write(fd, plan[0] === 'short' ? (plan.shift(), data.subarray(0, 9)) : data),
      ftruncate: (fd, length) =>
        plan[0] === 'truncate fails' ? (plan.shift(), Promise.reject(new Error('EIO'))) : DISK_IO.ftruncate(fd, length),
    };
    const store = openIdempotencyStore(dir, { io });
    await store.reserve(sending('key-A'));
    plan.push('short', 'truncate fails');
    await expect(store.reserve(sending('key-X'))).rejects.toThrow(); // torn, and the tear stays
    await store.reserve(sending('key-B')); // synced: the relay would now call Pushed for B
    plan.push('short');
    await expect(store.reserve(sending('key-C'))).rejects.toThrow(); // cut back: must stop where B ends
    await store.close();
    const reopened = openIdempotencyStore(dir);
    expect(['key-A', 'key-B', 'key-X', 'key-C'].map((k) => reopened.get(k)?.state)).toEqual([
      'sending',
      'sending',
      undefined,
      undefined,
    ]);
    await reopened.close();
  });
});
