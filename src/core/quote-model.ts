import type { PastParty } from './quote-history.ts';

/** Size classes the model tells apart (SIZE_CLASSES in quote-estimator.ts), and the features of one party. */
export const CLASS_COUNT = 4;
/** [1, parties ahead of size class 0, 1, 2, 3] */
export const FEATURES = CLASS_COUNT + 1;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A night runs until 4 am local time: a party joining at 1 am belongs to the evening before. */
const NIGHT_CUTOFF = 4 * 3_600_000;
/** A party that joined with more than this many ahead of one class is counted as this many (typos, wild nights). */
export const MAX_AHEAD = 40;

/** Which service night a moment belongs to (days since the epoch, local time, cut at 4 am). */
export const nightOf = (at: number, utcOffsetMinutes: number): number =>
  Math.floor((at + utcOffsetMinutes * MINUTE - NIGHT_CUTOFF) / DAY);

/** 0 for 1–2 guests, 1 for 3–4, 2 for 5–6, 3 for 7 and more (SIZE_CLASSES). */
export const classOf = (size: number): number => (size <= 2 ? 0 : size <= 4 ? 1 : size <= 6 ? 2 : 3);

/** Least-squares sufficient statistics of one size class: XᵀX, Xᵀy and the count of seated parties. */
export interface ClassStats {
  readonly xtx: readonly number[];
  readonly xty: readonly number[];
  readonly n: number;
}

export const emptyStats = (): ClassStats[] =>
  Array.from({ length: CLASS_COUNT }, () => ({
    xtx: Array<number>(FEATURES * FEATURES).fill(0),
    xty: Array<number>(FEATURES).fill(0),
    n: 0,
  }));

/** Adds one seated party (its features and its wait in minutes) to mutable statistics. */
function accumulate(stats: { xtx: number[]; xty: number[]; n: number }, x: readonly number[], y: number): void {
  for (let i = 0; i < FEATURES; i++) {
    stats.xty[i]! += x[i]! * y;
    for (let j = 0; j < FEATURES; j++) stats.xtx[i * FEATURES + j]! += x[i]! * x[j]!;
  }
  stats.n += 1;
}

/**
 * The statistics of one night's parties added to `base` (a new array; `base` is untouched): each
 * seated party's wait against who was on the list and ahead of it when it joined.
 */
export function addNight(base: readonly ClassStats[], night: readonly PastParty[]): ClassStats[] {
  const stats = base.map((s) => ({ xtx: [...s.xtx], xty: [...s.xty], n: s.n }));
  const parties = isSortedByJoin(night) ? night : [...night].sort((a, b) => a.joinedAt - b.joinedAt);
  // Ahead of a party = joined before it, still on the list when it joined: (joined before) − (gone by then).
  const ends = Array.from({ length: CLASS_COUNT }, () => [] as number[]);
  for (const p of parties) ends[classOf(p.size)]!.push(p.seatedAt ?? p.leftAt ?? Infinity);
  for (const e of ends) e.sort((a, b) => a - b);
  const joined = Array<number>(CLASS_COUNT).fill(0);
  const gone = Array<number>(CLASS_COUNT).fill(0);
  const x = Array<number>(FEATURES).fill(1);
  for (const p of parties) {
    for (let c = 0; c < CLASS_COUNT; c++) {
      const e = ends[c]!;
      while (gone[c]! < e.length && e[gone[c]!]! <= p.joinedAt) gone[c]! += 1;
      x[c + 1] = Math.min(MAX_AHEAD, Math.max(0, joined[c]! - gone[c]!));
    }
    if (p.outcome === 'seated' && p.seatedAt !== null)
      accumulate(stats[classOf(p.size)]!, x, (p.seatedAt - p.joinedAt) / MINUTE);
    joined[classOf(p.size)]! += 1;
  }
  return stats;
}

function isSortedByJoin(parties: readonly PastParty[]): boolean {
  for (let i = 1; i < parties.length; i++) if (parties[i]!.joinedAt < parties[i - 1]!.joinedAt) return false;
  return true;
}

/** Sums of statistics (a new array). */
export function sumStats(a: readonly ClassStats[], b: readonly ClassStats[]): ClassStats[] {
  return a.map((s, c) => ({
    xtx: s.xtx.map((v, i) => v + b[c]!.xtx[i]!),
    xty: s.xty.map((v, i) => v + b[c]!.xty[i]!),
    n: s.n + b[c]!.n,
  }));
}

/**
 * Coefficients [base, minutes per party ahead of each class] minimising squared error plus
 * `ridge`·‖θ − prior‖², with every per-party-ahead coefficient ≥ 0 (so a longer line never
 * shortens the wait): an active set over five unknowns.
 */
export function solveClass(stats: ClassStats, prior: readonly number[], ridge: number): number[] {
  const free = Array.from({ length: FEATURES }, (_, i) => i);
  for (;;) {
    const theta = Array<number>(FEATURES).fill(0);
    const solved = solve(
      free.map((i) => free.map((j) => stats.xtx[i * FEATURES + j]! + (i === j ? ridge : 0))),
      free.map((i) => stats.xty[i]! + ridge * prior[i]!),
    );
    free.forEach((i, k) => (theta[i] = solved[k]!));
    let worst = -1;
    for (const i of free) if (i > 0 && theta[i]! < 0 && (worst < 0 || theta[i]! < theta[worst]!)) worst = i;
    if (worst < 0) return theta;
    free.splice(free.indexOf(worst), 1);
  }
}

/** Gaussian elimination with partial pivoting; the ridge keeps the system well posed. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / p;
      for (let k = col; k < n; k++) a[r]![k]! -= f * a[col]![k]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = Math.abs(a[r]![r]!) < 1e-12 ? 0 : s / a[r]![r]!;
  }
  return x;
}
