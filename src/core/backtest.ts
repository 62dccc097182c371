import {
  addToModel,
  DEFAULT_QUOTES,
  learnQuoteModel,
  suggestQuote,
  type DefaultQuotes,
  type QuoteModel,
} from './quote-estimator.ts';
import type { KnownParty, PastParty } from './quote-history.ts';
import { nightOf } from './quote-model.ts';

/** How a way of quoting did against the real waits of seated parties. */
export interface QuoteScore {
  /** Seated parties it quoted. */
  count: number;
  /** Mean absolute error, minutes. */
  meanAbsoluteError: number;
  /** Mean of (real wait − quote), minutes: positive when guests waited longer than quoted. */
  bias: number;
  /** Share (0–1) of those parties seated within their quote. */
  withinQuote: number;
}

export interface BacktestSummary {
  parties: number;
  seated: number;
  /** The host's quotes and Waitbell's suggestions on the same parties: those seated with a host quote. */
  host: QuoteScore;
  waitbell: QuoteScore;
  /** Waitbell's suggestions on every seated party (quoted by the host or not). */
  waitbellAllSeated: QuoteScore;
}

/** Quotes a party from what was known when it joined: the parties of its night before it, as of then. */
export type Quoter = (tonight: readonly KnownParty[], party: PastParty, history: () => QuoteModel) => number;

const MINUTE = 60_000;

/** The order parties joined in (ties in file order): indexes into `rows`. */
export const joinOrder = (rows: readonly PastParty[]): number[] =>
  rows.map((_, i) => i).sort((a, b) => rows[a]!.joinedAt - rows[b]!.joinedAt || a - b);

/** Tonight's parties as known at `now`: joined by then, and gone only if gone by then. */
export function knownAt(night: readonly PastParty[], now: number): KnownParty[] {
  return night.map((p, rank) => {
    const end = p.seatedAt ?? p.leftAt;
    const gone = end !== null && end <= now;
    return {
      joinedAt: p.joinedAt,
      size: p.size,
      quotedMinutes: p.quotedMinutes,
      outcome: gone ? p.outcome : null,
      endedAt: gone ? end : null,
      rank,
    };
  });
}

/** When a party left the list (seated, no-show, removed); Infinity if the file never says. */
const endOf = (p: PastParty): number => p.seatedAt ?? p.leftAt ?? Infinity;

/**
 * Replays `rows` in join order and returns, for each row (in the file's order), what `quote`
 * said when it joined, knowing only what was known at that moment: earlier nights whose every
 * party had left the list by then (a model updated night by night, oldest first; a night with a
 * party still waiting stays out of it), and the parties on the list or gone earlier tonight, as of
 * then — a party of an earlier night still waiting counts as ahead, as it is on the board.
 */
export function replay(rows: readonly PastParty[], quote: Quoter): number[] {
  const order = joinOrder(rows);
  const quotes = Array<number>(rows.length).fill(0);
  let model = learnQuoteModel([]);
  /** Earlier nights not yet in the model, oldest first, with the last moment one of their parties left. */
  const pending: { parties: PastParty[]; lastEnd: number }[] = [];
  let night: PastParty[] = [];
  let nightIndex: number | null = null;
  for (const i of order) {
    const p = rows[i]!;
    const now = p.joinedAt;
    const n = nightOf(now, p.utcOffsetMinutes);
    if (n !== nightIndex) {
      if (night.length > 0) pending.push({ parties: night, lastEnd: Math.max(...night.map(endOf)) });
      night = [];
      nightIndex = n;
    }
    while (pending.length > 0 && pending[0]!.lastEnd <= now)
      for (const done of pending.shift()!.parties) model = addToModel(model, done);
    const stillWaiting = pending.flatMap((w) => w.parties.filter((q) => endOf(q) > now));
    const current = model;
    quotes[i] = quote(knownAt([...stillWaiting, ...night], now), p, () => current);
    night.push(p);
  }
  return quotes;
}

/** Waitbell's suggestion for each row, as the app would have made it when the party joined. */
export function backtestSuggestions(rows: readonly PastParty[], defaults: DefaultQuotes = DEFAULT_QUOTES): number[] {
  return replay(rows, (tonight, p, history) => suggestQuote(history(), tonight, p.size, p.joinedAt, defaults).minutes);
}

/** How `quotes` (one per row, null for none) did against the real waits of seated rows. */
export function scoreQuotes(rows: readonly PastParty[], quotes: readonly (number | null)[]): QuoteScore {
  let count = 0;
  let absolute = 0;
  let signed = 0;
  let within = 0;
  rows.forEach((p, i) => {
    const quote = quotes[i];
    if (p.outcome !== 'seated' || p.seatedAt === null || quote === null || quote === undefined) return;
    const wait = (p.seatedAt - p.joinedAt) / MINUTE;
    count += 1;
    absolute += Math.abs(wait - quote);
    signed += wait - quote;
    if (wait <= quote) within += 1;
  });
  const mean = (v: number) => (count > 0 ? v / count : NaN);
  return { count, meanAbsoluteError: mean(absolute), bias: mean(signed), withinQuote: mean(within) };
}

/** The host's quotes and Waitbell's suggestions scored side by side, on the same parties (seated, with a host quote). */
export function summarize(rows: readonly PastParty[], suggestions: readonly number[]): BacktestSummary {
  const hostQuotes = rows.map((p) => p.quotedMinutes);
  return {
    parties: rows.length,
    seated: rows.filter((p) => p.outcome === 'seated').length,
    host: scoreQuotes(rows, hostQuotes),
    waitbell: scoreQuotes(
      rows,
      suggestions.map((s, i) => (hostQuotes[i] === null ? null : s)),
    ),
    waitbellAllSeated: scoreQuotes(rows, suggestions),
  };
}
