import type { Database } from '../db/database.ts';

/** What spending one failed attempt did: refused (none was left: wait `waitMs`), or taken, and whether that was the last. */
export type Spent = { refused: true; waitMs: number } | { refused: false; emptied: boolean };

/**
 * Failed attempts (wrong tokens, wrong pairing codes) per client, as token buckets kept in the
 * database, so that every server copy spends from one budget: `perMinute` on average, bursts up to
 * `burst`. A bucket known to be empty is also remembered here until it refills, so a guesser out of
 * attempts costs no query.
 */
export function attemptBudget(
  db: Database,
  {
    perMinute,
    burst,
    now,
  }: {
    perMinute: number;
    burst: number;
    /** A clock for tests; by default the database's, so copies whose clocks differ still refill one bucket alike. */
    now?: () => number;
  },
) {
  const local = now ?? Date.now;
  // The database's clock unless a test gives one: with each copy's own, a copy running ahead would stamp a bucket in
  // its future and the others would refill nothing until they caught up.
  const NOW = `coalesce($3::float8, extract(epoch from clock_timestamp()) * 1000)`;
  const emptyUntil = new Map<string, number>();
  const waitFor = (tokens: number) => (tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60_000) / perMinute));
  const heldHere = (bucket: string, t: number): number => {
    const until = emptyUntil.get(bucket) ?? 0;
    if (until > t) return until - t;
    emptyUntil.delete(bucket);
    return 0;
  };
  const remember = (bucket: string, waitMs: number, t: number) => {
    if (waitMs <= 0) return;
    if (emptyUntil.size >= 10_000) emptyUntil.clear(); // a bound on memory: forgetting only costs a query
    emptyUntil.set(bucket, t + waitMs);
  };
  // One statement: refill by the time since the last attempt, then take one if there is one.
  const REFILLED = `least($2::float8, b.tokens + greatest(0, ${NOW} - b.at_ms) * $4::float8 / 60000)`;
  const SPEND = `
    INSERT INTO attempt_budgets AS b (bucket, tokens, at_ms, refused) VALUES ($1, $2::float8 - 1, ${NOW}, false)
    ON CONFLICT (bucket) DO UPDATE SET
      tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
      refused = ${REFILLED} < 1,
      at_ms = greatest(b.at_ms, ${NOW})
    RETURNING tokens, refused`;

  return {
    /** How long `bucket` must wait (ms) before its next failed attempt counts; 0 when it may try now. Spends nothing. */
    async wait(bucket: string): Promise<number> {
      const t = local();
      const held = heldHere(bucket, t);
      if (held) return held;
      const { rows } = await db.query<{ tokens: number }>(
        `SELECT ${REFILLED} AS tokens FROM attempt_budgets AS b WHERE bucket = $1`,
        [bucket, burst, now?.() ?? null, perMinute],
      );
      const row = rows[0];
      if (!row) return 0;
      const waitMs = waitFor(row.tokens);
      remember(bucket, waitMs, t);
      return waitMs;
    },
    /** Spends one failed attempt of `bucket`. */
    async spend(bucket: string): Promise<Spent> {
      const t = local();
      const held = heldHere(bucket, t);
      if (held) return { refused: true, waitMs: held };
      const { rows } = await db.query<{ tokens: number; refused: boolean }>(SPEND, [
        bucket,
        burst,
        now?.() ?? null,
        perMinute,
      ]);
      const { tokens, refused } = rows[0]!;
      const waitMs = waitFor(tokens);
      remember(bucket, waitMs, t);
      return refused ? { refused: true, waitMs } : { refused: false, emptied: waitMs > 0 };
    },
  };
}
export type AttemptBudget = ReturnType<typeof attemptBudget>;

/** Deletes the buckets untouched for `idleMs`: full again long since, so forgetting them changes nothing. */
export async function sweepAttemptBudgets(db: Database, idleMs: number, now?: number): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM attempt_budgets WHERE at_ms < coalesce($2::float8, extract(epoch from clock_timestamp()) * 1000) - $1',
    [idleMs, now ?? null],
  );
  return rowCount;
}
