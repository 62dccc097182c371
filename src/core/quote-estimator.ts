import type { KnownParty, PastParty } from './quote-history.ts';

/** Party sizes that compete for the same tables, smallest first; the last has no upper bound. */
export const SIZE_CLASSES = [
  { min: 1, max: 2 },
  { min: 3, max: 4 },
  { min: 5, max: 6 },
  { min: 7, max: Infinity },
] as const;

/** The venue's quote per size class when there is no history to go on (a setting). */
export type DefaultQuotes = readonly [number, number, number, number];
export const DEFAULT_QUOTES: DefaultQuotes = [15, 20, 30, 40];

/** Which of SIZE_CLASSES a party size is in. */
export const sizeClassOf = (size: number): number => SIZE_CLASSES.findIndex((c) => size <= c.max);

/** Why the estimator suggests what it does, for the one line the host reads under the suggestion. */
export type QuoteBasis =
  /** Not enough history for this size: the venue's default quote. */
  | { kind: 'default'; ahead: number }
  /** From history and tonight: `ahead` parties of the same size class before this one, a table of that class freeing every `turnMinutes`. */
  | { kind: 'estimate'; ahead: number; sizeClass: number; turnMinutes: number };

export interface Suggestion {
  /** Whole minutes, ≥ 0. */
  minutes: number;
  basis: QuoteBasis;
}

/** What earlier nights teach; learned once, updated as parties finish. Opaque to callers. */
export interface QuoteModel {
  readonly learnedFrom: number;
}

/** Learns from finished parties of earlier nights. */
export function learnQuoteModel(history: readonly PastParty[]): QuoteModel {
  return { learnedFrom: history.length };
}

/** Adds one more finished party to a model (cheap: no relearning of the rest). */
export function addToModel(model: QuoteModel, party: PastParty): QuoteModel {
  void party;
  return { learnedFrom: model.learnedFrom + 1 };
}

/**
 * The wait to quote a party of `size` joining now, from what is known at `now` only: the model
 * (earlier nights), and tonight's parties (on the list, or gone, as of `now`).
 */
export function suggestQuote(
  model: QuoteModel,
  tonight: readonly KnownParty[],
  size: number,
  now: number,
  defaults: DefaultQuotes = DEFAULT_QUOTES,
): Suggestion {
  void model;
  void now;
  const sizeClass = sizeClassOf(size);
  const ahead = tonight.filter((p) => p.outcome === null && sizeClassOf(p.size) === sizeClass).length;
  return { minutes: defaults[sizeClass] ?? DEFAULT_QUOTES[3], basis: { kind: 'default', ahead } };
}

/**
 * The total wait (minutes since it joined) now expected for `party`, which is on the list in
 * `tonight`: for the "quote likely short" prompt.
 */
export function expectedWait(
  model: QuoteModel,
  tonight: readonly KnownParty[],
  party: KnownParty,
  now: number,
  defaults: DefaultQuotes = DEFAULT_QUOTES,
): number {
  const ahead = tonight.filter((p) => p.outcome === null && p.rank < party.rank);
  const base = suggestQuote(model, ahead, party.size, now, defaults).minutes;
  return Math.max(base, Math.round((now - party.joinedAt) / 60_000));
}
