import { useState } from 'preact/hooks';
import type { BoardModel } from '../state/board-model.ts';
import { AddPartyDialog } from './AddPartyDialog.tsx';
import { Board } from './Board.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { en } from './strings.ts';
import { UndoBar } from './UndoBar.tsx';

/** The host stand: totals, the board, and the Add party sheet. */
export function App({ model, waitlist = null }: { model: BoardModel; waitlist?: string | null }) {
  const [adding, setAdding] = useState(false);
  const { parties, covers } = model.totals.value;
  return (
    <div class="app">
      <header class="app-header">
        <h1 class="app-title">{en.appName}</h1>
        {waitlist && <span class="waitlist-badge">{en.separateWaitlist(waitlist)}</span>}
        <p class="totals" aria-live="polite">
          {en.totals(parties, covers)}
        </p>
        <button type="button" class="button primary" onClick={() => setAdding(true)}>
          {en.addParty}
        </button>
      </header>
      <ProblemBanner model={model} />
      <main>
        <Board model={model} />
      </main>
      <UndoBar model={model} />
      {adding && <AddPartyDialog model={model} onClose={() => setAdding(false)} />}
    </div>
  );
}
