import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { backtestSuggestions, knownAt, scoreQuotes } from '../../src/core/backtest.ts';
import {
  addToModel,
  DEFAULT_QUOTES,
  expectedWait,
  learnQuoteModel,
  suggestQuote,
  type DefaultQuotes,
} from '../../src/core/quote-estimator.ts';
import type { KnownParty, PastParty } from '../../src/core/quote-history.ts';
import { nightOf } from '../../src/core/quote-model.ts';
import { lastThirtySeated, sameSizeSlot } from '../quotes/baselines.ts';
import { randomSource, randomVenue, simulateVenue, VENUES } from '../quotes/restaurant-sim.ts';

const MINUTE = 60_000;
const bistro = VENUES[1]!;
const history = simulateVenue(bistro, 4, 11);
const lastJoin = history[history.length - 1]!.joinedAt;
// A night after the history: Friday at 7:30 pm in the bistro's time zone.
const NOW = lastJoin + 2 * 86_400_000;

const waiting = (sizes: number[], now = NOW): KnownParty[] =>
  sizes.map((size, rank) => ({
    joinedAt: now - (sizes.length - rank) * MINUTE,
    size,
    quotedMinutes: null,
    outcome: null,
    endedAt: null,
    rank,
  }));

describe('suggested quote', () => {
  const model = learnQuoteModel(history);

  test('with no history, the venue’s default for the size class, whatever the line', () => {
    const empty = learnQuoteModel([]);
    const defaults: DefaultQuotes = [10, 25, 35, 50];
    expect(suggestQuote(empty, [], 2, NOW, defaults)).toEqual({ minutes: 10, basis: { kind: 'default', ahead: 0 } });
    expect(suggestQuote(empty, waiting([4, 4, 2]), 3, NOW, defaults)).toEqual({
      minutes: 25,
      basis: { kind: 'default', ahead: 2 },
    });
    expect(suggestQuote(empty, waiting([8]), 12, NOW).minutes).toBe(DEFAULT_QUOTES[3]);
  });

  test('with no history, a long line of the same size lengthens the usual quote, and the basis says who is ahead', () => {
    const empty = learnQuoteModel([]);
    // A third of the usual 15 for the first in line, a sixth of it for each party of 1–2 ahead.
    expect(suggestQuote(empty, waiting([2, 1, 2, 2]), 2, NOW)).toEqual({
      minutes: 15,
      basis: { kind: 'default', ahead: 4 },
    });
    expect(suggestQuote(empty, waiting([2, 1, 2, 2, 2, 2, 2, 2]), 2, NOW)).toEqual({
      minutes: 25,
      basis: { kind: 'default', ahead: 8 },
    });
    // Larger parties ahead wait for other tables: the usual quote for a couple.
    expect(suggestQuote(empty, waiting([6, 6, 6, 6, 6, 6, 6, 6]), 2, NOW).minutes).toBe(15);
  });

  test('with no history, tonight’s first seatings move the usual quote to the waits the venue really has', () => {
    const empty = learnQuoteModel([]);
    // Three couples seated after 4 minutes each, earlier tonight.
    const seated: KnownParty[] = [60, 40, 20].map((ago, rank) => ({
      joinedAt: NOW - ago * MINUTE,
      size: 2,
      quotedMinutes: 15,
      outcome: 'seated',
      endedAt: NOW - (ago - 4) * MINUTE,
      rank,
    }));
    expect(suggestQuote(empty, [], 2, NOW).minutes).toBe(15);
    expect(suggestQuote(empty, seated, 2, NOW)).toEqual({ minutes: 6, basis: { kind: 'default', ahead: 0 } });
    // A long line still lengthens it, as the defaults say.
    const line = waiting([2, 2, 2, 2, 2, 2, 2, 2]).map((p) => ({ ...p, rank: p.rank + 3 }));
    expect(suggestQuote(empty, [...seated, ...line], 2, NOW).minutes).toBe(25);
  });

  test('learned from the venue, the wait grows with the line, and the basis says who is ahead', () => {
    const short = suggestQuote(model, waiting([2]), 2, NOW);
    const long = suggestQuote(model, waiting([2, 4, 2, 2, 2, 6, 2, 2]), 2, NOW);
    expect(long.minutes).toBeGreaterThan(short.minutes + 10);
    expect(long.basis).toMatchObject({ kind: 'estimate', ahead: 6, sizeClass: 0 });
    expect(long.basis.kind === 'estimate' && long.basis.turnMinutes).toBeGreaterThanOrEqual(1);
  });

  test('never shorter with one more party in line (any sizes, any night so far)', () => {
    const night = simulateVenue(bistro, 1, 5).filter((p) => new Date(p.joinedAt).getUTCDate() === 7);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: night.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 25 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        (cut, sizes, extra, size) => {
          const now = night[cut]!.joinedAt;
          const tonight = [
            ...knownAt(night.slice(0, cut), now),
            ...waiting(sizes, now).map((p) => ({ ...p, rank: p.rank + cut })),
          ];
          const before = suggestQuote(model, tonight, size, now).minutes;
          // The extra party may have joined at any time tonight: it was on the list before some who were seated.
          const joinedAt = night[Math.floor(cut / 2)]?.joinedAt ?? now;
          const more = [
            ...tonight,
            { joinedAt, size: extra, quotedMinutes: null, outcome: null, endedAt: null, rank: -1 },
          ];
          expect(suggestQuote(model, more, size, now).minutes).toBeGreaterThanOrEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a party who joined after now, or a seating after now, changes nothing (only what is known counts)', () => {
    const night = simulateVenue(bistro, 1, 3).slice(0, 40);
    const now = night[25]!.joinedAt;
    const known = knownAt(night.slice(0, 25), now);
    const leaked = night.slice(0, 25).map((p, rank) => ({
      joinedAt: p.joinedAt,
      size: p.size,
      quotedMinutes: p.quotedMinutes,
      outcome: p.outcome,
      endedAt: p.seatedAt ?? p.leftAt,
      rank,
    }));
    const future = knownAt(night, night[39]!.joinedAt).filter((p) => p.joinedAt > now);
    const cleaned = leaked.map((p) => (p.endedAt! > now ? { ...p, outcome: null, endedAt: null } : p));
    expect(suggestQuote(model, [...cleaned, ...future], 4, now)).toEqual(suggestQuote(model, known, 4, now));
  });

  test('the last night learned counts only once none of its parties is still on the list', () => {
    const lastNight = nightOf(lastJoin, bistro.utcOffsetMinutes);
    // The same history, but the last night's waits all two hours longer.
    const slower = learnQuoteModel(
      history.map((p) =>
        nightOf(p.joinedAt, p.utcOffsetMinutes) === lastNight && p.seatedAt !== null
          ? { ...p, seatedAt: p.seatedAt + 120 * MINUTE }
          : p,
      ),
    );
    const board = waiting([2, 2, 4, 2, 2, 2, 2, 2, 2, 2]);
    // That night over: it counts.
    expect(suggestQuote(slower, board, 2, NOW).minutes).not.toBe(suggestQuote(model, board, 2, NOW).minutes);
    // A party of that night still waiting (kept on the board overnight): the night is not over, it is left aside.
    const stayed = [{ ...board[0]!, joinedAt: lastJoin }, ...board.slice(1)];
    expect(suggestQuote(slower, stayed, 2, NOW)).toEqual(suggestQuote(model, stayed, 2, NOW));
  });

  test('a model updated party by party is the model learned at once', () => {
    const shuffled = [...history].sort((a, b) => (a.seatedAt ?? a.leftAt!) - (b.seatedAt ?? b.leftAt!));
    const incremental = shuffled.reduce(addToModel, learnQuoteModel([]));
    const board = waiting([2, 4, 4, 6, 2, 8]);
    for (const size of [1, 2, 3, 4, 5, 6, 7, 10])
      expect(suggestQuote(incremental, board, size, NOW)).toEqual(suggestQuote(model, board, size, NOW));
    expect(incremental.learnedFrom).toBe(history.length);
  });

  test('expected wait: what has passed plus what is left behind the parties still ahead', () => {
    const board = waiting([2, 2, 2, 2, 2]);
    const last = board[4]!;
    const early = expectedWait(model, board, last, NOW);
    const later = expectedWait(model, board.slice(2), last, NOW + 30 * MINUTE);
    expect(early).toBeGreaterThanOrEqual(suggestQuote(model, board.slice(0, 4), 2, NOW).minutes - 1);
    expect(later).toBeGreaterThanOrEqual(31);
    // Without history: at least the default, at least what has passed.
    const empty = learnQuoteModel([]);
    expect(expectedWait(empty, board, last, NOW)).toBe(DEFAULT_QUOTES[0]);
    expect(expectedWait(empty, board, last, NOW + 40 * MINUTE)).toBe(41);
  });
});

describe('backtest', () => {
  test('cutting the file at a party’s join time does not change what was suggested to it', () => {
    const rows = simulateVenue(VENUES[3]!, 2, 8);
    const full = backtestSuggestions(rows);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rows.length - 1 }), (i) => {
        const at = rows[i]!.joinedAt;
        // Rows joined by then, each as known then: later seatings or departures not yet written.
        const cut = rows.slice(0, i + 1).map((p) => {
          const end = p.seatedAt ?? p.leftAt!;
          return end <= at ? p : { ...p, seatedAt: end, leftAt: null, outcome: 'seated' as const };
        });
        expect(backtestSuggestions(cut)[i]).toBe(full[i]);
      }),
      { numRuns: 40 },
    );
  });

  // Every venue, and the bistro moved to UTC−8 but written with Z (offset 0): its 4 am cut then falls at 8 pm, mid-service.
  const causalFiles = [
    ...VENUES.map((v, i) => ({ name: v.name, rows: simulateVenue(v, 2, 20 + i) })),
    {
      name: 'bistro at UTC−8 written in UTC',
      rows: simulateVenue({ ...bistro, utcOffsetMinutes: -480 }, 2, 31).map((p) => ({ ...p, utcOffsetMinutes: 0 })),
    },
  ];
  test.each(causalFiles.map((f) => [f.name, f.rows] as const))(
    'on a %s, rewriting what had not happened yet when a party joined does not change its suggestion',
    (_name, rows) => {
      const full = backtestSuggestions(rows);
      // Mostly parties who joined soon after a night's cut (a new night with others of the last still waiting): where a leak would show.
      const afterCut = rows.flatMap((p, i) =>
        i > 0 && nightOf(p.joinedAt, p.utcOffsetMinutes) > nightOf(rows[i - 1]!.joinedAt, p.utcOffsetMinutes)
          ? [i, i + 1, i + 2, i + 5].filter((j) => j < rows.length)
          : [],
      );
      const pickRow = fc.oneof(fc.constantFrom(...afterCut), fc.integer({ min: 0, max: rows.length - 1 }));
      fc.assert(
        fc.property(pickRow, fc.integer(), (i, seed) => {
          const at = rows[i]!.joinedAt;
          const rng = randomSource(seed);
          // Parties still on the list at `at` (whatever their night) and those joining after: another end, later or not, another outcome.
          const rewritten = rows.map((p, j): PastParty => {
            const end = p.seatedAt ?? p.leftAt!;
            if (end <= at && j <= i) return p;
            const newEnd = Math.max(end, at) + Math.round((rng.next() * 180 - 60) * MINUTE);
            const later = Math.max(newEnd, p.joinedAt, at + 1);
            const outcome = (['seated', 'no_show', 'removed'] as const)[rng.pick([3, 1, 1])]!;
            return outcome === 'seated'
              ? { ...p, outcome, seatedAt: later, leftAt: null }
              : { ...p, outcome, seatedAt: null, leftAt: later };
          });
          expect(backtestSuggestions(rewritten)[i]).toBe(full[i]);
        }),
        { numRuns: 60 },
      );
    },
  );

  test.each(VENUES.map((v, i) => [v.name, v, i] as const))(
    'on a %s, Waitbell beats both baselines by a wide margin',
    (_name, venue, i) => {
      const rows = simulateVenue(venue, 6, 100 + i);
      const mae = (q: (number | null)[]) => scoreQuotes(rows, q).meanAbsoluteError;
      const best = Math.min(mae(lastThirtySeated(rows)), mae(sameSizeSlot(rows)));
      expect(mae(backtestSuggestions(rows))).toBeLessThan(0.9 * best);
    },
  );

  const ratioOf = (rows: PastParty[]) => {
    const mae = (q: (number | null)[]) => scoreQuotes(rows, q).meanAbsoluteError;
    return mae(backtestSuggestions(rows)) / Math.min(mae(lastThirtySeated(rows)), mae(sameSizeSlot(rows)));
  };

  // Venues nobody chose, drawn at random, none of them among the seeds the estimator was tuned on; the bench runs 30.
  test('on 8 venues drawn at random, Waitbell is within 0.8× the better baseline at the worst', () => {
    const ratios = [1001, 1003, 1005, 1007, 1009, 1011, 1013, 1015].map((seed) =>
      ratioOf(simulateVenue(randomVenue(seed), 8, seed)),
    );
    expect(Math.max(...ratios)).toBeLessThanOrEqual(0.8); // measured 0.68 (a venue of 186 seated parties in 8 weeks)
  });

  test('on a venue whose line runs past 40 couples, quotes stay near the real waits', () => {
    // Up to 4 hours of waiting, a hundred on the list at a time: more ahead than the history counts.
    expect(ratioOf(simulateVenue(randomVenue(2122), 2, 2122))).toBeLessThan(0.6);
  });
});
