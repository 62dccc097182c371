import { useState } from 'preact/hooks';
import { settingsWords } from './settings-words.ts';

interface Props {
  code: string;
  busy: boolean;
  /** The button's words: where the gate goes next (Continue to settings unless told). */
  continueLabel?: string;
  /** Called once the owner ticked that the code is written down. */
  onConfirmed(): void;
}

/** The one time a recovery code is shown: saved only once the owner confirms they wrote it down. */
export function RecoveryCodeNotice({ code, busy, continueLabel, onConfirmed }: Props) {
  const [written, setWritten] = useState(false);
  const [asked, setAsked] = useState(false);
  const s = settingsWords().owner.recovery;
  return (
    <form
      class="sheet-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (written) onConfirmed();
        else setAsked(true);
      }}
    >
      <h2 id="pin-title">{s.codeTitle}</h2>
      <p>{s.codeWhy}</p>
      <p class="recovery-code">
        <span class="field-label">{s.codeLabel}</span>
        <code id="recovery-code">{code}</code>
      </p>
      <label class="radio">
        <input
          id="recovery-written"
          type="checkbox"
          checked={written}
          aria-invalid={asked && !written}
          aria-describedby={asked && !written ? 'recovery-written-error' : undefined}
          onChange={(e) => setWritten(e.currentTarget.checked)}
          // Enter on the box continues, as it would in a text field.
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }}
        />
        {s.confirm}
      </label>
      {asked && !written && (
        <p class="problem-text" id="recovery-written-error" role="alert">
          {s.confirmNeeded}
        </p>
      )}
      <div class="sheet-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {continueLabel ?? s.continue}
        </button>
      </div>
    </form>
  );
}
