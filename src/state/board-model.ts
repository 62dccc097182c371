import { computed } from '@preact/signals';
import { boardTotals } from '../core/board.ts';
import { isErased } from '../core/party.ts';
import type { StorageProblem } from '../storage/storage-error.ts';
import { createBoardActions, type BoardActionDeps } from './board-actions.ts';
import { createBoardSignals } from './board-signals.ts';
import { createBoardView } from './board-view.ts';
import { createFinishedToday } from './finished-today.ts';
import { createGettingClose } from './getting-close.ts';
import { createLateCalls } from './late-calls.ts';
import { createBoardUpkeep, type BoardUpkeepDeps } from './board-upkeep.ts';
import { createProblemReport } from './problem.ts';
import { createUndoOffer } from './undo-offer.ts';

export type { AddOutcome } from './board-actions.ts';
export type { UndoOffer } from './undo-offer.ts';

/** What the board model is built from. */
export type BoardModelDeps = BoardActionDeps & BoardUpkeepDeps;

/** The waitlist board's state and the host's actions on it. */
export type BoardModel = ReturnType<typeof createBoardModel>;

/** Builds the board model from its parts: storage sync, actions, the undo offer, the problem banner, and upkeep. */
export function createBoardModel(deps: BoardModelDeps) {
  const problems = createProblemReport();
  const sync = createBoardSignals(deps, problems.fail);
  const undo = createUndoOffer(deps.clock);
  const finished = createFinishedToday(deps, problems.fail);
  const late = createLateCalls(deps, { sync, undo, finished, fail: problems.fail });
  const gettingClose = createGettingClose(deps, { sync, fail: problems.fail });
  const view = createBoardView(sync.parties);
  const upkeep = createBoardUpkeep(deps, sync, {
    onTick: late.closeLate,
    onStart: finished.reload,
    onOtherTab: finished.reload,
  });
  return {
    parties: sync.parties,
    waitingToSend: sync.waitingToSend,
    loaded: sync.loaded,
    refresh: sync.refresh,
    /** Re-reads one party another writer changed; an Undo that names it is withdrawn once its guest's details are erased. */
    async refreshParty(id: string): Promise<void> {
      await sync.refreshParty(id);
      const named = undo.offer.value;
      if (named && (named.partyId === id || named.others?.some((p) => p.id === id))) {
        const party = await deps.store.get(id).catch(() => undefined); // unread: the offer stays until it expires
        if (party && isErased(party)) undo.withdrawParty(id);
      }
    },
    totals: computed(() => boardTotals(sync.parties.value)),
    ...view,
    finished: finished.parties,
    loadFinished: finished.reload,
    rules: late.rules,
    now: upkeep.now,
    online: upkeep.online,
    /** Keeps the board live (its clock, other tabs, Getting close by itself) until the returned function is called. */
    start(tickMs?: number): () => void {
      const stops = [upkeep.start(tickMs), gettingClose.start()];
      return () => stops.forEach((stop) => stop());
    },
    /** The place in line at which guests are told they are getting close (0 = off): the venue's setting. */
    gettingClosePosition: gettingClose.position,
    undoOffer: undo.offer,
    /** The venue server refused these changes of this tablet: an Undo offered for one of them is withdrawn. */
    withdrawRefusedUndo: (mutationIds: readonly string[]) => undo.withdrawRefused(mutationIds),
    problem: problems.problem,
    dismissProblem: problems.clear,
    /** Shows a storage problem that arrived from outside an action (another tab upgraded, say). */
    reportStorageProblem: (problem: StorageProblem) => problems.report({ kind: 'storage', problem }),
    ...createBoardActions(deps, { sync, problems, undo, finished }),
  };
}
