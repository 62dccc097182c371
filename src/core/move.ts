import { snapshotOf } from './lifecycle.ts';
import { isActive, type Party } from './party.ts';
import { err, ok, type Result } from './result.ts';

/** Which way a party moves on the board. */
export type MoveDirection = 'up' | 'down';

/** Why a move was not made. */
export type MoveProblem = { kind: 'at_edge'; direction: MoveDirection } | { kind: 'not_on_board' };

// With no neighbour on the far side, a moved party lands a minute's worth of rank beyond the one it passes.
const STEP = 60_000;

/** One party's new place in line. */
export interface RankChange {
  id: string;
  rank: number;
}

/**
 * Moves party `id` one place up or down on `board` (in board order). Usually one change: the
 * party lands halfway between the two it goes between, so no one else's rank changes. When dozens
 * of moves between the same two parties leave no room between their ranks, the whole board is
 * spaced out again (same order), and every party whose rank changes is listed.
 */
export function planMove(
  board: readonly Party[],
  id: string,
  direction: MoveDirection,
): Result<RankChange[], MoveProblem> {
  const i = board.findIndex((p) => p.id === id);
  if (i < 0) return err({ kind: 'not_on_board' });
  const to = direction === 'up' ? i - 1 : i + 1;
  const passed = board[to];
  if (!passed) return err({ kind: 'at_edge', direction });
  const beyond = board[direction === 'up' ? i - 2 : i + 2];
  const rank = beyond ? (passed.rank + beyond.rank) / 2 : passed.rank + (direction === 'up' ? -STEP : STEP);
  const lo = Math.min(passed.rank, beyond?.rank ?? -Infinity);
  const hi = Math.max(passed.rank, beyond?.rank ?? Infinity);
  if (rank > lo && rank < hi) return ok([{ id, rank }]);
  // No room left between the two: space everyone out again, the mover in its new place.
  const order = board.filter((p) => p.id !== id);
  order.splice(to, 0, board[i]!);
  const first = board[0]!.rank;
  return ok(order.map((p, n) => ({ id: p.id, rank: first + n * STEP })).filter((c, n) => c.rank !== order[n]!.rank));
}

/** A party given a new place in line; undoable like any other change. */
export function applyMove(party: Party, rank: number, now: number): Result<Party, MoveProblem> {
  if (!isActive(party.status)) return err({ kind: 'not_on_board' });
  return ok({ ...party, rank, updatedAt: now, previous: snapshotOf(party, now) });
}
