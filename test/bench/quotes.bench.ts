import { expect, test } from 'vitest';
import { backtestSuggestions, knownAt, scoreQuotes } from '../../src/core/backtest.ts';
import { learnQuoteModel, suggestQuote } from '../../src/core/quote-estimator.ts';
import type { PastParty } from '../../src/core/quote-history.ts';
import { lastThirtySeated, sameSizeSlot } from '../quotes/baselines.ts';
import { randomVenue, simulateVenue, VENUES } from '../quotes/restaurant-sim.ts';
import { measure, report } from './stats.ts';

const WEEKS = 8;
const HISTORY = 100_000;
const WAITING = 60;

test('quotes: Waitbell against the host and the two baselines, on every simulated venue', () => {
  const lines: string[] = [];
  const ratios: number[] = [];
  for (const [i, venue] of VENUES.entries()) {
    const rows = simulateVenue(venue, WEEKS, 1_000 + i);
    const mae = (quotes: readonly (number | null)[]) => scoreQuotes(rows, quotes).meanAbsoluteError;
    const host = mae(rows.map((p) => p.quotedMinutes));
    const last30 = mae(lastThirtySeated(rows));
    const slot = mae(sameSizeSlot(rows));
    const waitbell = mae(backtestSuggestions(rows));
    const ratio = waitbell / Math.min(last30, slot);
    ratios.push(ratio);
    const cell = (n: number) => n.toFixed(1).padStart(9);
    lines.push(
      `  ${venue.name.padEnd(20)} ${String(rows.length).padStart(6)} ${cell(host)} ${cell(last30)} ${cell(slot)} ${cell(waitbell)} ${ratio.toFixed(2).padStart(8)}`,
    );
  }
  console.log(
    `\nQuotes backtest, ${WEEKS} weeks per venue: mean absolute error against the real wait of seated parties (minutes)\n` +
      `  ${'venue'.padEnd(20)} ${'rows'.padStart(6)} ${'host'.padStart(9)} ${'last 30'.padStart(9)} ${'slot'.padStart(9)} ${'Waitbell'.padStart(9)} ${'÷ best'.padStart(8)}\n` +
      `${lines.join('\n')}\n  goal: Waitbell ÷ the better baseline ≤ 0.80 on every venue\n`,
  );
  expect(Math.max(...ratios)).toBeLessThanOrEqual(0.8);
});

// Venues nobody chose: drawn at random from wide ranges of every parameter; the worst one is the figure that counts.
// The estimator's constants were chosen on seeds 2001–2200: these are held out.
const HELD_OUT = Array.from({ length: 30 }, (_, i) => 1_001 + i);

test('quotes: Waitbell against the better baseline on 30 venues drawn at random (held out)', () => {
  const ratios: { seed: number; rows: number; ratio: number }[] = [];
  for (const seed of HELD_OUT) {
    const rows = simulateVenue(randomVenue(seed), WEEKS, seed);
    const mae = (quotes: readonly (number | null)[]) => scoreQuotes(rows, quotes).meanAbsoluteError;
    const best = Math.min(mae(lastThirtySeated(rows)), mae(sameSizeSlot(rows)));
    ratios.push({ seed, rows: rows.length, ratio: mae(backtestSuggestions(rows)) / best });
  }
  const sorted = [...ratios].sort((a, b) => a.ratio - b.ratio);
  const at = (r: (typeof sorted)[number]) => `${r.ratio.toFixed(2)} (venue ${r.seed}, ${r.rows} rows)`;
  console.log(
    `\nQuotes backtest on ${HELD_OUT.length} random venues, ${WEEKS} weeks each: Waitbell ÷ the better of last 30 and slot × size\n` +
      `  worst  ${at(sorted[sorted.length - 1]!)}\n  median ${at(sorted[Math.floor(sorted.length / 2)]!)}\n  best   ${at(sorted[0]!)}\n` +
      `  goal: ≤ 0.80 on every venue; venues above it: ${sorted.filter((r) => r.ratio > 0.8).length}\n`,
  );
});

test('quotes: the estimator with 100,000 parties of history and 60 waiting', async () => {
  // A big family place's history, as many weeks as 100,000 parties take.
  const all = simulateVenue(VENUES[2]!, 260, 77);
  const history = all.slice(0, HISTORY);
  expect(history).toHaveLength(HISTORY);
  const learn = await measure(10, async () => learnQuoteModel(history), 2);
  const model = learnQuoteModel(history);

  // Tonight: a busy night so far (seated, gone) and 60 on the list, two days after the history ends.
  const tonightStart = history[HISTORY - 1]!.joinedAt + 2 * 86_400_000;
  const night: PastParty[] = all.slice(HISTORY, HISTORY + 200).map((p, i) => {
    const shift = tonightStart + i * 60_000 - p.joinedAt;
    return {
      ...p,
      joinedAt: p.joinedAt + shift,
      seatedAt: p.seatedAt && p.seatedAt + shift,
      leftAt: p.leftAt && p.leftAt + shift,
    };
  });
  const now = night[night.length - 1]!.joinedAt + 60_000;
  const tonight = knownAt(night, now).map((p, i) =>
    i >= night.length - WAITING ? { ...p, outcome: null, endedAt: null } : p,
  );
  expect(tonight.filter((p) => p.outcome === null).length).toBeGreaterThanOrEqual(WAITING);
  const suggest = await measure(2_000, async (i) => suggestQuote(model, tonight, 1 + (Math.abs(i) % 8), now), 50);

  // Chromium's timer ticks every 0.1 ms: a batch of 1,000 gives the time of one below that.
  const batch = performance.now();
  for (let i = 0; i < 1_000; i++) suggestQuote(model, tonight, 1 + (i % 8), now);
  const perCallMs = (performance.now() - batch) / 1_000;

  // The whole backtest of 100,000 rows, as the CLI runs it.
  const started = performance.now();
  backtestSuggestions(history);
  const backtestMs = performance.now() - started;

  report('Quote estimator (Chromium)', {
    'learnQuoteModel over 100,000 parties': learn,
    'suggestQuote: model of 100,000, 200 tonight, 60 waiting': suggest,
  });
  console.log(`  suggestQuote, mean of 1,000 in a row: ${(perCallMs * 1000).toFixed(0)} µs each`);
  console.log(`  backtest of 100,000 rows: ${(backtestMs / 1000).toFixed(1)} s\n`);
  expect(suggest.median).toBeLessThanOrEqual(5);
});
