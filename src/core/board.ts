import { isActive, type Party } from './party.ts';

/** The board's order: first come, first served; ties broken by id so every tab agrees. */
export function compareByArrival(a: Party, b: Party): number {
  return a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The parties that belong on the board, in board order. */
export function boardOrder(parties: readonly Party[]): Party[] {
  return parties.filter((p) => isActive(p.status)).sort(compareByArrival);
}

/** The board with one party's new state in it: replaced, added, or taken off if it has finished. */
export function patchBoard(board: readonly Party[], party: Party): Party[] {
  const rest = board.filter((p) => p.id !== party.id);
  return isActive(party.status) ? [...rest, party].sort(compareByArrival) : rest;
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

/** How long a party has waited, against its quote. */
export interface WaitInfo {
  waitedMinutes: number;
  quoteMinutes: number | null;
  overdue: boolean;
}

/** Whole minutes waited since joining (never negative, whatever the clocks say). */
export function waitInfo(party: Party, now: number): WaitInfo {
  const waitedMinutes = Math.max(0, Math.floor((now - party.joinedAt) / 60_000));
  const quote = party.quoteMinutes;
  return { waitedMinutes, quoteMinutes: quote, overdue: quote !== null && waitedMinutes > quote };
}
