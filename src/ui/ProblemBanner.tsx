import { needsReload, type Problem } from '../state/problem.ts';
import { t } from './strings.ts';

interface Props {
  problem: Problem | null;
  /** The way forward when a reload is not needed: dismiss the banner, or try again. */
  onAct(): void;
  /** The button's words for `onAct`; Dismiss unless told. */
  actLabel?: string;
}

/** Tells the host, in plain words, why something they asked for did not happen, with the way forward. */
export function ProblemBanner({ problem, onAct, actLabel = t().dismiss }: Props) {
  if (!problem) return null;
  return (
    <div class="problem" role="alert">
      <p>{t().problemMessage(problem)}</p>
      {needsReload(problem) ? (
        <button type="button" class="button primary" onClick={() => location.reload()}>
          {t().reload}
        </button>
      ) : (
        <button type="button" class="button" onClick={onAct}>
          {actLabel}
        </button>
      )}
    </div>
  );
}
