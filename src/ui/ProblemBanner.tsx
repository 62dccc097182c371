import type { BoardModel } from '../state/board-model.ts';
import { t } from './strings.ts';

/** Tells the host, in plain words, why something they asked for did not happen and what to do. */
export function ProblemBanner({ model }: { model: BoardModel }) {
  const problem = model.problem.value;
  if (!problem) return null;
  const needsReload = problem.kind === 'storage' && (problem.problem === 'outdated' || problem.problem === 'newer_data');
  return (
    <div class="problem" role="alert">
      <p>{t().problemMessage(problem)}</p>
      {needsReload ? (
        <button type="button" class="button primary" onClick={() => location.reload()}>
          {t().reload}
        </button>
      ) : (
        <button type="button" class="button" onClick={() => model.dismissProblem()}>
          {t().dismiss}
        </button>
      )}
    </div>
  );
}
