import { useEffect, useRef, useState } from 'preact/hooks';
import { PIN_MAX_DIGITS, PIN_MIN_DIGITS } from '../core/staff-pin.ts';
import type { PinModel } from '../state/pin-model.ts';
import { Field } from './Field.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { t } from './strings.ts';

interface Props {
  pin: PinModel;
  onUnlocked(): void;
  onClose(): void;
}

/** Asks for the staff PIN before Settings; on a new tablet, asks to choose one. */
export function PinGate({ pin, onUnlocked, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [first, setFirst] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  const state = pin.state.value;
  const problem = pin.problem.value;

  useEffect(() => {
    dialog.current?.showModal();
    void pin.load();
  }, [pin]);
  const locked =
    state.kind === 'set' && state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil : null;
  useEffect(() => {
    if (!locked) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [locked]);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      if (state.kind === 'unset') {
        const outcome = await pin.setPin(first, again);
        if (outcome.ok) return onUnlocked();
        const refused = outcome.problem;
        return setMessage(
          refused === 'mismatch'
            ? t().pin.mismatch
            : refused === 'not_digits'
              ? t().pin.notDigits(PIN_MIN_DIGITS, PIN_MAX_DIGITS)
              : null,
        );
      }
      const outcome = await pin.unlock(first);
      setFirst('');
      setNow(Date.now());
      if (outcome.ok) return onUnlocked();
      setMessage('triesLeft' in outcome ? t().pin.wrong(outcome.triesLeft) : null); // a storage failure shows as the problem
    } finally {
      setBusy(false);
    }
  }

  const setting = state.kind === 'unset';
  return (
    <dialog ref={dialog} class="sheet pin-gate" aria-labelledby="pin-title" onClose={onClose}>
      <form class="sheet-form" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id="pin-title">{setting ? t().pin.setTitle : t().pin.title}</h2>
        <p>{setting ? t().pin.setWhy(PIN_MIN_DIGITS, PIN_MAX_DIGITS) : t().pin.why}</p>
        {/* Storage failed: say so, with the way forward (try again, or reload), instead of a form that cannot work. */}
        <ProblemBanner problem={problem} onAct={() => void pin.load()} actLabel={t().tryAgain} />
        {state.kind === 'loading' ? null : locked ? (
          <p class="problem-text" role="alert">
            {t().pin.locked(Math.ceil((locked - now) / 1000))}
          </p>
        ) : (
          <>
            <Field id="pin-first" label={setting ? t().pin.newPin(PIN_MIN_DIGITS, PIN_MAX_DIGITS) : t().pin.pin}>
              <input
                id="pin-first"
                type="password"
                inputMode="numeric"
                autoComplete={setting ? 'new-password' : 'current-password'}
                maxLength={PIN_MAX_DIGITS}
                value={first}
                onInput={(e) => setFirst(e.currentTarget.value)}
              />
            </Field>
            {setting && (
              <Field id="pin-again" label={t().pin.again}>
                <input
                  id="pin-again"
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  maxLength={PIN_MAX_DIGITS}
                  value={again}
                  onInput={(e) => setAgain(e.currentTarget.value)}
                />
              </Field>
            )}
            {message && (
              <p class="problem-text" role="alert">
                {message}
              </p>
            )}
          </>
        )}
        <div class="sheet-actions">
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            {t().cancel}
          </button>
          {!locked && state.kind !== 'loading' && (
            <button type="submit" class="button primary" disabled={busy}>
              {setting ? t().pin.setAndOpen : t().pin.open}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
