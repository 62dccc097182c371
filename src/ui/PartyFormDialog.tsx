import { useEffect, useRef, useState } from 'preact/hooks';
import type { Party } from '../core/party.ts';
import { PARTY_SIZE_MAX, PARTY_SIZE_MIN, type FieldProblem, type PartyInput } from '../core/party-input.ts';
import type { BoardModel } from '../state/board-model.ts';
import type { Quotes } from '../state/quotes-model.ts';
import type { LoadScanner } from '../state/scanner-port.ts';
import { describedBy, Field } from './Field.tsx';
import { useForm } from './use-form.ts';
import { useReturnFocus } from './use-return-focus.ts';
import { QuoteSuggestion } from './QuoteSuggestion.tsx';
import { ScanPanel } from './ScanPanel.tsx';
import { Stepper } from './Stepper.tsx';
import { t } from './strings.ts';

const SIZE_BUTTONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const QUICK_QUOTES = [5, 10, 15, 20, 25, 30, 45, 60];
/** The form always has the Phone field: an empty one clears the party's number. */
type FormInput = PartyInput & { phone: string };
const EMPTY: FormInput = { name: '', size: '2', quoteMinutes: '', note: '', pushedId: '', email: '', phone: '' };
type FieldName = keyof FormInput;

interface Props {
  model: BoardModel;
  loadScanner: LoadScanner;
  /** The party to edit; Add party when absent. */
  party?: Party;
  /** Suggested quotes: Add party starts on the suggestion for the chosen size (Edit never re-suggests). */
  quotes?: Quotes | undefined;
  onClose(): void;
}

const asInput = (p: Party): FormInput => ({
  name: p.name,
  size: String(p.size),
  quoteMinutes: p.quoteMinutes === null ? '' : String(p.quoteMinutes),
  note: p.note,
  pushedId: p.pushedId ?? '',
  email: p.email ?? '',
  phone: p.phone ?? '',
});

// A tap on a chip must not take the focus from the name: the keyboard stays up, and Enter adds the party.
const keepFocus = (e: PointerEvent) => e.preventDefault();

/**
 * Add party (or Edit): one tap for the size, one for the quote, the name, Enter. Every refused
 * field says why, and nothing is saved until all are right.
 */
export function PartyFormDialog({ model, loadScanner, party, quotes, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const prefix = party ? 'edit' : 'add';
  const suggest = (size: string | number) => {
    const n = Number(size);
    return quotes && !party && Number.isInteger(n) && n >= PARTY_SIZE_MIN && n <= PARTY_SIZE_MAX
      ? quotes.suggest(n)
      : null;
  };
  const {
    values: form,
    errors,
    setErrors,
    set,
    control,
  } = useForm<FormInput>(
    party ? asInput(party) : { ...EMPTY, quoteMinutes: String(suggest(EMPTY.size)?.minutes ?? '') },
    prefix,
  );
  // The host's own choice of quote is never overwritten by a new suggestion: read when the effect below runs,
  // so an effect left over from the render before a quick pick cannot undo it.
  const picked = useRef(false);
  const suggestion = suggest(form.size);
  // Until the host picks a quote, it follows the suggestion: for the size chosen, and as the list changes.
  const suggested = suggestion?.minutes;
  useEffect(() => {
    if (suggested !== undefined && !picked.current) set('quoteMinutes')(String(suggested));
  }, [suggested]); // set is a new function each render, and does the same each time
  const chooseSize = (size: string) => {
    set('size')(size);
    const next = suggest(size);
    if (next && !picked.current) set('quoteMinutes')(String(next.minutes)); // at once: Enter may come before any effect
  };
  const chooseQuote = (minutes: string) => {
    picked.current = true;
    set('quoteMinutes')(minutes);
  };
  const quoteChips =
    suggestion && !QUICK_QUOTES.includes(suggestion.minutes)
      ? [...QUICK_QUOTES, suggestion.minutes].sort((a, b) => a - b)
      : QUICK_QUOTES;
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [scanned, setScanned] = useState<string | null>(null);

  // Edit came from the party's row (through its details): back to that row's More button, which may be drawn anew.
  useReturnFocus(() =>
    party ? document.querySelector<HTMLElement>(`li[aria-labelledby="party-${party.id}"] button[aria-haspopup]`) : null,
  );
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    // Waitbell's suggestion for the size as saved, kept beside the host's quote for the report.
    const outcome = party
      ? await model.edit(party.id, form)
      : await model.add(form, suggest(form.size)?.minutes ?? null);
    setSaving(false);
    if (outcome.ok) return onClose();
    // No field problems means storage refused: keep everything typed and say why.
    const problem = model.problem.value;
    setSaveError(outcome.fields.length === 0 && problem ? t().problemMessage(problem) : null);
    setErrors(toMessages(outcome.fields));
    const first = outcome.fields[0];
    if (first) dialog.current?.querySelector<HTMLElement>(`#${prefix}-${first.field}`)?.focus();
  }

  const title = party ? t().rush.editTitle(party.name) : t().addParty;
  const chip = (pressed: boolean, label: string | number, onClick: () => void, name?: string, suggested = false) => (
    <button
      key={label}
      type="button"
      class={suggested ? 'button chip suggested' : 'button chip'}
      aria-pressed={pressed}
      aria-label={name}
      onPointerDown={keepFocus}
      onClick={onClick}
    >
      {label}
    </button>
  );
  return (
    <dialog ref={dialog} class="sheet party-sheet" aria-labelledby={`${prefix}-title`} onClose={onClose}>
      <form method="dialog" class="sheet-form party-form" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id={`${prefix}-title`}>{title}</h2>
        <div class="party-form-main">
          <Field id={`${prefix}-name`} label={t().fields.name} error={errors.name}>
            <input
              type="text"
              autoComplete="off"
              autoCapitalize="words"
              enterKeyHint="done"
              autoFocus={!party}
              {...control('name')}
            />
          </Field>
          <Field id={`${prefix}-size`} label={t().fields.size} error={errors.size} labelFor={false}>
            <div class="size-buttons" role="group" aria-label={t().fields.size}>
              {SIZE_BUTTONS.map((n) =>
                chip(String(form.size) === String(n), n, () => chooseSize(String(n)), t().people(n)),
              )}
            </div>
            <Stepper
              id={`${prefix}-size`}
              label={t().fields.size}
              fewerLabel={t().fields.fewer}
              moreLabel={t().fields.more}
              value={String(form.size)}
              min={PARTY_SIZE_MIN}
              max={PARTY_SIZE_MAX}
              invalid={!!errors.size}
              describedBy={describedBy(`${prefix}-size`, errors.size)}
              onChange={chooseSize}
            />
          </Field>
          <Field id={`${prefix}-quoteMinutes`} label={t().fields.quote} error={errors.quoteMinutes}>
            <div class="quick-quotes" role="group" aria-label={t().fields.quote}>
              {quoteChips.map((m) =>
                chip(
                  String(form.quoteMinutes) === String(m),
                  m,
                  () => chooseQuote(String(form.quoteMinutes) === String(m) ? '' : String(m)),
                  m === suggestion?.minutes ? t().quotes.suggestedChip(m) : t().rush.minutes(m),
                  m === suggestion?.minutes,
                ),
              )}
              <input
                class="quote-other"
                type="text"
                inputMode="numeric"
                {...control('quoteMinutes')}
                onInput={(e) => chooseQuote(e.currentTarget.value)}
              />
            </div>
            {suggestion && (
              <QuoteSuggestion id={`${prefix}-suggestion`} suggestion={suggestion} size={Number(form.size)} />
            )}
          </Field>
        </div>
        <div class="party-form-more">
          <Field id={`${prefix}-note`} label={t().fields.note} error={errors.note}>
            <textarea rows={2} placeholder={t().fields.notePlaceholder} {...control('note')} />
          </Field>
          <Field
            id={`${prefix}-pushedId`}
            label={t().fields.pushedId}
            error={errors.pushedId}
            hint={t().fields.pushedIdHint}
          >
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
          <Field id={`${prefix}-email`} label={t().fields.email} error={errors.email} hint={t().fields.emailHint}>
            <input
              type="email"
              autoComplete="off"
              autoCapitalize="off"
              spellcheck={false}
              {...control('email', true)}
            />
          </Field>
          <Field id={`${prefix}-phone`} label={t().fields.phone} error={errors.phone} hint={t().fields.phoneHint}>
            <input type="tel" autoComplete="off" {...control('phone', true)} />
          </Field>
        </div>
        {saveError && (
          <p class="problem" role="alert">
            {saveError}
          </p>
        )}
        <div class="sheet-actions party-form-actions">
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            {t().cancel}
          </button>
          <button type="submit" class="button primary" disabled={saving}>
            {party ? t().rush.saveChanges : t().addToWaitlist}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function toMessages(problems: FieldProblem[]): Partial<Record<FieldName, string>> {
  return Object.fromEntries(problems.map((p) => [p.field, t().fieldMessage(p)]));
}
