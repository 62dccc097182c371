import { isActive, MAX_ROUNDS, type Party, type PartySnapshot, type PartyStatus } from './party.ts';
import { err, ok, type Result } from './result.ts';

/** How long after a change the host can still undo it. */
export const UNDO_WINDOW_MS = 8_000;

/** What staff can do to a party. */
export type PartyAction = 'notify' | 'seat' | 'no_show' | 'remove' | 'recall';

/** The actions that take a party off the board, each undoable for a while. */
export type FinishAction = 'seat' | 'no_show' | 'remove';

/** Why a change was refused. */
export type TransitionError =
  | { kind: 'illegal_transition'; from: PartyStatus; action: PartyAction }
  | { kind: 'nothing_to_undo' }
  | { kind: 'undo_expired' };

// Which actions each status allows. Notifying again is legal: staff may re-send "Table ready".
const ALLOWED: Record<PartyStatus, readonly PartyAction[]> = {
  waiting: ['notify', 'seat', 'no_show', 'remove'],
  notified: ['notify', 'seat', 'no_show', 'remove'],
  seated: ['recall'],
  no_show: ['recall'],
  removed: ['recall'],
};

/** True when `action` is allowed from `status`. */
export function canApply(status: PartyStatus, action: PartyAction): boolean {
  return ALLOWED[status].includes(action);
}

/** What an undo of a change made `now` would put back. */
export const snapshotOf = (party: Party, now: number): PartySnapshot => ({
  status: party.status,
  finishedAt: party.finishedAt,
  finishReason: party.finishReason,
  rank: party.rank,
  changedAt: now,
});

// Where an action leaves the party: a recalled party goes back to being called if it had been.
const targetOf = (party: Party, action: PartyAction): PartyStatus =>
  action === 'recall'
    ? party.calledAt === null
      ? 'waiting'
      : 'notified'
    : action === 'notify'
      ? 'notified'
      : action === 'seat'
        ? 'seated'
        : action === 'no_show'
          ? 'no_show'
          : 'removed';

/** Applies a staff action; returns the changed party or why it is not allowed. Never mutates. */
export function applyAction(party: Party, action: PartyAction, now: number): Result<Party, TransitionError> {
  // Past MAX_ROUNDS calls the count would stop meaning anything: the host seats or removes the party instead.
  if (!canApply(party.status, action) || (action === 'notify' && party.callCount >= MAX_ROUNDS)) {
    return err({ kind: 'illegal_transition', from: party.status, action });
  }
  const status = targetOf(party, action);
  // A new call asks the guest again: their "on my way" was an answer to the call before.
  const called =
    action === 'notify'
      ? { calledAt: now, callCount: party.callCount + 1, ...(party.onMyWayAt ? { onMyWayAt: null } : {}) }
      : {};
  // Staff bringing a party back vouch for them: not late again until they are called again.
  const excused = action === 'recall' ? { excusedAt: now } : {};
  return ok({
    ...party,
    ...called,
    ...excused,
    status,
    updatedAt: now,
    finishedAt: isActive(status) ? null : now,
    finishReason: null,
    previous: snapshotOf(party, now),
  });
}

/** Puts back the state before the last change, if it is still within the undo window. */
export function undoLast(party: Party, now: number): Result<Party, TransitionError> {
  const previous = party.previous;
  if (!previous) return err({ kind: 'nothing_to_undo' });
  if (now - previous.changedAt > UNDO_WINDOW_MS) return err({ kind: 'undo_expired' });
  const backOnBoard = !isActive(party.status) && isActive(previous.status);
  return ok({
    ...party,
    status: previous.status,
    finishedAt: previous.finishedAt,
    finishReason: previous.finishReason,
    rank: previous.rank,
    updatedAt: now,
    previous: null,
    ...(backOnBoard ? { excusedAt: now } : {}), // as with Recall: staff kept them on the list
  });
}
