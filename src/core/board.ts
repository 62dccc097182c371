import { isActive, type Party } from './party.ts';

/** The board's order: by place in line (first come, first served unless moved); ties broken so every tab agrees. */
export function compareByPlace(
  a: Pick<Party, 'rank' | 'joinedAt' | 'id'>,
  b: Pick<Party, 'rank' | 'joinedAt' | 'id'>,
): number {
  return a.rank - b.rank || a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The board with one party's new state in it: replaced, added, or taken off if it has finished. */
export function patchBoard(board: readonly Party[], party: Party): Party[] {
  const rest = board.filter((p) => p.id !== party.id);
  return isActive(party.status) ? [...rest, party].sort(compareByPlace) : rest;
}

/** The counts at the top of the board. */
export interface BoardTotals {
  parties: number;
  covers: number;
}

/** Parties and covers (people) still waiting for a table, notified ones included. */
export function boardTotals(parties: readonly Party[]): BoardTotals {
  let count = 0;
  let covers = 0;
  for (const p of parties) {
    if (!isActive(p.status)) continue;
    count += 1;
    covers += p.size;
  }
  return { parties: count, covers };
}

/** Past the quote by more than this many minutes, or by this share of it, is "far over". */
export const FAR_OVER_MINUTES = 15;
export const FAR_OVER_SHARE = 0.5;

/** How a party's wait stands against its quote: a level the board shows in words and a mark. */
export type Lateness = 'within' | 'over' | 'far_over';

/** How long a party has waited, against its quote. */
export interface WaitInfo {
  waitedMinutes: number;
  quoteMinutes: number | null;
  /** Minutes past the quote (0 within it, or with no quote). */
  overrunMinutes: number;
  lateness: Lateness;
}

/** Whole minutes waited since joining (never negative, whatever the clocks say), and how far past the quote. */
export function waitInfo(party: Party, now: number): WaitInfo {
  const waitedMinutes = Math.max(0, Math.floor((now - party.joinedAt) / 60_000));
  const quote = party.quoteMinutes;
  const overrunMinutes = quote === null ? 0 : Math.max(0, waitedMinutes - quote);
  const lateness: Lateness =
    overrunMinutes === 0 || quote === null
      ? 'within'
      : overrunMinutes > FAR_OVER_MINUTES || overrunMinutes > quote * FAR_OVER_SHARE
        ? 'far_over'
        : 'over';
  return { waitedMinutes, quoteMinutes: quote, overrunMinutes, lateness };
}
