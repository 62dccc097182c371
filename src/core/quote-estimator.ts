import type { KnownParty, PastParty } from './quote-history.ts';
import {
  addNight,
  classOf,
  CLASS_COUNT,
  emptyStats,
  FEATURES,
  MAX_AHEAD,
  nightOf,
  solveClass,
  sumStats,
  type ClassStats,
} from './quote-model.ts';

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
export const sizeClassOf = (size: number): number => classOf(size);

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

/** What a QuoteModel holds: statistics of whole nights, and the parties of the latest night seen, kept apart until it is over. */
interface Model extends QuoteModel {
  readonly folded: readonly ClassStats[];
  readonly night: number | null;
  readonly latest: readonly PastParty[];
  readonly utcOffsetMinutes: number;
  /** The folded statistics plus the latest night's, worked out once when a later night first asks. */
  withLatest?: readonly ClassStats[];
}

const MINUTE = 60_000;
/** Seated parties of a class before its estimate is trusted halfway over the venue's default (the ridge already leans on the defaults). */
const TRUST_PARTIES = 1;
/** How strongly the learned minutes are pulled towards the prior (in parties' worth of evidence). */
const RIDGE = 10;
/** Tonight's residuals: how fast an old seating stops counting, how many are looked at, how much one counts. */
const TONIGHT_HALF_LIFE_MINUTES = 45;
const TONIGHT_RECENT = 30;
const TONIGHT_SHRINK = 4;

/** A model as callers see it (opaque). */
const opaque = (m: Model): QuoteModel => m;

const modelOf = (m: QuoteModel): Model =>
  'folded' in m ? (m as Model) : { learnedFrom: 0, folded: emptyStats(), night: null, latest: [], utcOffsetMinutes: 0 };

/** Learns from finished parties of earlier nights (any order). */
export function learnQuoteModel(history: readonly PastParty[]): QuoteModel {
  if (history.length === 0) return modelOf({ learnedFrom: 0 });
  const byNight = new Map<number, PastParty[]>();
  for (const p of history) {
    const night = nightOf(p.joinedAt, p.utcOffsetMinutes);
    const list = byNight.get(night);
    if (list) list.push(p);
    else byNight.set(night, [p]);
  }
  const nights = [...byNight.keys()].sort((a, b) => a - b);
  const last = nights.pop()!;
  let folded: ClassStats[] = emptyStats();
  for (const night of nights) folded = addNight(folded, byNight.get(night)!);
  const latest = byNight.get(last)!;
  return opaque({
    learnedFrom: history.length,
    folded,
    night: last,
    latest,
    utcOffsetMinutes: latest[latest.length - 1]!.utcOffsetMinutes,
  });
}

/**
 * Adds one more finished party to a model (cheap: no relearning of the rest). Parties of the
 * latest night wait aside until a later night's first party arrives (who was ahead of whom is
 * only known once the night is whole); a party of a night already folded in (one finishing
 * after a later night's first) is counted but not learned from.
 */
export function addToModel(model: QuoteModel, party: PastParty): QuoteModel {
  const m = modelOf(model);
  const night = nightOf(party.joinedAt, party.utcOffsetMinutes);
  const base = { learnedFrom: m.learnedFrom + 1, utcOffsetMinutes: party.utcOffsetMinutes };
  if (m.night === null || night > m.night)
    return opaque({ ...base, folded: m.night === null ? m.folded : latestFolded(m), night, latest: [party] });
  if (night === m.night) return opaque({ ...base, folded: m.folded, night, latest: [...m.latest, party] });
  return opaque({ ...base, folded: m.folded, night: m.night, latest: m.latest });
}

function latestFolded(m: Model): readonly ClassStats[] {
  m.withLatest ??= m.latest.length > 0 ? sumStats(m.folded, addNight(emptyStats(), m.latest)) : m.folded;
  return m.withLatest;
}

/**
 * The statistics of the nights before `now`'s night. The latest night the model holds counts only
 * once it is over: `now` is in a later night and none of its parties (or an earlier night's) is
 * still on the list in `tonight`; until then it stays aside, unused.
 */
function historyAt(m: Model, now: number, tonight: readonly KnownParty[]): readonly ClassStats[] {
  if (m.night === null || m.night >= nightOf(now, m.utcOffsetMinutes)) return m.folded;
  for (const p of tonight)
    if (p.outcome === null && nightOf(p.joinedAt, m.utcOffsetMinutes) <= m.night) return m.folded;
  return latestFolded(m);
}

/** Minutes per party ahead of each class, and the base, for a class: the venue's defaults as the prior. */
function coefficients(stats: ClassStats, sizeClass: number, defaults: DefaultQuotes): number[] {
  return solveClass(stats, priorOf(sizeClass, defaults), RIDGE);
}

/** What the venue's defaults alone say: a party first in line waits a third of the default, each party of its own size ahead a sixth. */
function priorOf(sizeClass: number, defaults: DefaultQuotes): number[] {
  const d = defaults[sizeClass] ?? DEFAULT_QUOTES[3];
  return Array.from({ length: FEATURES }, (_, i) => (i === 0 ? d / 3 : i === sizeClass + 1 ? d / 6 : 0));
}

const predict = (theta: readonly number[], ahead: readonly number[]) =>
  ahead.reduce((sum, a, c) => sum + theta[c + 1]! * a, theta[0]!);

/** Counts ahead as the model learned them: beyond MAX_AHEAD of a class, the history says nothing. */
function capped(ahead: number[]): number[] {
  for (let c = 0; c < ahead.length; c++) ahead[c] = Math.min(MAX_AHEAD, ahead[c]!);
  return ahead;
}

/** Parties of each class on the list at `now` and ahead of `rank` (all of them for a party joining now). */
function aheadOf(tonight: readonly KnownParty[], rank: number): number[] {
  const ahead = Array<number>(CLASS_COUNT).fill(0);
  for (const p of tonight) if (p.outcome === null && p.rank < rank) ahead[classOf(p.size)]! += 1;
  return capped(ahead);
}

/**
 * How tonight runs against the model for one class, in minutes: the recent same-class seatings'
 * errors (each against who was ahead of it when it joined), the newer the weightier, shrunk to 0
 * when there are few. Only the same class, so one more party in line never lowers a suggestion.
 */
function tonightCorrection(
  tonight: readonly KnownParty[],
  sizeClass: number,
  theta: readonly number[],
  now: number,
): number {
  const seated = tonight
    .filter((p) => p.outcome === 'seated' && p.endedAt !== null && p.endedAt <= now && classOf(p.size) === sizeClass)
    .sort((a, b) => b.endedAt! - a.endedAt!)
    .slice(0, TONIGHT_RECENT);
  let weighted = 0;
  let weights = 0;
  for (const p of seated) {
    const ahead = Array<number>(CLASS_COUNT).fill(0);
    for (const q of tonight)
      if (
        (q.joinedAt < p.joinedAt || (q.joinedAt === p.joinedAt && q.rank < p.rank)) &&
        (q.endedAt === null || q.endedAt > p.joinedAt)
      )
        ahead[classOf(q.size)]! += 1;
    capped(ahead);
    const w = 0.5 ** ((now - p.endedAt!) / MINUTE / TONIGHT_HALF_LIFE_MINUTES);
    weighted += w * ((p.endedAt! - p.joinedAt) / MINUTE - predict(theta, ahead));
    weights += w;
  }
  return weighted / (weights + TONIGHT_SHRINK);
}

interface Estimate {
  /** The model's minutes (with tonight's correction) and how much it is trusted over the default. */
  model: number;
  trust: number;
  theta: number[];
  ahead: number[];
  defaultMinutes: number;
}

function estimate(
  m: Model,
  tonight: readonly KnownParty[],
  size: number,
  rank: number,
  now: number,
  defaults: DefaultQuotes,
): Estimate {
  const sizeClass = classOf(size);
  const stats = historyAt(m, now, tonight)[sizeClass]!;
  const theta = coefficients(stats, sizeClass, defaults);
  const ahead = aheadOf(tonight, rank);
  const model = predict(theta, ahead) + tonightCorrection(tonight, sizeClass, theta, now);
  return {
    model,
    trust: stats.n / (stats.n + TRUST_PARTIES),
    theta,
    ahead,
    defaultMinutes: defaults[sizeClass] ?? DEFAULT_QUOTES[3],
  };
}

/** How many of tonight's latest seatings weigh as much as the venue's usual quote. */
const USUAL_WEIGHT = 0.5;

/**
 * The venue's usual quote, moved to tonight's waits (any size: on a first night they are all there
 * is; the newer the weightier) as soon as one is seated: a venue seating in 5 minutes is not quoted 15 all night.
 */
function usual(tonight: readonly KnownParty[], now: number, defaultMinutes: number): number {
  let waited = USUAL_WEIGHT * defaultMinutes;
  let weights = USUAL_WEIGHT;
  for (const p of tonight) {
    if (p.outcome !== 'seated' || p.endedAt === null || p.endedAt > now) continue;
    const w = 0.5 ** ((now - p.endedAt) / MINUTE / TONIGHT_HALF_LIFE_MINUTES);
    waited += (w * (p.endedAt - p.joinedAt)) / MINUTE;
    weights += w;
  }
  return waited / weights;
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
  const sizeClass = classOf(size);
  const known = tonight.filter((p) => p.joinedAt <= now);
  const e = estimate(modelOf(model), known, size, Infinity, now, defaults);
  // Without history: the usual quote, or longer when the defaults say the line ahead takes longer.
  const fallback = Math.max(usual(known, now, e.defaultMinutes), predict(priorOf(sizeClass, defaults), e.ahead));
  const minutes = Math.max(0, Math.round(e.trust * e.model + (1 - e.trust) * fallback));
  const ahead = e.ahead[sizeClass]!;
  if (e.trust < 0.5) return { minutes, basis: { kind: 'default', ahead } };
  const turnMinutes = Math.max(1, Math.round(e.theta[sizeClass + 1]!));
  return { minutes, basis: { kind: 'estimate', ahead, sizeClass, turnMinutes } };
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
  const elapsed = Math.max(0, (now - party.joinedAt) / MINUTE);
  const known = tonight.filter((p) => p.joinedAt <= now);
  const e = estimate(modelOf(model), known, party.size, party.rank, now, defaults);
  // Without history, only the usual quote is known: the wait is at least that, and at least what has passed.
  const left =
    e.trust * Math.max(0, e.model) + (1 - e.trust) * Math.max(0, usual(known, now, e.defaultMinutes) - elapsed);
  return Math.round(elapsed + left);
}

/** The version of `serializeQuoteModel`'s JSON; a reader of another version relearns instead. */
const SERIALIZED_VERSION = 1;

/** A model as plain JSON (`{v: 1, …}`), for the venue server to store and the tablets to read back with `readQuoteModel`. */
export function serializeQuoteModel(model: QuoteModel): unknown {
  const m = modelOf(model);
  return {
    v: SERIALIZED_VERSION,
    learnedFrom: m.learnedFrom,
    folded: m.folded.map((s) => ({ xtx: [...s.xtx], xty: [...s.xty], n: s.n })),
    night: m.night,
    latest: m.latest.map((p) => ({ ...p })),
    utcOffsetMinutes: m.utcOffsetMinutes,
  };
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumbers = (x: unknown, length: number): x is number[] =>
  Array.isArray(x) && x.length === length && x.every(isFiniteNumber);
const isMoment = (x: unknown) => x === null || isFiniteNumber(x);

function isPastParty(x: unknown): x is PastParty {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return (
    isFiniteNumber(p.joinedAt) &&
    isFiniteNumber(p.utcOffsetMinutes) &&
    isFiniteNumber(p.size) &&
    isMoment(p.quotedMinutes) &&
    isMoment(p.seatedAt) &&
    isMoment(p.leftAt) &&
    (p.outcome === 'seated' || p.outcome === 'no_show' || p.outcome === 'removed')
  );
}

/** A model from `serializeQuoteModel`'s JSON; null for anything else (another version, or a shape of other statistics): relearn then. */
export function readQuoteModel(json: unknown): QuoteModel | null {
  if (typeof json !== 'object' || json === null) return null;
  const j = json as Record<string, unknown>;
  if (j.v !== SERIALIZED_VERSION || !isFiniteNumber(j.learnedFrom) || !isFiniteNumber(j.utcOffsetMinutes)) return null;
  if (!(j.night === null || isFiniteNumber(j.night)) || !Array.isArray(j.latest) || !j.latest.every(isPastParty))
    return null;
  const shape = emptyStats();
  if (!Array.isArray(j.folded) || j.folded.length !== shape.length) return null;
  const folded: ClassStats[] = [];
  for (const [c, s] of (j.folded as unknown[]).entries()) {
    const stats = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    if (!isNumbers(stats.xtx, shape[c]!.xtx.length) || !isNumbers(stats.xty, shape[c]!.xty.length)) return null;
    if (!isFiniteNumber(stats.n)) return null;
    folded.push({ xtx: stats.xtx, xty: stats.xty, n: stats.n });
  }
  return opaque({
    learnedFrom: j.learnedFrom,
    folded,
    night: j.night,
    latest: j.latest,
    utcOffsetMinutes: j.utcOffsetMinutes,
  });
}
