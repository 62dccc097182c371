import type { StorageProblem } from '../state/problem.ts';
import { t } from './strings.ts';

/** Shown instead of the board when the waitlist cannot be opened at all. */
export function StartupProblem({ problem }: { problem: StorageProblem }) {
  return (
    <main class="startup-problem">
      <h1>{t().appName}</h1>
      <p role="alert">{t().problemMessage({ kind: 'storage', problem })}</p>
      {problem !== 'blocked' && (
        <button type="button" class="button primary" onClick={() => location.reload()}>
          {t().reload}
        </button>
      )}
    </main>
  );
}
