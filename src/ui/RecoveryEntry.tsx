import { useState } from 'preact/hooks';
import type { PinModel } from '../state/pin-model.ts';
import { Field } from './Field.tsx';
import { settingsWords } from './settings-words.ts';

interface Props {
  pin: PinModel;
  /** The code was right: a new PIN may be chosen. */
  onRecovered(): void;
  onBack(): void;
}

/** "Forgot PIN?": the recovery code, checked like a PIN (wrong ones count toward the same lockout). */
export function RecoveryEntry({ pin, onRecovered, onBack }: Props) {
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const s = settingsWords().owner.recovery;

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const outcome = await pin.recover(code);
      if (outcome.ok) return onRecovered();
      setCode('');
      // Locked and storage failures show in the gate itself (the lock line, the problem banner).
      setMessage(
        'triesLeft' in outcome
          ? s.wrong(outcome.triesLeft)
          : 'notACode' in outcome
            ? s.notACode
            : 'noRecovery' in outcome
              ? s.noRecovery
              : null,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="sheet-form" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="pin-title">{s.forgotTitle}</h2>
      <p>{s.forgotWhy}</p>
      <Field id="recovery-code-input" label={s.codeLabel}>
        <input
          id="recovery-code-input"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          value={code}
          aria-invalid={message !== null}
          aria-describedby={message ? 'recovery-message' : undefined}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </Field>
      {message && (
        <p class="problem-text" id="recovery-message" role="alert">
          {message}
        </p>
      )}
      <div class="sheet-actions">
        <button type="button" class="button" onClick={onBack}>
          {s.backToPin}
        </button>
        <button type="submit" class="button primary" disabled={busy}>
          {s.check}
        </button>
      </div>
    </form>
  );
}
