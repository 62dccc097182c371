import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../../src/server/db/database.ts';
import { attemptBudget, sweepAttemptBudgets } from '../../../src/server/venue/attempt-budget.ts';
import { testDatabase } from '../../support/test-database.ts';

let db: Database;
beforeAll(async () => void (db = await testDatabase()));
afterAll(() => db.close());

/** Two server copies' budgets over one database, on one clock the test moves. */
function twoCopies(perMinute: number, burst: number) {
  let now = 1_000_000;
  const clock = { now: () => now, pass: (ms: number) => void (now += ms) };
  const copies = [0, 1].map(() => attemptBudget(db, { perMinute, burst, now: clock.now }));
  return { a: copies[0]!, b: copies[1]!, clock };
}

describe('failed attempts shared by every server copy', () => {
  test('a guesser spreading wrong codes over two copies gets one budget, not two', async () => {
    const { a, b } = twoCopies(10, 4);
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(await (i % 2 ? b : a).spend('address:203.0.113.7'));
    expect(outcomes.map((o) => o.refused)).toEqual([false, false, false, true, true, true].map((_, i) => i >= 4));
    expect(outcomes[3]).toEqual({ refused: false, emptied: true }); // the last one: said once, when it empties
    expect(await a.wait('address:203.0.113.7')).toBeGreaterThan(0);
    expect(await b.wait('address:203.0.113.7')).toBeGreaterThan(0);
    // Another address is untouched by it.
    expect(await b.wait('address:203.0.113.8')).toBe(0);
    expect(await b.spend('address:203.0.113.8')).toEqual({ refused: false, emptied: false });
  });

  test('the budget refills with time on every copy: one attempt per 60/perMinute seconds', async () => {
    const { a, b, clock } = twoCopies(10, 2);
    await a.spend('address:198.51.100.1');
    await b.spend('address:198.51.100.1');
    const refused = await a.spend('address:198.51.100.1');
    expect(refused).toEqual({ refused: true, waitMs: 6_000 });
    clock.pass(6_000);
    expect(await b.wait('address:198.51.100.1')).toBe(0);
    expect(await b.spend('address:198.51.100.1')).toEqual({ refused: false, emptied: true });
    expect((await a.spend('address:198.51.100.1')).refused).toBe(true);
  });

  test('the sweep forgets only buckets idle for long', async () => {
    const { a } = twoCopies(10, 2);
    await a.spend('address:192.0.2.1');
    expect(await sweepAttemptBudgets(db, 60_000, 1_000_000 + 30_000)).toBe(0);
    expect(await sweepAttemptBudgets(db, 60_000, 1_000_000 + 24 * 60 * 60_000)).toBeGreaterThan(0);
    expect(await a.wait('address:192.0.2.1')).toBe(0);
  });
});
