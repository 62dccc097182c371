import { useEffect, useRef, useState } from 'preact/hooks';
import type { VenueProblem, VenueResult } from '../core/venue.ts';
import {
  REPORT_PERIODS,
  SERVICE_DAY_STARTS_AT_HOUR,
  type ReportPeriod,
  type VenueReport,
} from '../core/wire/report.ts';
import { AccuracyChart, ByHourChart, Heatmap, PlaceChart, WaitsChart } from './ReportCharts.tsx';
import { SheetHead } from './SheetHead.tsx';
import { comparison, figureValue, headline, reportCsv } from './report-figures.ts';
import { reportWords } from './report-words.ts';
import { t } from './strings.ts';
import './report.css';

/** Asks the venue server for a report (the venue model's, with the PIN that opened Settings). */
export type LoadReport = (period: ReportPeriod, date: string) => Promise<VenueResult<VenueReport>>;

interface Props {
  load: LoadReport;
  /** Now, for the default date (last night). */
  now?: number;
  onClose(): void;
}

/** Last night's service day (YYYY-MM-DD, the tablet's time): a night runs past midnight until the next day's service. */
export function lastNight(now: number): string {
  const d = new Date(now - SERVICE_DAY_STARTS_AT_HOUR * 3_600_000);
  d.setDate(d.getDate() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The owner's report (behind the PIN, from the venue server): a night, a week or a month, each figure beside the period before. */
export function ReportDialog({ load, now = Date.now(), onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [period, setPeriod] = useState<ReportPeriod>('night');
  const [date, setDate] = useState(() => lastNight(now));
  const [answer, setAnswer] = useState<VenueResult<VenueReport> | null>(null);
  const [asked, setAsked] = useState(0); // Try again asks once more
  useEffect(() => dialog.current?.showModal(), []);
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    let shown = true;
    setAnswer(null);
    void load(period, date).then((a) => shown && setAnswer(a));
    return () => void (shown = false);
  }, [load, period, date, asked]);

  const s = reportWords();
  const report = answer?.ok ? answer.value : null;
  return (
    <dialog ref={dialog} class="sheet report-sheet" aria-labelledby="report-title" onClose={onClose}>
      <div class="sheet-form">
        <SheetHead id="report-title" title={s.title} onClose={() => dialog.current?.close()} />
        <div class="report-picker">
          <fieldset class="report-periods">
            <legend>{s.period}</legend>
            {REPORT_PERIODS.map((p) => (
              <label key={p} class={p === period ? 'chip on' : 'chip'}>
                <input
                  type="radio"
                  name="report-period"
                  value={p}
                  checked={p === period}
                  onChange={() => setPeriod(p)}
                />
                {s.periodName(p)}
              </label>
            ))}
          </fieldset>
          <label class="report-date">
            <span>{s.date}</span>
            <input type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          </label>
        </div>
        {!answer && <p role="status">{s.loading}</p>}
        {answer && !answer.ok && <Refusal problem={answer.error} onRetry={() => setAsked((n) => n + 1)} />}
        {report && <Report report={report} />}
      </div>
    </dialog>
  );
}

function Refusal({ problem, onRetry }: { problem: VenueProblem; onRetry(): void }) {
  return (
    <div class="problem" role="alert">
      <p>
        {/* A server from before the report answers "not found", which Settings' words would pin on a tablet. */}
        {problem.kind === 'not_found' ? reportWords().notOnServer : t().venue.pairMessage(problem)}
      </p>
      <button type="button" class="button" onClick={onRetry}>
        {reportWords().tryAgain}
      </button>
    </div>
  );
}

function Report({ report }: { report: VenueReport }) {
  const s = reportWords();
  const { current: c, previous: p } = report;
  const than = s.before(report.period, c.firstDay);
  const before = headline(p);
  const csv = reportCsv(report, s);
  const w = c.walkAways;
  return (
    <div class="report">
      <h3 class="report-heading">{s.heading(report.period, c.firstDay)}</h3>
      <p class="field-hint">{s.timeZone(report.timeZone)}</p>
      <dl class="report-figures">
        {headline(c).map((f, i) => (
          <div key={f.key} class="report-figure">
            <dt>{s[f.key as 'parties']}</dt>
            <dd class="report-number">{figureValue(f.value, f.how, s)}</dd>
            <dd class="report-change">{comparison(f.value, before[i]?.value ?? null, f.how, s, than)}</dd>
          </div>
        ))}
      </dl>
      {c.parties === 0 && <p>{s.noArrivals}</p>}
      <div class="sheet-actions start report-actions">
        <a
          class="button"
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\ufeff${csv}`)}`}
          download={s.csvName(report.period, report.date)}
        >
          {s.downloadCsv}
        </a>
        <button type="button" class="button" onClick={() => window.print()}>
          {s.print}
        </button>
      </div>
      <ByHourChart report={report} than={than} />
      <WaitsChart figures={c} />
      <section class="report-chart" aria-labelledby="report-quotes-h">
        <h3 id="report-quotes-h">{s.quotesTitle}</h3>
        <dl class="details-facts">
          <dt>{s.quoted}</dt>
          <dd>{c.quotes.quoted}</dd>
          <dt>{s.withinQuote}</dt>
          <dd>
            {figureValue(c.quotes.withinQuote, 'points', s)} (
            {comparison(c.quotes.withinQuote, p.quotes.withinQuote, 'points', s, than)})
          </dd>
          <dt>{s.meanError}</dt>
          <dd>
            {c.quotes.meanErrorMinutes === null ? s.none : s.errorValue(c.quotes.meanErrorMinutes)} (
            {comparison(c.quotes.meanErrorMinutes, p.quotes.meanErrorMinutes, 'minutes', s, than)})
          </dd>
          <dt>{s.meanAbsoluteError}</dt>
          <dd>
            {c.quotes.meanAbsoluteErrorMinutes === null ? s.none : s.minutesValue(c.quotes.meanAbsoluteErrorMinutes)} (
            {comparison(c.quotes.meanAbsoluteErrorMinutes, p.quotes.meanAbsoluteErrorMinutes, 'minutes', s, than)})
          </dd>
        </dl>
      </section>
      <AccuracyChart report={report} than={than} />
      <section class="report-chart" aria-labelledby="report-walk-h">
        <h3 id="report-walk-h">{s.walkAwaysTitle}</h3>
        <dl class="details-facts">
          {(['removedBeforeCall', 'noShowAfterCall', 'cancelledByGuest'] as const).map((key) => (
            <div key={key} class="report-fact">
              <dt>{s[key]}</dt>
              <dd>
                {w[key]} ({comparison(w[key], p.walkAways[key], 'percent', s, than)})
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <PlaceChart figures={c} />
      <section class="report-chart" aria-labelledby="report-joins-h">
        <h3 id="report-joins-h">{s.joinsTitle}</h3>
        <JoinsBar online={c.joins.online} stand={c.joins.atStand} />
        <dl class="details-facts">
          <dt>{s.online}</dt>
          <dd>
            {c.joins.online} ({comparison(c.joins.online, p.joins.online, 'percent', s, than)})
          </dd>
          <dt>{s.atStand}</dt>
          <dd>
            {c.joins.atStand} ({comparison(c.joins.atStand, p.joins.atStand, 'percent', s, than)})
          </dd>
        </dl>
      </section>
      <Heatmap report={report} />
      {c.busiestHours.length > 0 && (
        <section class="report-chart" aria-labelledby="report-busiest-h">
          <h3 id="report-busiest-h">{s.busiestTitle}</h3>
          <ol class="report-busiest">
            {c.busiestHours.map((b) => (
              <li key={`${b.weekday}-${b.hour}`}>
                {s.busiestHour(s.weekdayName(b.weekday), s.hourName(b.hour), b.parties)}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

/** One bar split between online joins and joins at the stand. */
function JoinsBar({ online, stand }: { online: number; stand: number }) {
  const s = reportWords();
  const total = online + stand;
  if (!total) return null;
  const split = (online / total) * 580;
  return (
    <svg role="img" aria-labelledby="report-joins-t" viewBox="0 0 600 44" class="report-joins">
      <title id="report-joins-t">{s.joinsChart(online, stand)}</title>
      <rect x="10" y="4" width={split} height="36" class="report-bar" />
      <rect x={10 + split} y="4" width={580 - split} height="36" class="report-bar light" />
      {online > 0 && (
        <text x="18" y="28" class="report-cell-text on start">
          {`${s.online} ${s.percentValue(online / total)}`}
        </text>
      )}
      {stand > 0 && (
        <text x="582" y="28" class="report-cell-text end">
          {`${s.atStand} ${s.percentValue(stand / total)}`}
        </text>
      )}
    </svg>
  );
}
