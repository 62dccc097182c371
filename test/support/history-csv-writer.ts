import { csvLine, HISTORY_COLUMNS, writeTime, type HistoryColumn } from '../../src/core/history-csv.ts';
import type { PastParty } from '../../src/core/quote-history.ts';

// Test data as a venue's till or booking system would export it: the reader's columns, written back.

/** The history columns of one party, as text. */
function historyFields(p: PastParty): Record<HistoryColumn, string> {
  return {
    joined_at: writeTime(p.joinedAt, p.utcOffsetMinutes),
    party_size: String(p.size),
    quoted_minutes: p.quotedMinutes === null ? '' : String(p.quotedMinutes),
    seated_at: p.seatedAt === null ? '' : writeTime(p.seatedAt, p.utcOffsetMinutes),
    left_at: p.leftAt === null ? '' : writeTime(p.leftAt, p.utcOffsetMinutes),
    outcome: p.outcome,
  };
}

/** A history file of `rows` (header first), with `extra` columns after the standard ones. */
export function historyCsv(
  rows: readonly PastParty[],
  extra: Readonly<Record<string, readonly (string | number | null)[]>> = {},
): string {
  const extraNames = Object.keys(extra);
  const lines = rows.map((p, i) => {
    const f = historyFields(p);
    return csvLine([...HISTORY_COLUMNS.map((c) => f[c]), ...extraNames.map((n) => String(extra[n]![i] ?? ''))]);
  });
  return csvLine([...HISTORY_COLUMNS, ...extraNames]) + lines.join('');
}
