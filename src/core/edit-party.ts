import type { TransitionError } from './lifecycle.ts';
import { isActive, type Party } from './party.ts';
import type { ValidPartyInput } from './party-input.ts';
import { err, ok, type Result } from './result.ts';

/** A party on the board with its details corrected; its place in line, times and calls stay as they were. */
export function applyEdit(party: Party, input: ValidPartyInput, now: number): Result<Party, TransitionError> {
  if (!isActive(party.status)) return err({ kind: 'illegal_transition', from: party.status, action: 'remove' });
  return ok({ ...party, ...input, updatedAt: now });
}

/** A waiting party given a new quote (the row's re-quote, and its Undo); everything else stays. */
export function applyRequote(party: Party, quoteMinutes: number | null, now: number): Result<Party, TransitionError> {
  if (!isActive(party.status)) return err({ kind: 'illegal_transition', from: party.status, action: 'remove' });
  return ok({ ...party, quoteMinutes, updatedAt: now });
}
