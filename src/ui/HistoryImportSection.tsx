import { useRef, useState } from 'preact/hooks';
import type { CsvProblem } from '../core/history-csv.ts';
import type { PastParty } from '../core/quote-history.ts';
import type { HistoryPreview, Quotes } from '../state/quotes-model.ts';
import { language, t } from './strings.ts';

/** Refusals shown before "…and N more lines" (each says what is wrong, and on which lines). */
const SHOWN_REFUSALS = 20;
/** Runs of lines named before the rest of a refusal's lines are counted. */
const SHOWN_RUNS = 6;
/** Rows of the file shown in the preview. */
const SHOWN_ROWS = 5;

type Step =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'preview'; preview: Extract<HistoryPreview, { ok: true }> }
  | { kind: 'refused'; preview: Extract<HistoryPreview, { ok: false }> }
  | { kind: 'importing' }
  | { kind: 'said'; message: string };

const day = (at: number) => new Date(at).toLocaleDateString(language.value, { dateStyle: 'medium' });
const moment = (at: number) => new Date(at).toLocaleString(language.value, { dateStyle: 'short', timeStyle: 'short' });

/** Settings → Import history: a CSV of past parties, previewed, then imported whole or not at all. */
export function HistoryImportSection({ quotes }: { quotes: Quotes }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const importing = useRef(false); // a double tap on Import imports once
  const s = t().quotes.history;

  async function read(file: File | undefined) {
    if (!file) return;
    setStep({ kind: 'reading' });
    let text: string;
    try {
      text = await file.text();
    } catch {
      return setStep({ kind: 'said', message: s.notText });
    }
    const preview = await quotes.preview(text);
    setStep(preview.ok ? { kind: 'preview', preview } : { kind: 'refused', preview });
  }

  async function importAll(parties: PastParty[]) {
    if (importing.current) return;
    importing.current = true;
    setStep({ kind: 'importing' });
    const count = await quotes.importHistory(parties);
    importing.current = false;
    const message = !count
      ? s.failed
      : count.tooOld > 0
        ? `${s.done(count.added, count.alreadyThere)} ${s.tooOld(count.tooOld)}`
        : s.done(count.added, count.alreadyThere);
    setStep({ kind: 'said', message });
  }

  return (
    <section class="kiosk-section history-import" aria-labelledby="history-title">
      <h3 id="history-title">{s.title}</h3>
      <p class="field-hint">{s.why}</p>
      <p class="field-hint">{s.format}</p>
      <label class="field">
        <span class="field-label">{s.choose}</span>
        <input
          type="file"
          accept="text/csv,.csv"
          disabled={step.kind === 'reading' || step.kind === 'importing'}
          onChange={(e) => {
            const input = e.currentTarget;
            void read(input.files?.[0]).finally(() => (input.value = '')); // the same file can be chosen again once fixed
          }}
        />
      </label>
      {step.kind === 'reading' && <p role="status">{s.reading}</p>}
      {step.kind === 'importing' && <p role="status">{s.importing}</p>}
      {step.kind === 'said' && <p role="status">{step.message}</p>}
      {step.kind === 'refused' && <Refusals problems={step.preview.problems} />}
      {step.kind === 'preview' && (
        <Preview
          preview={step.preview}
          onImport={() => void importAll(step.preview.parties)}
          onCancel={() => setStep({ kind: 'idle' })}
        />
      )}
    </section>
  );
}

function Refusals({ problems }: { problems: Extract<HistoryPreview, { ok: false }>['problems'] }) {
  const s = t().quotes;
  const lines = new Set(problems.map((p) => p.line)).size;
  const groups = sameProblem(problems);
  const unshown = new Set(groups.slice(SHOWN_REFUSALS).flatMap((g) => g.lines)).size;
  return (
    <div class="problem history-refused" role="alert">
      <p>{s.history.refused(lines)}</p>
      <ul>
        {groups.slice(0, SHOWN_REFUSALS).map(({ problem, lines }) => (
          <li key={`${lines[0]}-${problem.kind}-${problem.column ?? ''}`}>
            {s.csvProblem(lineList(lines), lines.length, problem)}
          </li>
        ))}
      </ul>
      {unshown > 0 && <p>{s.history.more(unshown)}</p>}
    </div>
  );
}

/**
 * Refusals that say the same thing, as one: a file wrong the same way on 500 rows reads as one
 * problem and where it is, not 500 lines to scroll. In the order the file first shows each.
 */
function sameProblem(problems: readonly CsvProblem[]): { problem: CsvProblem; lines: number[] }[] {
  const groups = new Map<string, { problem: CsvProblem; lines: number[] }>();
  for (const problem of problems) {
    const key = JSON.stringify([problem.kind, problem.column ?? '', problem.value ?? '']);
    const group = groups.get(key);
    if (group) group.lines.push(problem.line);
    else groups.set(key, { problem, lines: [problem.line] });
  }
  return [...groups.values()];
}

/** "4–27, 31, 40–41": line numbers as runs, the first few of them, then "…". */
function lineList(lines: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j += 1;
    runs.push(j > i ? `${lines[i]}–${lines[j]}` : String(lines[i]));
    i = j + 1;
  }
  return runs.length > SHOWN_RUNS ? `${runs.slice(0, SHOWN_RUNS).join(', ')}…` : runs.join(', ');
}

interface PreviewProps {
  preview: Extract<HistoryPreview, { ok: true }>;
  onImport(): void;
  onCancel(): void;
}

function Preview({ preview: { parties, summary, tooOld }, onImport, onCancel }: PreviewProps) {
  const s = t().quotes.history;
  const minutes = (from: number, to: number | null) => (to === null ? '' : ` ${Math.round((to - from) / 60_000)} min`);
  return (
    <div class="history-preview" role="region" aria-labelledby="history-preview-title">
      <p id="history-preview-title" class="history-summary">
        <strong>{s.summary(summary.count)}</strong>
        <span>{summary.from !== null && summary.to !== null && s.range(day(summary.from), day(summary.to))}</span>
        <span>{s.outcomes(summary.seated, summary.noShow, summary.removed)}</span>
        {tooOld > 0 && <span>{s.willLeaveOut(tooOld)}</span>}
      </p>
      <table class="history-rows">
        <caption>{s.firstRows}</caption>
        <thead>
          <tr>
            <th scope="col">{s.columns.joined}</th>
            <th scope="col">{s.columns.size}</th>
            <th scope="col">{s.columns.quoted}</th>
            <th scope="col">{s.columns.outcome}</th>
          </tr>
        </thead>
        <tbody>
          {parties.slice(0, SHOWN_ROWS).map((p, i) => (
            <tr key={i}>
              <td>{moment(p.joinedAt)}</td>
              <td>{p.size}</td>
              <td>{p.quotedMinutes === null ? s.none : s.minutes(p.quotedMinutes)}</td>
              <td>
                {s.outcome[p.outcome]}
                {p.outcome === 'seated' && minutes(p.joinedAt, p.seatedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="sheet-actions start">
        <button type="button" class="button" onClick={onCancel}>
          {t().cancel}
        </button>
        <button type="button" class="button primary" disabled={summary.count === tooOld} onClick={onImport}>
          {s.import(summary.count - tooOld)}
        </button>
      </div>
    </div>
  );
}
