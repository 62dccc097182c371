import type { StorageProblem } from '../state/board-model.ts';
import { en, problemMessage } from './strings.ts';

/** Shown instead of the board when the waitlist cannot be opened at all. */
export function StartupProblem({ problem }: { problem: StorageProblem }) {
  return (
    <main class="startup-problem">
      <h1>{en.appName}</h1>
      <p role="alert">{problemMessage({ kind: 'storage', problem })}</p>
      {problem !== 'blocked' && (
        <button type="button" class="button primary" onClick={() => location.reload()}>
          {en.reload}
        </button>
      )}
    </main>
  );
}
