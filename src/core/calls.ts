import { applyAction, type TransitionError } from './lifecycle.ts';
import type { Party } from './party.ts';
import { err, ok, type Result } from './result.ts';

/** Minutes after Table ready before a called party counts as late (a setting). */
export const DEFAULT_LATE_AFTER_MINUTES = 10;
/** The shortest grace period a venue may set, in minutes. */
export const LATE_AFTER_MINUTES_MIN = 1;
/** The longest grace period a venue may set, in minutes. */
export const LATE_AFTER_MINUTES_MAX = 60;

/** A called party, as the board shows it from across the room. */
export interface CallInfo {
  minutesSinceCall: number;
  calls: number;
  late: boolean;
}

const sinceCall = (party: Party, now: number) => Math.max(0, Math.floor((now - (party.calledAt ?? now)) / 60_000));

/** How long ago a called party was called, how often, and whether they are late; null if not called. */
export function callInfo(party: Party, now: number, lateAfterMinutes: number): CallInfo | null {
  if (party.status !== 'notified' || party.calledAt === null) return null;
  const minutesSinceCall = sinceCall(party, now);
  const excused = party.excusedAt !== null && party.excusedAt >= party.calledAt;
  return { minutesSinceCall, calls: party.callCount, late: !excused && minutesSinceCall >= lateAfterMinutes };
}

/** The called parties that are late now, in board order: what "mark late parties as no-show" closes. */
export function lateParties(board: readonly Party[], now: number, lateAfterMinutes: number): Party[] {
  return board.filter((p) => callInfo(p, now, lateAfterMinutes)?.late === true);
}

/** Marks a late called party no-show by itself, with the reason kept; refused if they are not late (called again, say). */
export function markLate(party: Party, now: number, lateAfterMinutes: number): Result<Party, TransitionError> {
  if (!callInfo(party, now, lateAfterMinutes)?.late)
    return err({ kind: 'illegal_transition', from: party.status, action: 'no_show' });
  const changed = applyAction(party, 'no_show', now);
  return changed.ok ? ok({ ...changed.value, finishReason: 'late' }) : changed;
}
