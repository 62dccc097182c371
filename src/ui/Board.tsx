import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Party } from '../core/party.ts';
import type { BoardModel } from '../state/board-model.ts';
import type { Quotes } from '../state/quotes-model.ts';
import { FilterBar } from './FilterBar.tsx';
import { lazy } from './lazy.tsx';
import { PartyDetails } from './PartyDetails.tsx';
import { PartyRow, type RowActions } from './PartyRow.tsx';
import { t } from './strings.ts';

// Seated & gone is a look back, not the host's first screen: fetched (from the worker's cache) when first opened.
const FinishedDialog = lazy(() => import('./FinishedDialog.tsx').then((m) => m.FinishedDialog));

/** The waitlist in line order, with size chips and search, each row one tap from everything about it. */
export function Board({ model, quotes, onEdit }: { model: BoardModel; quotes?: Quotes; onEdit(party: Party): void }) {
  const [detailsId, setDetailsId] = useState<string | null>(null);
  const [showFinished, setShowFinished] = useState(false);
  const actions = useMemo<RowActions>(
    () => ({
      next: (party, step) => void (step === 'notify' ? model.notify(party.id) : model.act(party.id, 'seat')),
      more: setDetailsId,
      requote: (party, minutes) => void model.requote(party.id, minutes),
    }),
    [model],
  );
  const board = model.parties.value;
  // Found on the whole board, not the filtered rows: a search typed behind the sheet does not close it.
  const at = detailsId === null ? -1 : board.findIndex((p) => p.id === detailsId);
  // A party that left the board (another tab, a late no-show) takes its sheet with it, for good.
  useEffect(() => {
    if (detailsId !== null && at < 0) setDetailsId(null);
  }, [detailsId, at]);
  if (!model.loaded.value) return <p class="board-empty">{t().loading}</p>;
  const entries = model.entries.value;
  const filter = model.filter.value;
  const now = model.now.value;
  const online = model.online.value;
  const lateAfterMinutes = model.rules.value.lateAfterMinutes;
  const requotes = quotes?.requotes.value;
  const details = at < 0 ? null : { party: board[at]!, position: at + 1 }; // at is an index of board

  const filtered = filter.bucket !== null || filter.query.trim() !== '';
  return (
    <>
      <FilterBar
        filter={filter}
        counts={model.counts.value}
        finishedToday={model.finished.value.length}
        onFilter={(f) => (model.filter.value = f)}
        onShowFinished={() => {
          void model.loadFinished();
          setShowFinished(true);
        }}
      />
      {board.length === 0 ? (
        <p class="board-empty">{t().emptyBoard}</p>
      ) : entries.length === 0 ? (
        <div class="board-empty">
          <p>{t().rush.noMatch}</p>
          <button type="button" class="button" onClick={() => (model.filter.value = { bucket: null, query: '' })}>
            {t().rush.showEveryone}
          </button>
        </div>
      ) : (
        <ol class={filtered ? 'board filtered' : 'board'} aria-label={t().waitlistLabel}>
          {entries.map(({ party, position }) => (
            <PartyRow
              key={party.id}
              party={party}
              position={position}
              now={now}
              online={online}
              lateAfterMinutes={lateAfterMinutes}
              actions={actions}
              requote={requotes?.get(party.id)}
            />
          ))}
        </ol>
      )}
      {details && (
        <PartyDetails
          party={details.party}
          position={details.position}
          boardSize={board.length}
          now={now}
          online={online}
          lateAfterMinutes={lateAfterMinutes}
          onNotify={() => void model.notify(details.party.id)}
          onAlmostReady={() => void model.almostReady(details.party.id)}
          onFinish={(action) => void model.act(details.party.id, action)}
          onMove={(direction) => void model.move(details.party.id, direction)}
          onEdit={() => onEdit(details.party)}
          onClose={() => setDetailsId(null)}
        />
      )}
      {showFinished && (
        <FinishedDialog
          parties={model.finished.value}
          onRecall={(id) => void model.recall(id)}
          onClose={() => setShowFinished(false)}
        />
      )}
    </>
  );
}
