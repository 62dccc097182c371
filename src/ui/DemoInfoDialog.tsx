import { useEffect, useRef } from 'preact/hooks';
import { t } from './strings.ts';

/** The short explanation: what the demo account does, and how to connect a real Pushed account. */
export function DemoInfoDialog({ onClose, onOpenSettings }: { onClose(): void; onOpenSettings(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const s = t().demo;
  return (
    <dialog ref={dialog} class="sheet" aria-labelledby="demo-title" onClose={onClose}>
      <div class="sheet-form">
        <h2 id="demo-title">{s.title}</h2>
        <p>{s.explain}</p>
        <p>{s.howTo}</p>
        <div class="sheet-actions">
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            {s.close}
          </button>
          <button type="button" class="button primary" onClick={onOpenSettings}>
            {t().settings}
          </button>
        </div>
      </div>
    </dialog>
  );
}
