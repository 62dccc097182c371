import { useEffect, useRef, useState } from 'preact/hooks';
import { ERASURE_FIELDS, type ErasureField, type ErasureMatch, type ErasureRecord } from '../core/erasure.ts';
import { type RetentionField, type RetentionSettings } from '../core/retention.ts';
import type { ErasureProblem, Erasures } from '../state/erasure-model.ts';
import type { SettingsModel } from '../state/settings-model.ts';
import { Field } from './Field.tsx';
import { SheetHead } from './SheetHead.tsx';
import { guestDataWords } from './guest-data-words.ts';
import { t } from './strings.ts';
import './guest-data.css';

interface Props {
  erasures: Erasures;
  /** Whether the network is there (a paired tablet erases only through its venue server). */
  online: boolean;
  settings: SettingsModel;
  retention: RetentionSettings;
  onClose(): void;
}

/** A problem in words: the venue server's in Settings' words, this tablet's storage in its own. */
const problemWords = (p: ErasureProblem): string =>
  p.kind === 'storage'
    ? guestDataWords().storage
    : p.kind === 'unreachable'
      ? guestDataWords().needsServer
      : t().venue.pairMessage(p);

/** Settings → Guests' data: the venue's retention, erasing one guest's details, and the erasures made. */
export function GuestDataDialog({ erasures, online, settings, retention, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [past, setPast] = useState<ErasureRecord[] | ErasureProblem | null>(null);
  const blocked = erasures.where === 'server' && !online;
  const reload = () => void erasures.list().then((r) => setPast(r.ok ? r.value : r.error));
  useEffect(() => dialog.current?.showModal(), []);
  useEffect(() => {
    if (!blocked) reload();
  }, [erasures, blocked]);
  const s = guestDataWords();
  return (
    <dialog ref={dialog} class="sheet guest-data-sheet" aria-labelledby="guest-data-title" onClose={onClose}>
      <div class="sheet-form">
        <SheetHead id="guest-data-title" title={s.title} onClose={() => dialog.current?.close()} />
        <RetentionForm settings={settings} retention={retention} />
        <EraseForm erasures={erasures} blocked={blocked} onErased={reload} />
        <section class="guest-data-part" aria-labelledby="guest-data-past-title">
          <h3 id="guest-data-past-title">{s.pastTitle}</h3>
          {blocked ? (
            <p>{s.needsServer}</p>
          ) : past === null ? null : !Array.isArray(past) ? (
            <p class="problem-text" role="alert">
              {problemWords(past)}
            </p>
          ) : past.length === 0 ? (
            <p>{s.noneYet}</p>
          ) : (
            <ul class="erasure-list">
              {past.map((r) => (
                <li key={r.id}>{s.past(r.at, r.field, r.parties, r.tablet)}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </dialog>
  );
}

const RETENTION_FIELDS: readonly RetentionField[] = ['personalDataDays', 'historyMonths'];

function RetentionForm({ settings, retention }: { settings: SettingsModel; retention: RetentionSettings }) {
  const [values, setValues] = useState({
    personalDataDays: String(retention.personalDataDays),
    historyMonths: String(retention.historyMonths),
  });
  const [refused, setRefused] = useState<RetentionField[]>([]);
  const [saved, setSaved] = useState(false);
  const s = guestDataWords();
  async function save(event: Event) {
    event.preventDefault();
    setSaved(false);
    const result = await settings.saveRetention(values);
    if (result.ok) return (setRefused([]), setSaved(true));
    setRefused(result.error?.map((p) => p.field) ?? []); // null: a storage failure, shown by Settings' banner
  }
  return (
    <form class="guest-data-part" aria-labelledby="retention-title" onSubmit={(e) => void save(e)} noValidate>
      <h3 id="retention-title">{s.retentionTitle}</h3>
      <div class="retention-fields">
        {RETENTION_FIELDS.map((f) => (
          <Field
            key={f}
            id={`retention-${f}`}
            label={s.retentionLabel(f)}
            hint={s.retentionHint(f)}
            error={refused.includes(f) ? s.retentionProblem(f) : undefined}
          >
            <input
              id={`retention-${f}`}
              type="number"
              inputMode="numeric"
              min={1}
              max={f === 'personalDataDays' ? 365 : 36}
              value={values[f]}
              aria-invalid={refused.includes(f)}
              aria-describedby={`retention-${f}-${refused.includes(f) ? 'error' : 'hint'}`}
              onInput={(e) => setValues({ ...values, [f]: e.currentTarget.value })}
            />
          </Field>
        ))}
      </div>
      <p class="field-hint">{s.retentionShared}</p>
      <div class="sheet-actions start">
        <button type="submit" class="button">
          {s.save}
        </button>
        {saved && (
          <span class="venue-ok" role="status">
            {s.saved}
          </span>
        )}
      </div>
    </form>
  );
}

type Step =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'found'; matches: ErasureMatch[]; field: ErasureField; value: string }
  | {
      kind: 'confirm';
      matches: ErasureMatch[];
      field: ErasureField;
      value: string;
      id: string;
      problem?: ErasureProblem;
      erasing?: boolean;
    }
  | { kind: 'done'; parties: number }
  | { kind: 'failed'; problem: ErasureProblem };

function EraseForm({ erasures, blocked, onErased }: { erasures: Erasures; blocked: boolean; onErased(): void }) {
  const [field, setField] = useState<ErasureField>('name');
  const [value, setValue] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const busy = useRef(false); // a double tap searches or erases once
  const s = guestDataWords();

  async function run(work: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    try {
      await work();
    } finally {
      busy.current = false;
    }
  }
  const find = (event: Event) => {
    event.preventDefault();
    if (value.trim() === '') return;
    void run(async () => {
      setStep({ kind: 'busy' });
      const found = await erasures.preview(field, value);
      if (!found.ok) return setStep({ kind: 'failed', problem: found.error });
      setTicked(new Set(found.value.map((m) => m.partyId))); // all ticked: the owner unticks another guest of the same name
      setStep({ kind: 'found', matches: found.value, field, value });
    });
  };
  const erase = (at: Extract<Step, { kind: 'confirm' }>) =>
    void run(async () => {
      // The question stays on screen, saying it is erasing.
      setStep({ kind: 'confirm', matches: at.matches, field: at.field, value: at.value, id: at.id, erasing: true });
      const ids = at.matches.map((m) => m.partyId).filter((id) => ticked.has(id));
      const done = await erasures.erase(at.id, at.field, at.value, ids);
      if (!done.ok) return setStep({ ...at, erasing: false, problem: done.error }); // the same id again: a retry is safe
      setValue('');
      setStep({ kind: 'done', parties: done.value.parties });
      onErased();
    });

  // The owner's next step gets the focus (and comes into view): the question, or the Erase button again after Cancel.
  const form = useRef<HTMLFormElement>(null);
  const asking = step.kind === 'confirm';
  const refused = step.kind === 'confirm' ? step.problem : undefined;
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) form.current?.querySelector<HTMLElement>('.erase-confirm')?.focus();
    else if (wasAsking.current && step.kind === 'found')
      form.current?.querySelector<HTMLElement>('.erase-start')?.focus();
    wasAsking.current = asking;
  }, [asking, refused, step.kind]);
  const erasing = step.kind === 'confirm' && step.erasing === true;
  const chosen =
    step.kind === 'found' || step.kind === 'confirm' ? step.matches.filter((m) => ticked.has(m.partyId)) : [];
  return (
    <form ref={form} class="guest-data-part" aria-labelledby="erase-title" onSubmit={find} noValidate>
      <h3 id="erase-title">{s.eraseTitle}</h3>
      <p>{blocked ? s.needsServer : erasures.where === 'tablet' ? `${s.eraseWhy} ${s.onTablet}` : s.eraseWhy}</p>
      <div class="erase-search">
        <Field id="erase-field" label={s.fieldLegend}>
          <select id="erase-field" value={field} onChange={(e) => setField(e.currentTarget.value as ErasureField)}>
            {ERASURE_FIELDS.map((f) => (
              <option key={f} value={f}>
                {s.fieldName(f)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="erase-value" label={s.valueLabel(field)}>
          <input
            id="erase-value"
            type="text"
            inputMode={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
            autoComplete="off"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="button" disabled={blocked || step.kind === 'busy' || erasing}>
          {step.kind === 'busy' ? s.finding : s.find}
        </button>
      </div>
      {step.kind === 'failed' && (
        <p class="problem-text" role="alert">
          {problemWords(step.problem)}
        </p>
      )}
      {step.kind === 'done' && (
        <p class="venue-ok" role="status">
          {s.erased(step.parties)}
        </p>
      )}
      {(step.kind === 'found' || step.kind === 'confirm') &&
        (step.matches.length === 0 ? (
          <p role="status">{s.none}</p>
        ) : (
          <fieldset class="erase-matches">
            <legend>{s.found(step.matches.length)}</legend>
            {step.matches.map((m) => (
              <label key={m.partyId} class="erase-match">
                <input
                  type="checkbox"
                  checked={ticked.has(m.partyId)}
                  disabled={step.kind === 'confirm'}
                  onChange={(e) => {
                    const next = new Set(ticked);
                    if (e.currentTarget.checked) next.add(m.partyId);
                    else next.delete(m.partyId);
                    setTicked(next);
                  }}
                />
                <span>
                  <strong>{m.name}</strong> {s.match(m.size, m.joinedAt, s.status(m.status))}
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      {step.kind === 'found' && chosen.length > 0 && (
        <div class="sheet-actions start">
          <button
            type="button"
            class="button danger erase-start"
            disabled={blocked}
            onClick={() => setStep({ ...step, kind: 'confirm', id: erasures.newId() })}
          >
            {s.erase(chosen.length)}
          </button>
        </div>
      )}
      {step.kind === 'confirm' && (
        <div class="erase-confirm" role="alertdialog" aria-labelledby="erase-confirm-text" tabIndex={-1}>
          <p id="erase-confirm-text">{s.confirm(chosen.length, erasures.where === 'server')}</p>
          {step.problem && (
            <p class="problem-text" role="alert">
              {problemWords(step.problem)}
            </p>
          )}
          <div class="sheet-actions start">
            <button type="button" class="button danger" disabled={blocked || erasing} onClick={() => erase(step)}>
              {erasing ? s.erasing : s.confirmYes(chosen.length)}
            </button>
            <button
              type="button"
              class="button"
              disabled={erasing}
              onClick={() => setStep({ kind: 'found', matches: step.matches, field: step.field, value: step.value })}
            >
              {s.cancel}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
