import { describe, expect, test } from 'vitest';
import { backoffDelay, nextAttemptAt, RETRY_BASE_MS, RETRY_CAP_MS } from '../../src/core/retry-policy.ts';

describe('retry policy', () => {
  test('doubles from about 2 s, with half of each wait random, and never passes the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0.999999))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(backoffDelay(30, 0.5)).toBeLessThanOrEqual(RETRY_CAP_MS);
    expect(backoffDelay(30, 0)).toBe(RETRY_CAP_MS / 2);
    expect(backoffDelay(0, 0)).toBe(RETRY_BASE_MS / 2);
  });

  test('a server asking for later gets later, up to the cap; asking for sooner does not hurry us', () => {
    expect(nextAttemptAt(1_000, 1, 0, 30_000)).toBe(31_000);
    expect(nextAttemptAt(1_000, 1, 0, 100)).toBe(2_000);
    expect(nextAttemptAt(0, 1, 0, 24 * 3_600_000)).toBe(RETRY_CAP_MS);
  });
});
