import { useEffect, useRef, useState } from 'preact/hooks';
import { PARTY_SIZE_MAX, PARTY_SIZE_MIN, type FieldProblem, type PartyInput } from '../core/party-input.ts';
import type { BoardModel } from '../state/board-model.ts';
import type { LoadScanner } from '../state/scanner-port.ts';
import { describedBy, Field } from './Field.tsx';
import { useForm } from './use-form.ts';
import { ScanPanel } from './ScanPanel.tsx';
import { Stepper } from './Stepper.tsx';
import { t } from './strings.ts';

const QUICK_QUOTES = [5, 10, 15, 20, 30, 45, 60];
const EMPTY: PartyInput = { name: '', size: '2', quoteMinutes: '', note: '', pushedId: '', email: '' };
type FieldName = keyof PartyInput;

interface Props {
  model: BoardModel;
  loadScanner: LoadScanner;
  onClose(): void;
}

/** The Add party sheet: every refused field says why, and nothing is saved until all are right. */
export function AddPartyDialog({ model, loadScanner, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { values: form, errors, setErrors, set, control } = useForm<PartyInput>(EMPTY, 'add');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [scanned, setScanned] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    const outcome = await model.add(form);
    setSaving(false);
    if (outcome.ok) return onClose();
    // No field problems means storage refused: keep everything typed and say why.
    const problem = model.problem.value;
    setSaveError(outcome.fields.length === 0 && problem ? t().problemMessage(problem) : null);
    setErrors(toMessages(outcome.fields));
    const first = outcome.fields[0];
    if (first) dialog.current?.querySelector<HTMLElement>(`#add-${first.field}`)?.focus();
  }

  return (
    <dialog ref={dialog} class="sheet" aria-labelledby="add-title" onClose={onClose}>
      <form method="dialog" class="sheet-form" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id="add-title">{t().addParty}</h2>
        <Field id="add-name" label={t().fields.name} error={errors.name}>
          <input type="text" autoComplete="off" autoCapitalize="words" enterKeyHint="next" {...control('name')} />
        </Field>
        <Field id="add-size" label={t().fields.size} error={errors.size} labelFor={false}>
          <Stepper
            id="add-size"
            label={t().fields.size}
            fewerLabel={t().fields.fewer}
            moreLabel={t().fields.more}
            value={String(form.size)}
            min={PARTY_SIZE_MIN}
            max={PARTY_SIZE_MAX}
            invalid={!!errors.size}
            describedBy={describedBy('add-size', errors.size)}
            onChange={set('size')}
          />
        </Field>
        <Field id="add-quoteMinutes" label={t().fields.quote} error={errors.quoteMinutes}>
          <div class="quick-quotes" role="group" aria-label={t().fields.quote}>
            {QUICK_QUOTES.map((m) => (
              <button
                key={m}
                type="button"
                class="button chip"
                aria-pressed={String(form.quoteMinutes) === String(m)}
                onClick={() => set('quoteMinutes')(String(form.quoteMinutes) === String(m) ? '' : String(m))}
              >
                {m}
              </button>
            ))}
          </div>
          <input type="text" inputMode="numeric" {...control('quoteMinutes')} />
        </Field>
        <Field id="add-note" label={t().fields.note} error={errors.note}>
          <textarea rows={2} placeholder={t().fields.notePlaceholder} {...control('note')} />
        </Field>
        <Field id="add-pushedId" label={t().fields.pushedId} error={errors.pushedId} hint={t().fields.pushedIdHint}>
          <input
            type="text"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            {...control('pushedId', true)}
          />
          {scanned && scanned === form.pushedId && (
            <p class="scan-confirmation" role="status">
              {t().scan.scanned(scanned)}
            </p>
          )}
          {scanning ? (
            <ScanPanel
              loadScanner={loadScanner}
              onPushedId={(id) => {
                set('pushedId')(id);
                setScanned(id);
                setScanning(false);
              }}
              onClose={() => setScanning(false)}
            />
          ) : (
            <button type="button" class="button" onClick={() => setScanning(true)}>
              {t().scan.open}
            </button>
          )}
        </Field>
        <Field id="add-email" label={t().fields.email} error={errors.email} hint={t().fields.emailHint}>
          <input type="email" autoComplete="off" autoCapitalize="off" spellcheck={false} {...control('email', true)} />
        </Field>
        {saveError && (
          <p class="problem" role="alert">
            {saveError}
          </p>
        )}
        <div class="sheet-actions">
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            {t().cancel}
          </button>
          <button type="submit" class="button primary" disabled={saving}>
            {t().addToWaitlist}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function toMessages(problems: FieldProblem[]): Partial<Record<FieldName, string>> {
  return Object.fromEntries(problems.map((p) => [p.field, t().fieldMessage(p)]));
}
