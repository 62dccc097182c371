import type { BoardModel } from '../state/board-model.ts';
import { t } from './strings.ts';

/** "Ana seated. Undo" for a few seconds after a party leaves the board. */
export function UndoBar({ model }: { model: BoardModel }) {
  const offer = model.undoOffer.value;
  if (!offer) return null;
  return (
    <div class="undo-bar" role="status" aria-label={t().lastChangeLabel}>
      <span>
        {offer.others
          ? t().lateMany([offer.partyName, ...offer.others.map((o) => o.name)])
          : t().undoDone(offer.partyName, offer.action)}
      </span>
      <button type="button" class="button" onClick={() => void model.undo()}>
        {t().undo}
      </button>
    </div>
  );
}
