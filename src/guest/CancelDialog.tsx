import { useEffect, useRef } from 'preact/hooks';
import { say, type Language } from './words.ts';
import './status-words.ts';

/** "Cancel your spot?" as a real modal dialog: Keep my spot (the default) or Yes, cancel. */
export function CancelDialog({ language, answer }: { language: Language; answer(cancel: boolean): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby="cancel-title"
      aria-describedby="cancel-body"
      onCancel={() => answer(false)}
    >
      <h2 id="cancel-title">{say(language, 'cancelTitle')}</h2>
      <p id="cancel-body">{say(language, 'cancelBody')}</p>
      <div class="actions">
        <button type="button" class="button primary" autofocus onClick={() => answer(false)}>
          {say(language, 'keep')}
        </button>
        <button type="button" class="button danger" onClick={() => answer(true)}>
          {say(language, 'yesCancel')}
        </button>
      </div>
    </dialog>
  );
}
