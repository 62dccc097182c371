import type { ComponentChildren } from 'preact';
import type { ReportFigures, VenueReport } from '../core/wire/report.ts';
import { hoursShown } from './report-figures.ts';
import { reportWords } from './report-words.ts';

/** A chart: its heading, the SVG (an image with a title) and the table with the same numbers behind it. */
function Chart(props: {
  id: string;
  title: string;
  label: string;
  svg: ComponentChildren;
  table: ComponentChildren;
  /** What the marks mean, under the title. */
  note?: string;
  height?: number;
}) {
  const { id, title, label, svg, table, note, height = 200 } = props;
  return (
    <section class="report-chart" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      {note && <p class="field-hint">{note}</p>}
      {svg && (
        <svg role="img" aria-labelledby={`${id}-t`} viewBox={`0 0 600 ${height}`} preserveAspectRatio="xMidYMid meet">
          <title id={`${id}-t`}>{label}</title>
          {svg}
        </svg>
      )}
      {/* The numbers, for screen readers and print: the chart above says the same to the eye. */}
      <div class="report-table">{table}</div>
    </section>
  );
}

/** Vertical bars, one per label, with the previous period as a thin mark; the value written above each bar. */
function Bars({ bars }: { bars: { label: string; value: number; before?: number | undefined; text?: string }[] }) {
  const top = Math.max(1, ...bars.map((b) => Math.max(b.value, b.before ?? 0)));
  const step = 580 / Math.max(1, bars.length);
  const y = (v: number) => 170 - (v / top) * 140;
  return (
    <g>
      <line x1="10" x2="590" y1="170" y2="170" class="report-axis" />
      {bars.map((b, i) => {
        const x = 10 + i * step;
        const w = Math.max(4, step * 0.7);
        return (
          <g key={b.label}>
            <rect x={x + (step - w) / 2} y={y(b.value)} width={w} height={170 - y(b.value)} class="report-bar" />
            {b.before !== undefined && (
              <line
                x1={x + (step - w) / 2 - 2}
                x2={x + (step + w) / 2 + 2}
                y1={y(b.before)}
                y2={y(b.before)}
                class="report-before"
              />
            )}
            {b.value > 0 && (
              <text x={x + step / 2} y={y(b.value) - 5} class="report-value">
                {b.text ?? b.value}
              </text>
            )}
            <text x={x + step / 2} y="188" class="report-label">
              {b.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Parties and guests by hour of joining, beside the period before. */
export function ByHourChart({ report, than }: { report: VenueReport; than: string }) {
  const s = reportWords();
  const hours = hoursShown(report);
  const { current: c, previous: p } = report;
  const busiest = c.busiestHours[0];
  return (
    <Chart
      id="report-hours"
      title={s.byHourTitle}
      note={s.byHourKey(than)}
      label={s.byHourChart(busiest ? s.hourName(busiest.hour) : s.none)}
      svg={
        <Bars
          bars={hours.map((h) => ({
            label: String(h),
            value: c.byHour[h]?.parties ?? 0,
            before: p.byHour[h]?.parties ?? 0,
          }))}
        />
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{s.hour}</th>
              <th scope="col">{s.parties}</th>
              <th scope="col">{s.guests}</th>
              <th scope="col">{s.previousParties(than)}</th>
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h}>
                <th scope="row">{s.hourName(h)}</th>
                <td>{c.byHour[h]?.parties ?? 0}</td>
                <td>{c.byHour[h]?.guests ?? 0}</td>
                <td>{p.byHour[h]?.parties ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

const minutes = (n: number | null) => (n === null ? reportWords().none : reportWords().minutesValue(n));

/** Waits of the seated parties by size class: median bars, the 90th percentile as a lighter bar behind. */
export function WaitsChart({ figures }: { figures: ReportFigures }) {
  const s = reportWords();
  const rows = figures.waits;
  const top = Math.max(1, ...rows.map((w) => w.p90Minutes ?? w.medianMinutes ?? 0));
  const step = 180 / Math.max(1, rows.length);
  const x = (v: number) => 170 + (v / top) * 300; // room on the right for the minutes
  return (
    <Chart
      id="report-waits"
      title={s.waitsTitle}
      label={s.waitsChart}
      svg={
        rows.length > 0 && (
          <g>
            {rows.map((w, i) => (
              <g key={String(w.sizeClass)}>
                <text x="160" y={10 + i * step + step / 2 + 5} class="report-label end">
                  {s.sizeClass(w.sizeClass)}
                </text>
                <rect
                  x="170"
                  y={10 + i * step + 4}
                  width={x(w.p90Minutes ?? 0) - 170}
                  height={step - 8}
                  class="report-bar light"
                />
                <rect
                  x="170"
                  y={10 + i * step + 4}
                  width={x(w.medianMinutes ?? 0) - 170}
                  height={step - 8}
                  class="report-bar"
                />
                <text
                  x={x(w.p90Minutes ?? w.medianMinutes ?? 0) + 6}
                  y={10 + i * step + step / 2 + 5}
                  class="report-value start"
                >
                  {`${minutes(w.medianMinutes)} · ${minutes(w.p90Minutes)}`}
                </text>
              </g>
            ))}
          </g>
        )
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{s.size}</th>
              <th scope="col">{s.seated}</th>
              <th scope="col">{s.median}</th>
              <th scope="col">{s.p90}</th>
              <th scope="col">{s.longest}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w) => (
              <tr key={String(w.sizeClass)}>
                <th scope="row">{s.sizeClass(w.sizeClass)}</th>
                <td>{w.seated}</td>
                <td>{minutes(w.medianMinutes)}</td>
                <td>{minutes(w.p90Minutes)}</td>
                <td>{minutes(w.longestMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** Who left without being seated, by their place in line when they joined. */
export function PlaceChart({ figures }: { figures: ReportFigures }) {
  const s = reportWords();
  const { byPlace, placeUnknown } = figures.walkAways;
  const share = (b: { joined: number; walkedAway: number }) => (b.joined ? b.walkedAway / b.joined : 0);
  const rows = [
    ...byPlace.map((b) => ({ name: s.placeName(b.from, b.to), ...b })),
    ...(placeUnknown.joined ? [{ name: s.placeUnknown, ...placeUnknown }] : []),
  ];
  return (
    <Chart
      id="report-places"
      title={s.byPlaceTitle}
      label={s.byPlaceChart}
      svg={
        byPlace.length > 0 && (
          <Bars
            bars={byPlace.map((b) => ({
              label: s.placeName(b.from, b.to),
              value: Math.round(share(b) * 100),
              text: s.percentValue(share(b)),
            }))}
          />
        )
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{s.place}</th>
              <th scope="col">{s.joined}</th>
              <th scope="col">{s.walkedAway}</th>
              <th scope="col">{s.share}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.name}>
                <th scope="row">{b.name}</th>
                <td>{b.joined}</td>
                <td>{b.walkedAway}</td>
                <td>{s.percentValue(share(b))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** Arrivals by weekday and hour: the darker the cell, the busier; the count written in each. */
export function Heatmap({ report }: { report: VenueReport }) {
  const s = reportWords();
  const cells = report.current.heatmap;
  const hours = hoursShown(report);
  const days = [...new Set(cells.map((c) => c.weekday))].sort();
  const top = Math.max(1, ...cells.map((c) => c.parties));
  const at = (d: number, h: number) => cells.find((c) => c.weekday === d && c.hour === h)?.parties ?? 0;
  const w = 540 / Math.max(1, hours.length);
  const h = Math.min(24, 170 / Math.max(1, days.length));
  return (
    <Chart
      id="report-heatmap"
      title={s.heatmapTitle}
      label={s.heatmapChart}
      height={10 + days.length * h + 24}
      svg={
        days.length > 0 && (
          <g>
            {days.map((d, i) => (
              <g key={d}>
                <text x="52" y={10 + i * h + h / 2 + 5} class="report-label end">
                  {s.weekdayShort(d)}
                </text>
                {hours.map((hour, j) => {
                  const n = at(d, hour);
                  return (
                    <g key={hour}>
                      <rect
                        x={58 + j * w}
                        y={10 + i * h}
                        width={w - 2}
                        height={h - 2}
                        class="report-cell"
                        style={{ opacity: n ? 0.15 + 0.85 * (n / top) : 0.05 }}
                      />
                      {n > 0 && (
                        <text
                          x={58 + j * w + w / 2}
                          y={10 + i * h + h / 2 + 4}
                          class={n / top > 0.5 ? 'report-cell-text on' : 'report-cell-text'}
                        >
                          {n}
                        </text>
                      )}
                    </g>
                  );
                })}
              </g>
            ))}
            {hours.map((hour, j) => (
              <text key={hour} x={58 + j * w + w / 2} y={10 + days.length * h + 14} class="report-label">
                {hour}
              </text>
            ))}
          </g>
        )
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{s.weekday}</th>
              {hours.map((hour) => (
                <th scope="col" key={hour}>
                  {s.hourName(hour)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d}>
                <th scope="row">{s.weekdayName(d)}</th>
                {hours.map((hour) => (
                  <td key={hour}>{at(d, hour)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** Waitbell's suggestions against the host's quotes over the same seated parties, each beside the period before. */
export function AccuracyChart({ report, than }: { report: VenueReport; than: string }) {
  const s = reportWords();
  const now = report.current.suggestionAccuracy;
  const before = report.previous.suggestionAccuracy;
  if (!now.recorded)
    return (
      <section class="report-chart" aria-labelledby="report-accuracy-h">
        <h3 id="report-accuracy-h">{s.accuracyTitle}</h3>
        <p class="field-hint">{s.accuracyNone}</p>
      </section>
    );
  const rows = [
    {
      key: 'suggestion',
      label: s.suggestionRow,
      now: now.suggestion,
      before: before.recorded ? before.suggestion : null,
    },
    { key: 'host', label: s.hostRow, now: now.host, before: before.recorded ? before.host : null },
  ] as const;
  const share = (v: number | undefined) => (v === undefined ? s.none : s.percentValue(v));
  return (
    <Chart
      id="report-accuracy"
      title={s.accuracyTitle}
      note={s.accuracyKey(now.parties, than)}
      label={s.accuracyChart(share(now.suggestion.seatedWithinShare), share(now.host.seatedWithinShare))}
      svg={
        <Bars
          bars={rows.map((r) => ({
            label: r.label,
            value: Math.round(r.now.seatedWithinShare * 100),
            before: r.before ? Math.round(r.before.seatedWithinShare * 100) : undefined,
            text: share(r.now.seatedWithinShare),
          }))}
        />
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{s.quotesTitle}</th>
              <th scope="col">{s.withinShort}</th>
              <th scope="col">{s.withinBefore(than)}</th>
              <th scope="col">{s.meanErrorShort}</th>
              <th scope="col">{s.meanAbsoluteErrorShort}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td>{share(r.now.seatedWithinShare)}</td>
                <td>{share(r.before?.seatedWithinShare)}</td>
                <td>{s.errorValue(r.now.meanErrorMinutes)}</td>
                <td>{s.minutesValue(r.now.meanAbsoluteErrorMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
