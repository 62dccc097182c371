import { signal } from '@preact/signals';
import type { TransitionError } from '../core/lifecycle.ts';
import type { MoveProblem } from '../core/move.ts';
import type { NotifyProblem } from '../core/notify.ts';
import type { NotFound } from '../storage/parties-store.ts';
import { toStorageError, type StorageProblem } from '../storage/storage-error.ts';

export type { StorageProblem };

/** Why a change to a party was not made. */
export type Refusal = TransitionError | NotFound | NotifyProblem | MoveProblem;

/** Something the host should be told about, in place of a change that did not happen. Every model reports failure in this shape. */
export type Problem =
  | { kind: 'storage'; problem: StorageProblem }
  | { kind: 'refused'; error: Refusal; partyName: string }
  /** A sheet's code could not be fetched (offline before the app finished installing): the next tap tries again. */
  | { kind: 'sheet_unavailable' };

/** True when only reloading the page gets past the problem (another tab upgraded, or newer data). */
export const needsReload = (problem: Problem): boolean =>
  problem.kind === 'storage' && (problem.problem === 'outdated' || problem.problem === 'newer_data');

/** A model's one place to report a failure: screens show `problem` in words, and nothing escapes as a rejection. */
export function createProblemReport() {
  const problem = signal<Problem | null>(null);
  return {
    problem,
    /** Reports whatever storage threw, classified for people. */
    fail(error: unknown): void {
      problem.value = { kind: 'storage', problem: toStorageError(error).problem };
    },
    /** Reports a problem already classified (a refusal, or one from outside an action). */
    report(next: Problem): void {
      problem.value = next;
    },
    /** Clears the problem: dismissed, or a later action worked. */
    clear(): void {
      problem.value = null;
    },
  };
}

/** A model's problem report. */
export type ProblemReport = ReturnType<typeof createProblemReport>;
