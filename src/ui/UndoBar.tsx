import { useEffect, useRef } from 'preact/hooks';
import type { BoardModel } from '../state/board-model.ts';
import { t } from './strings.ts';

/** "Ana seated. Undo" for a few seconds after a party leaves the board. */
export function UndoBar({ model }: { model: BoardModel }) {
  const offer = model.undoOffer.value;
  const undo = useRef<HTMLButtonElement>(null);
  // The button pressed went with its row (Seated, or a sheet that closed): the focus goes to Undo, not to the page's top.
  useEffect(() => {
    if (!offer) return;
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body) undo.current?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [offer]);
  if (!offer) return null;
  return (
    <div class="undo-bar" role="status" aria-label={t().lastChangeLabel}>
      <span>
        {offer.others
          ? t().lateMany([offer.partyName, ...offer.others.map((o) => o.name)])
          : t().undoDone(offer.partyName, offer.action)}
      </span>
      <button ref={undo} type="button" class="button" onClick={() => void model.undo()}>
        {t().undo}
      </button>
    </div>
  );
}
