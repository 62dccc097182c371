import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { KEEP_KEYS_MS, openIdempotencyStore } from '../../src/server/relay/idempotency-store.ts';

test('the key log is compacted as it grows and at start-up: forgotten and expired keys go, live ones survive', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'waitbell-keys-'));
  let now = 1_000_000_000;
  const store = openIdempotencyStore(dir, () => now, 10);
  for (let i = 0; i < 30; i++) {
    await store.put({ key: `k${i}`, bodyHash: 'h', at: now, state: 'sending' });
    await store.put({ key: `k${i}`, bodyHash: 'h', at: now, state: 'done', status: 200, body: `{"n":${i}}` });
    if (i % 3 === 0) await store.forget(`k${i}`);
  }
  await store.close();
  const lines = (await readFile(join(dir, 'idempotency.jsonl'), 'utf8')).trim().split('\n');
  expect(lines.length).toBeLessThan(30 * 2); // not every write is still there

  const reopened = openIdempotencyStore(dir, () => now);
  expect(reopened.size()).toBe(20);
  expect(reopened.get('k1')).toMatchObject({ state: 'done', body: '{"n":1}' });
  expect(reopened.get('k3')).toBeUndefined();
  await reopened.close();

  now += KEEP_KEYS_MS + 1;
  const later = openIdempotencyStore(dir, () => now);
  expect(later.size()).toBe(0);
  await later.close();
});
