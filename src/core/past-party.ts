import type { Party, PartyStatus } from './party.ts';
import type { KnownParty, Outcome, PastParty } from './quote-history.ts';

/** How long the anonymous copies of finished parties are kept for quotes: about 13 months (a year back, plus a month). */
export const QUOTE_HISTORY_RETENTION_MS = 395 * 24 * 60 * 60 * 1000;

/** How a finished party's evening ended; null while it is on the board. */
const outcomeOf = (status: PartyStatus): Outcome | null =>
  status === 'seated' || status === 'no_show' || status === 'removed' ? status : null;

/** A finished party's anonymous copy for quotes (no name, note or contact); null while it is on the board. */
export function pastPartyOf(party: Party, utcOffsetMinutes: number): PastParty | null {
  const outcome = outcomeOf(party.status);
  if (outcome === null || party.finishedAt === null) return null;
  const seated = outcome === 'seated';
  return {
    joinedAt: party.joinedAt,
    utcOffsetMinutes,
    size: party.size,
    quotedMinutes: party.quoteMinutes,
    seatedAt: seated ? party.finishedAt : null,
    leftAt: seated ? null : party.finishedAt,
    outcome,
  };
}

/** A party of tonight as the estimator knows it: on the board, or finished with when. */
export const knownPartyOf = (party: Party): KnownParty => ({
  joinedAt: party.joinedAt,
  size: party.size,
  quotedMinutes: party.quoteMinutes,
  outcome: outcomeOf(party.status),
  endedAt: party.finishedAt,
  rank: party.rank,
});

/**
 * Stable keys for imported rows: the same row of the same file gets the same key on every import
 * (identical rows are told apart by how many came before), so importing a file twice adds nothing.
 */
export function importKeys(parties: readonly PastParty[]): string[] {
  const seen = new Map<string, number>();
  return parties.map((p) => {
    const base = `csv:${p.joinedAt}:${p.size}:${p.quotedMinutes ?? ''}:${p.seatedAt ?? ''}:${p.leftAt ?? ''}:${p.outcome}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  });
}

/** What a history file holds, for the import preview. */
export interface HistorySummary {
  count: number;
  /** The first and last join times; null for an empty list. */
  from: number | null;
  to: number | null;
  seated: number;
  noShow: number;
  removed: number;
}

/** Counts a list of past parties for the host to check before importing it. */
export function summarizeHistory(parties: readonly PastParty[]): HistorySummary {
  let from: number | null = null;
  let to: number | null = null;
  const outcomes = { seated: 0, no_show: 0, removed: 0 };
  for (const p of parties) {
    from = from === null ? p.joinedAt : Math.min(from, p.joinedAt);
    to = to === null ? p.joinedAt : Math.max(to, p.joinedAt);
    outcomes[p.outcome] += 1;
  }
  return {
    count: parties.length,
    from,
    to,
    seated: outcomes.seated,
    noShow: outcomes.no_show,
    removed: outcomes.removed,
  };
}

/** The quote to give when re-quoting: the expected wait rounded up to 5 minutes. */
export const requoteMinutes = (expected: number): number => Math.ceil(expected / 5) * 5;

/** Expected waits this far past the quote make the row say the quote is likely short. */
export const REQUOTE_MARGIN_MINUTES = 10;
