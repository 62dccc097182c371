import { replay } from '../../src/core/backtest.ts';
import { DEFAULT_QUOTES, sizeClassOf } from '../../src/core/quote-estimator.ts';
import type { PastParty } from '../../src/core/quote-history.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const wait = (p: PastParty) => (p.seatedAt! - p.joinedAt) / MINUTE;

/**
 * NextMe's method: the mean wait of the last 30 parties seated before the party joined, any
 * size (earlier nights included); the default for its size when none has been seated yet.
 */
export function lastThirtySeated(rows: readonly PastParty[]): number[] {
  const seated = rows
    .filter((p) => p.outcome === 'seated' && p.seatedAt !== null)
    .sort((a, b) => a.seatedAt! - b.seatedAt!);
  const sums = [0];
  for (const p of seated) sums.push(sums[sums.length - 1]! + wait(p));
  return rows.map((p) => {
    // Parties seated strictly before the join, found by binary search.
    let lo = 0;
    let hi = seated.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seated[mid]!.seatedAt! < p.joinedAt) lo = mid + 1;
      else hi = mid;
    }
    const from = Math.max(0, lo - 30);
    return lo === 0 ? DEFAULT_QUOTES[sizeClassOf(p.size)]! : Math.round((sums[lo]! - sums[from]!) / (lo - from));
  });
}

/**
 * TablesReady's method: the mean wait of parties of the same size that joined in the same
 * weekday and hour on earlier nights; the default for its size when there are none.
 */
export function sameSizeSlot(rows: readonly PastParty[]): number[] {
  const slots = new Map<string, { sum: number; n: number }>();
  const slotOf = (p: PastParty) => {
    const local = new Date(p.joinedAt + p.utcOffsetMinutes * MINUTE);
    return `${p.size}/${local.getUTCDay()}/${local.getUTCHours()}`;
  };
  // Earlier nights only: each night's parties are added once the replay has moved past it.
  let pending: PastParty[] = [];
  let pendingNight = -1;
  return replay(rows, (_tonight, p) => {
    const night = Math.floor((p.joinedAt + p.utcOffsetMinutes * MINUTE - 4 * HOUR) / (24 * HOUR));
    if (night !== pendingNight) {
      for (const q of pending) {
        if (q.outcome !== 'seated' || q.seatedAt === null) continue;
        const s = slots.get(slotOf(q)) ?? { sum: 0, n: 0 };
        slots.set(slotOf(q), { sum: s.sum + wait(q), n: s.n + 1 });
      }
      pending = [];
      pendingNight = night;
    }
    pending.push(p);
    const s = slots.get(slotOf(p));
    return s ? Math.round(s.sum / s.n) : DEFAULT_QUOTES[sizeClassOf(p.size)]!;
  });
}
