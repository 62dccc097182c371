import { useEffect, useRef, useState } from 'preact/hooks';
import { PIN_MAX_DIGITS, PIN_MIN_DIGITS } from '../core/staff-pin.ts';
import type { PinModel } from '../state/pin-model.ts';
import { Field } from './Field.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { RecoveryCodeNotice } from './RecoveryCodeNotice.tsx';
import { RecoveryEntry } from './RecoveryEntry.tsx';
import { t } from './strings.ts';
import { announceWords } from './announce-words.ts';
import { settingsWords } from './settings-words.ts';

interface Props {
  pin: PinModel;
  onUnlocked(): void;
  onClose(): void;
  /** What the PIN opens: Settings (by default) or announcements; the gate's words follow it. */
  purpose?: 'settings' | 'announce';
}

/** Where the gate is: the PIN (entered, or chosen), the recovery code typed for a forgotten PIN, or a new code shown once. */
type Step = { kind: 'pin'; resetting: boolean } | { kind: 'forgot' } | { kind: 'code'; code: string };

/** Asks for the staff PIN before Settings; on a new tablet, or after a recovery code, asks to choose one. */
export function PinGate({ pin, onUnlocked, onClose, purpose = 'settings' }: Props) {
  const a = announceWords();
  const words =
    purpose === 'announce'
      ? { why: a.pinWhy, setWhy: a.pinSetWhy, open: a.pinOpen, setAndOpen: a.pinSetAndOpen, next: a.pinContinue }
      : { ...t().pin, next: settingsWords().owner.recovery.continue };
  const dialog = useRef<HTMLDialogElement>(null);
  const [step, setStep] = useState<Step>({ kind: 'pin', resetting: false });
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
    return () => pin.cancel(); // closed before confirming: nothing prepared is kept
  }, [pin]);
  const locked =
    state.kind === 'set' && state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil : null;
  useEffect(() => {
    if (!locked) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [locked]);

  const choosing = state.kind === 'unset' || (step.kind === 'pin' && step.resetting);
  // Each step starts in its first field (not on Cancel), so typing and Enter are all it takes.
  const hasLock = locked !== null;
  useEffect(() => {
    if (state.kind === 'loading' || hasLock) return;
    dialog.current?.querySelector<HTMLElement>('input:not([disabled])')?.focus();
  }, [step.kind, state.kind, choosing, hasLock]);
  const showCode = (code: string) => {
    setFirst('');
    setAgain('');
    setMessage(null);
    setStep({ kind: 'code', code });
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      if (choosing) {
        const outcome = await pin.choosePin(first, again);
        if (outcome.ok) return showCode(outcome.recoveryCode);
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
      if (outcome.ok) return outcome.recoveryCode ? showCode(outcome.recoveryCode) : onUnlocked();
      setMessage('triesLeft' in outcome ? t().pin.wrong(outcome.triesLeft) : null); // a storage failure shows as the problem
    } finally {
      setBusy(false);
    }
  }

  async function confirmCode() {
    setBusy(true);
    const saved = await pin.confirmRecoveryCode(); // a storage failure shows as the problem
    setBusy(false);
    if (saved) onUnlocked();
  }

  const cancel = (
    <button type="button" class="button" onClick={() => dialog.current?.close()}>
      {t().cancel}
    </button>
  );
  const resetting = step.kind === 'pin' && step.resetting;
  return (
    <dialog ref={dialog} class="sheet pin-gate" aria-labelledby="pin-title" onClose={onClose}>
      {step.kind === 'code' ? (
        <>
          <ProblemBanner problem={problem} onAct={() => void confirmCode()} actLabel={t().tryAgain} />
          <RecoveryCodeNotice
            code={step.code}
            busy={busy}
            continueLabel={words.next}
            onConfirmed={() => void confirmCode()}
          />
        </>
      ) : step.kind === 'forgot' && !locked ? (
        <>
          <ProblemBanner problem={problem} onAct={() => void pin.load()} actLabel={t().tryAgain} />
          <RecoveryEntry
            pin={pin}
            onRecovered={() => setStep({ kind: 'pin', resetting: true })}
            onBack={() => setStep({ kind: 'pin', resetting: false })}
          />
        </>
      ) : (
        <form class="sheet-form" noValidate onSubmit={(e) => void submit(e)}>
          <h2 id="pin-title">
            {resetting ? settingsWords().owner.recovery.newPinTitle : choosing ? t().pin.setTitle : t().pin.title}
          </h2>
          <p>
            {resetting
              ? settingsWords().owner.recovery.newPinWhy
              : choosing
                ? words.setWhy(PIN_MIN_DIGITS, PIN_MAX_DIGITS)
                : words.why}
          </p>
          {/* Storage failed: say so, with the way forward (try again, or reload), instead of a form that cannot work. */}
          <ProblemBanner problem={problem} onAct={() => void pin.load()} actLabel={t().tryAgain} />
          {state.kind === 'loading' ? null : locked ? (
            <p class="problem-text" role="alert">
              {t().pin.locked(Math.ceil((locked - now) / 1000))}
            </p>
          ) : (
            <>
              <Field id="pin-first" label={choosing ? t().pin.newPin(PIN_MIN_DIGITS, PIN_MAX_DIGITS) : t().pin.pin}>
                <input
                  id="pin-first"
                  type="password"
                  inputMode="numeric"
                  autoComplete={choosing ? 'new-password' : 'current-password'}
                  maxLength={PIN_MAX_DIGITS}
                  value={first}
                  onInput={(e) => setFirst(e.currentTarget.value)}
                />
              </Field>
              {choosing && (
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
            {state.kind === 'set' && !choosing && !locked && (
              <button
                type="button"
                class="button quiet forgot-pin"
                onClick={() => {
                  setMessage(null);
                  setStep({ kind: 'forgot' });
                }}
              >
                {settingsWords().owner.recovery.forgot}
              </button>
            )}
            {cancel}
            {!locked && state.kind !== 'loading' && (
              <button type="submit" class="button primary" disabled={busy}>
                {choosing ? words.setAndOpen : words.open}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
