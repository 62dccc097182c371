import { useEffect, useRef } from 'preact/hooks';
import { messagesOf } from '../core/guest-message.ts';
import { isErased, type Party } from '../core/party.ts';
import { SheetHead } from './SheetHead.tsx';
import { t } from './strings.ts';

/** A message to the guest that was still waiting to go when their details were erased (it never went). */
const unsentAtErasure = (p: Party): boolean =>
  isErased(p) && messagesOf(p).some((m) => m.delivery.state === 'not_sent' && m.delivery.at === p.erasedAt);

interface Props {
  /** Today's finished parties, most recent first. */
  parties: readonly Party[];
  onRecall(id: string): void;
  onClose(): void;
}

/** "Seated & gone": today's seated, no-show and removed parties with when and why; Recall puts one back in its place. */
export function FinishedDialog({ parties, onRecall, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="sheet finished-sheet" aria-labelledby="finished-title" onClose={onClose}>
      <div class="sheet-form">
        <SheetHead id="finished-title" title={t().rush.finishedTitle} onClose={() => dialog.current?.close()} />
        {parties.length === 0 ? (
          <p class="board-empty">{t().rush.noneFinished}</p>
        ) : (
          <ul class="finished-list" aria-labelledby="finished-title">
            {parties.map((p) => (
              <li key={p.id} class={isErased(p) ? 'finished erased' : 'finished'} aria-labelledby={`finished-${p.id}`}>
                <div>
                  <h3 id={`finished-${p.id}`} class="party-name">
                    {isErased(p) ? t().rush.erasedGuest : p.name}
                  </h3>
                  <p class="finished-why">
                    {t().people(p.size)} · {t().rush.finishedHow(p)}
                  </p>
                  {unsentAtErasure(p) && <p class="finished-why">{t().rush.erasedNotSent}</p>}
                </div>
                {/* An erased guest cannot come back: nobody is left to call. */}
                {!isErased(p) && (
                  <button
                    type="button"
                    class="button"
                    onClick={() => {
                      onRecall(p.id);
                      dialog.current?.close();
                    }}
                  >
                    {t().rush.recall}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </dialog>
  );
}
