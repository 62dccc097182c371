import type { PastParty } from '../../src/core/quote-history.ts';
import { seededRandom } from '../support/seeded-random.ts';

/** Seeded randomness for the simulator: the same seed gives the same nights. */
export function randomSource(seed: number) {
  const next = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const poisson = (mean: number) => {
    let k = 0;
    for (let p = Math.exp(-mean) > 0 ? next() : 0; p > Math.exp(-mean); p *= next()) k++;
    return k;
  };
  const pick = (weights: readonly number[]) => {
    let r = next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };
  return { next, normal, poisson, pick };
}

/** A kind of venue: its tables, its guests, its host. Times of day are local hours (18.5 = 6:30 pm). */
export interface VenueProfile {
  name: string;
  /** Table capacity → how many of them. */
  tables: Record<number, number>;
  /** Walk-ins join from `opens` until `lastJoin` (may pass midnight: 25 = 1 am). */
  opens: number;
  lastJoin: number;
  /** Arrivals per hour at the peaks on a weekday, and the weekend's multiplier (Fri, Sat; Sun half of it). */
  peaks: { hour: number; perHour: number; width: number }[];
  weekend: number;
  /** Weights of party sizes 1, 2, 3, …. */
  sizes: readonly number[];
  /** Median minutes at the table of a party of 2; larger parties stay longer. */
  turn2: number;
  /** Chance that a called party never comes. */
  noShow: number;
  /** Minutes a guest expects to wait before starting to think of leaving. */
  patience: number;
  /** The host's habit: minutes per party ahead, and the quote's floor. */
  hostPerAhead: number;
  hostFloor: number;
  utcOffsetMinutes: number;
  /** What the drawn venues vary beyond the named ones; each left out keeps the named venues' habit. */
  more?: VenueVariety;
}

/** A venue's finer habits (the randomised venues draw them; the named venues keep the defaults). */
export interface VenueVariety {
  /** Busyness per weekday, Monday first (replaces `weekend`). */
  weekdays?: readonly number[];
  /** How far a night's peaks move (hours, standard deviation) and how much a night's crowd and pace vary (log sd). */
  peakDrift?: number;
  crowdSpread?: number;
  paceSpread?: number;
  /** Turn time: growth per guest above 2, log-normal spread, and a lingering tail (chance, mean extra minutes). */
  turnGrowth?: number;
  turnSpread?: number;
  linger?: { chance: number; minutes: number };
  /** How hosts quote: rounding step, multiplier (<1 optimistic), noise (sd minutes), and by the whole board or the party's size only. */
  hostRound?: number;
  hostBias?: number;
  hostNoise?: number;
  hostBySize?: boolean;
  /** Share of guests who leave at once when told the wait, per minute quoted (the named venues: 1/240). */
  balkPerMinute?: number;
  /** Whether a big table is held back for a big party waiting behind. */
  holdBigTables?: boolean;
}

export const VENUES: readonly VenueProfile[] = [
  {
    name: 'small café',
    tables: { 2: 8, 4: 4, 6: 1 },
    opens: 8,
    lastJoin: 15,
    peaks: [
      { hour: 9.5, perHour: 12, width: 1 },
      { hour: 12.75, perHour: 22, width: 0.8 },
    ],
    weekend: 1.5,
    sizes: [3, 5, 1, 1.2, 0.2, 0.2],
    turn2: 32,
    noShow: 0.04,
    patience: 20,
    hostPerAhead: 4,
    hostFloor: 5,
    utcOffsetMinutes: 60,
  },
  {
    name: 'busy bistro',
    tables: { 2: 12, 4: 10, 6: 3, 8: 1 },
    opens: 17,
    lastJoin: 22,
    peaks: [{ hour: 19.5, perHour: 30, width: 1.1 }],
    weekend: 1.4,
    sizes: [0.5, 5, 1.5, 2.5, 0.6, 0.5, 0.15, 0.15],
    turn2: 50,
    noShow: 0.06,
    patience: 35,
    hostPerAhead: 5,
    hostFloor: 10,
    utcOffsetMinutes: -300,
  },
  {
    name: 'big family place',
    tables: { 2: 6, 4: 12, 6: 6, 8: 3, 10: 2 },
    opens: 11.5,
    lastJoin: 21,
    peaks: [
      { hour: 12.75, perHour: 16, width: 1 },
      { hour: 18.5, perHour: 24, width: 1.2 },
    ],
    weekend: 1.7,
    sizes: [0.2, 2, 1.5, 3, 2, 2, 1, 1, 0.5, 0.4],
    turn2: 45,
    noShow: 0.05,
    patience: 45,
    hostPerAhead: 6,
    hostFloor: 10,
    utcOffsetMinutes: 600,
  },
  {
    name: 'weekend-heavy bar',
    tables: { 2: 10, 4: 8, 6: 2 },
    opens: 17,
    lastJoin: 25,
    peaks: [{ hour: 22, perHour: 16, width: 1.6 }],
    weekend: 2.3,
    sizes: [0.5, 4, 1.5, 2.5, 0.6, 0.5],
    turn2: 55,
    noShow: 0.1,
    patience: 25,
    hostPerAhead: 4,
    hostFloor: 10,
    utcOffsetMinutes: 0,
  },
];

/** Told of every table taken: which (night, table), its capacity, the party's size, from and until (ms). */
export type TableAudit = (use: { table: string; capacity: number; size: number; from: number; until: number }) => void;

interface Waiting {
  joinedAt: number;
  size: number;
  quote: number | null;
  /** Minutes this guest will wait past the quote before leaving (drawn when joining). */
  leavesAfter: number;
  /** Will not come when called. */
  noShow: boolean;
  calledAt: number | null;
  table: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Monday 2 March 2026, 00:00 UTC: the first simulated day. */
const START = Date.UTC(2026, 2, 2);

/**
 * `weeks` of a venue's nights as the waitlist recorded them (only parties who had to wait join the
 * list), in join order. The same seed gives the same rows.
 */
export function simulateVenue(venue: VenueProfile, weeks: number, seed: number, audit?: TableAudit): PastParty[] {
  const rng = randomSource(seed);
  const rows: PastParty[] = [];
  for (let day = 0; day < weeks * 7; day++) simulateNight(venue, day, rng, rows, audit ?? (() => {}));
  return rows.sort((a, b) => a.joinedAt - b.joinedAt);
}

function simulateNight(
  venue: VenueProfile,
  day: number,
  rng: ReturnType<typeof randomSource>,
  rows: PastParty[],
  audit: TableAudit,
) {
  const more = venue.more ?? {};
  const weekday = day % 7; // 0 = Monday
  const busy =
    more.weekdays?.[weekday] ??
    (weekday === 4 || weekday === 5 ? venue.weekend : weekday === 6 ? (1 + venue.weekend) / 2 : 1);
  // Some nights run busier or slower than their weekday: weather, a game, a short-staffed kitchen.
  const crowd = busy * Math.exp((more.crowdSpread ?? 0.2) * rng.normal());
  const pace = Math.exp((more.paceSpread ?? 0.12) * rng.normal());
  const peaks = venue.peaks.map((p) => ({ ...p, hour: p.hour + (more.peakDrift ?? 0) * rng.normal() }));
  const linger = more.linger ?? { chance: 0, minutes: 0 };
  const capacities = Object.entries(venue.tables).flatMap(([cap, n]) => Array<number>(n).fill(Number(cap)));
  const freeAt = capacities.map(() => 0);
  const biggest = Math.max(...capacities);
  const localMidnight = START + day * DAY - venue.utcOffsetMinutes * MINUTE;
  const first = Math.round(venue.opens * 60);
  const lastJoin = Math.round(venue.lastJoin * 60);
  const queue: Waiting[] = [];
  const record = (w: Waiting, end: number, outcome: PastParty['outcome']) =>
    rows.push({
      joinedAt: localMidnight + w.joinedAt * MINUTE,
      utcOffsetMinutes: venue.utcOffsetMinutes,
      size: w.size,
      quotedMinutes: w.quote,
      seatedAt: outcome === 'seated' ? localMidnight + end * MINUTE : null,
      leftAt: outcome === 'seated' ? null : localMidnight + end * MINUTE,
      outcome,
    });
  const take = (table: number, size: number, from: number, until: number) => {
    freeAt[table] = until;
    const at = (m: number) => localMidnight + m * MINUTE;
    audit({ table: `${day}/${table}`, capacity: capacities[table]!, size, from: at(from), until: at(until) });
  };
  const turnOf = (size: number) => {
    const base = venue.turn2 * pace * (1 + (more.turnGrowth ?? 0.12) * Math.max(0, size - 2));
    const tail = linger.chance > 0 && rng.next() < linger.chance ? -Math.log(1 - rng.next()) * linger.minutes : 0;
    return Math.max(15, Math.round(base * Math.exp((more.turnSpread ?? 0.3) * rng.normal()) + tail)) + 3;
  };
  const smallestFree = (size: number, t: number) => {
    let best = -1;
    for (let i = 0; i < capacities.length; i++)
      if (freeAt[i]! <= t && capacities[i]! >= size && (best < 0 || capacities[i]! < capacities[best]!)) best = i;
    return best;
  };
  for (let t = first; t <= lastJoin || queue.length > 0; t++) {
    // The called come to the stand, or never do.
    for (let i = queue.length - 1; i >= 0; i--) {
      const w = queue[i]!;
      if (w.calledAt === null) continue;
      if (w.noShow && t - w.calledAt >= 8) {
        record(w, t, 'no_show');
        take(w.table, w.size, w.calledAt, t);
        queue.splice(i, 1);
      } else if (!w.noShow && t - w.calledAt >= 2) {
        record(w, t, 'seated');
        take(w.table, w.size, w.calledAt, t + turnOf(w.size));
        queue.splice(i, 1);
      }
    }
    // Guests tired of waiting walk away; the host removes them.
    for (let i = queue.length - 1; i >= 0; i--) {
      const w = queue[i]!;
      if (w.calledAt === null && t - w.joinedAt > (w.quote ?? venue.patience) + w.leavesAfter) {
        record(w, t, 'removed');
        queue.splice(i, 1);
      }
    }
    // The host seats the first party in line that a free table fits (the smallest such table), and again.
    for (const w of queue) {
      if (w.calledAt !== null) continue;
      const table = smallestFree(w.size, t);
      // A big table is kept for a big party waiting behind, unless the small party has waited long.
      if (table < 0) continue;
      if (
        more.holdBigTables !== false &&
        capacities[table]! - w.size >= 4 &&
        t - w.joinedAt < 20 &&
        queue.some((o) => o.calledAt === null && o.size > 4)
      )
        continue;
      w.calledAt = t;
      w.table = table;
      freeAt[table] = Infinity;
    }
    if (t > lastJoin) continue;
    const hour = t / 60;
    const perHour = peaks.reduce((s, p) => s + p.perHour * Math.exp(-(((hour - p.hour) / p.width) ** 2) / 2), 0);
    const arrivals = rng.poisson((perHour * crowd) / 60);
    for (let a = 0; a < arrivals; a++) {
      const size = Math.min(biggest, 1 + rng.pick(venue.sizes));
      const waitingNow = queue.filter((w) => w.calledAt === null);
      const table = smallestFree(size, t);
      if (table >= 0 && waitingNow.length === 0) {
        // Walked straight to a table: never on the list.
        take(table, size, t, t + turnOf(size));
        continue;
      }
      // Told the wait, some leave at once and never join the list.
      const ahead = more.hostBySize ? waitingNow.filter((w) => w.size > 4 === size > 4).length : waitingNow.length;
      const rule = (venue.hostFloor + venue.hostPerAhead * ahead * (size > 4 ? 1.5 : 1)) * (more.hostBias ?? 1);
      const step = more.hostRound ?? 5;
      const noisy = rule + (more.hostNoise ?? 5) * rng.normal();
      const quote = Math.min(90, Math.max(step, Math.round(noisy / step) * step));
      if (rng.next() < Math.min(0.5, quote * (more.balkPerMinute ?? 1 / 240))) continue;
      const noShow = rng.next() < venue.noShow;
      queue.push({
        joinedAt: t,
        size,
        quote: rng.next() < 0.12 ? null : quote,
        // Patience past the quote: exponential, so the longer the wait the more have gone.
        leavesAfter: -Math.log(1 - rng.next()) * venue.patience * 0.8,
        noShow,
        calledAt: null,
        table: -1,
      });
    }
  }
}

/** Draws a log-uniform number between `low` and `high`. */
const logUniform = (rng: ReturnType<typeof randomSource>, low: number, high: number) =>
  low * (high / low) ** rng.next();

/**
 * A venue nobody chose: every parameter drawn from wide ranges (tables, turn times and their
 * spread, arrivals per weekday and hour, party sizes, patience, no-shows, how the host quotes).
 * Arrivals are scaled to the venue's tables so that its peaks overflow them, more or less.
 */
export function randomVenue(seed: number): VenueProfile {
  const rng = randomSource(seed * 7_919 + 13);
  const u = (low: number, high: number) => low + (high - low) * rng.next();
  const kind = rng.pick([1, 1, 1]); // breakfast/lunch, dinner, late bar
  const tables: Record<number, number> = {};
  const twos = Math.round(u(0, 14));
  tables[2] = twos;
  tables[4] = Math.round(u(twos === 0 ? 3 : 1, 14));
  if (rng.next() < 0.8) tables[6] = Math.round(u(1, 6));
  if (rng.next() < 0.5) tables[8] = Math.round(u(1, 3));
  if (rng.next() < 0.25) tables[10] = Math.round(u(1, 2));
  for (const cap of Object.keys(tables)) if (tables[Number(cap)] === 0) delete tables[Number(cap)];
  const biggest = Math.max(...Object.keys(tables).map(Number));
  // Party sizes 1..biggest: couples usually most common, some venues for families or groups.
  const family = u(0, 1);
  const sizes = Array.from({ length: biggest }, (_, i) => {
    const size = i + 1;
    const base =
      size === 2
        ? 5
        : size === 1
          ? u(0.1, 3)
          : size <= 4
            ? u(0.5, 3) * (1 + 2 * family)
            : u(0.05, 1) * (0.3 + family) ** 2;
    return base;
  });
  const turn2 = u(25, 80);
  const turnGrowth = u(0, 0.25);
  const opens = kind === 0 ? u(7, 11) : kind === 1 ? u(16.5, 18.5) : u(17, 20);
  const lastJoin = kind === 0 ? opens + u(5, 8) : kind === 1 ? u(21.5, 23) : u(24, 26);
  const peakCount = kind === 0 ? 2 : rng.next() < 0.3 ? 2 : 1;
  const meanSize = sizes.reduce((s, w, i) => s + w * (i + 1), 0) / sizes.reduce((a, b) => a + b, 0);
  // Parties per hour the tables can seat, roughly: each table turns once per its turn time.
  const seatsPerHour = Object.entries(tables).reduce(
    (s, [cap, n]) =>
      s + (n * 60) / (turn2 * (1 + turnGrowth * Math.max(0, Math.min(Number(cap), meanSize + 1) - 2)) + 5),
    0,
  );
  const drawn = Array.from({ length: peakCount }, (_, i) => ({
    hour: opens + ((i + 1) * (lastJoin - opens)) / (peakCount + 1) + u(-0.7, 0.7),
    perHour: u(0.5, 1),
    width: u(0.5, 1.8),
  }));
  // The busiest hour brings 0.9–1.8 times what the tables seat (overlapping peaks add up).
  const curve = (h: number) =>
    drawn.reduce((s, p) => s + p.perHour * Math.exp(-(((h - p.hour) / p.width) ** 2) / 2), 0);
  let top = 0;
  for (let h = opens; h <= lastJoin; h += 0.1) top = Math.max(top, curve(h));
  const load = (seatsPerHour * u(0.9, 1.8)) / top;
  const peaks = drawn.map((p) => ({ ...p, perHour: p.perHour * load }));
  const weekend = u(1, 2.5);
  const weekdays = Array.from(
    { length: 7 },
    (_, d) => (d === 4 || d === 5 ? weekend : d === 6 ? (1 + weekend) / 2 : 1) * logUniform(rng, 0.6, 1.3),
  );
  return {
    name: `random venue ${seed}`,
    tables,
    opens,
    lastJoin,
    peaks,
    weekend,
    sizes,
    turn2,
    noShow: u(0, 0.15),
    patience: logUniform(rng, 10, 60),
    hostPerAhead: u(2, 9),
    hostFloor: u(0, 15),
    utcOffsetMinutes: Math.round(u(-10, 12)) * 60,
    more: {
      weekdays,
      peakDrift: u(0, 0.8),
      crowdSpread: u(0.05, 0.4),
      paceSpread: u(0.03, 0.25),
      turnGrowth,
      turnSpread: u(0.1, 0.55),
      linger: rng.next() < 0.5 ? { chance: u(0.02, 0.2), minutes: u(10, 60) } : { chance: 0, minutes: 0 },
      hostRound: [1, 5, 10][rng.pick([1, 3, 1])]!,
      hostBias: logUniform(rng, 0.6, 1.5),
      hostNoise: u(0, 12),
      hostBySize: rng.next() < 0.4,
      balkPerMinute: u(0, 1 / 120),
      holdBigTables: rng.next() < 0.6,
    },
  };
}
