import { csvLine, spreadsheetSafe } from '../core/history-csv.ts';
import type { ReportFigures, VenueReport } from '../core/wire/report.ts';
import type { enReport } from './i18n/en-report.ts';

type Words = typeof enReport;

/** How a figure is compared: as a share of the count before, in minutes, or in percentage points. */
export type Compare = 'percent' | 'minutes' | 'points';

/** One figure's comparison with the period before, in words: "+12% vs last Friday". */
export function comparison(
  now: number | null,
  before: number | null,
  how: Compare,
  words: Words,
  than: string,
): string {
  if (now === null || before === null) return words.unknownBefore(than);
  if (how === 'percent') {
    if (before === 0) return now === 0 ? words.same(than) : words.noneBefore(than);
    const change = Math.round(((now - before) / before) * 100);
    return change === 0 ? words.same(than) : words.percent(change, than);
  }
  const change = Math.round(how === 'points' ? (now - before) * 100 : now - before);
  if (change === 0) return words.same(than);
  return how === 'points' ? words.points(change, than) : words.minutes(change, than);
}

/** The headline figures of a period, each with how it is compared. */
export function headline(f: ReportFigures): { key: string; value: number | null; how: Compare }[] {
  const all = f.waits.find((w) => w.sizeClass === null);
  const w = f.walkAways;
  const joins = f.joins.online + f.joins.atStand;
  return [
    { key: 'parties', value: f.parties, how: 'percent' },
    { key: 'guests', value: f.guests, how: 'percent' },
    { key: 'medianWait', value: all?.medianMinutes ?? null, how: 'minutes' },
    { key: 'withinQuote', value: f.quotes.withinQuote, how: 'points' },
    { key: 'walkAways', value: w.removedBeforeCall + w.noShowAfterCall + w.cancelledByGuest, how: 'percent' },
    { key: 'onlineJoins', value: joins ? f.joins.online / joins : null, how: 'points' },
  ];
}

/** A headline figure as it reads: a count, minutes or a share. */
export function figureValue(value: number | null, how: Compare, words: Words): string {
  if (value === null) return words.none;
  if (how === 'minutes') return words.minutesValue(value);
  if (how === 'points') return words.percentValue(value);
  return String(value);
}

/** The hours to draw: from the first to the last with arrivals in either period (every hour when none). */
export function hoursShown(report: VenueReport): number[] {
  const busy = (h: number) => (report.current.byHour[h]?.parties ?? 0) + (report.previous.byHour[h]?.parties ?? 0) > 0;
  const hours = Array.from({ length: 24 }, (_, h) => h).filter(busy);
  const first = hours[0];
  const last = hours.at(-1);
  if (first === undefined || last === undefined) return Array.from({ length: 24 }, (_, h) => h);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The figures shown, as a spreadsheet: section, figure, this period, the period before; every cell spreadsheet-safe. */
export function reportCsv(report: VenueReport, words: Words): string {
  const { current: c, previous: p } = report;
  const than = words.before(report.period, c.firstDay);
  const rows: string[][] = [[words.csvSection, words.csvFigure, words.thisPeriod, words.previousPeriod(than)]];
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(Math.round(v * 100) / 100));
  const add = (section: string, figure: string, now: number | null | undefined, before: number | null | undefined) =>
    rows.push([section, figure, n(now), n(before)]);
  const head = headline(c);
  const headBefore = headline(p);
  head.forEach((h, i) => {
    const share = h.how === 'points';
    const before = headBefore[i]?.value ?? null;
    add(
      words.title,
      words[h.key as 'parties'],
      share && h.value !== null ? h.value * 100 : h.value,
      share && before !== null ? before * 100 : before,
    );
  });
  for (const h of hoursShown(report)) {
    add(words.byHourTitle, `${words.hourName(h)} ${words.parties}`, c.byHour[h]?.parties, p.byHour[h]?.parties);
    add(words.byHourTitle, `${words.hourName(h)} ${words.guests}`, c.byHour[h]?.guests, p.byHour[h]?.guests);
  }
  for (const w of c.waits) {
    const b = p.waits.find((x) => x.sizeClass === w.sizeClass);
    const size = words.sizeClass(w.sizeClass);
    add(words.waitsTitle, `${size}: ${words.seated}`, w.seated, b?.seated);
    add(words.waitsTitle, `${size}: ${words.median}`, w.medianMinutes, b?.medianMinutes);
    add(words.waitsTitle, `${size}: ${words.p90}`, w.p90Minutes, b?.p90Minutes);
    add(words.waitsTitle, `${size}: ${words.longest}`, w.longestMinutes, b?.longestMinutes);
  }
  add(words.quotesTitle, words.quoted, c.quotes.quoted, p.quotes.quoted);
  add(words.quotesTitle, words.meanError, c.quotes.meanErrorMinutes, p.quotes.meanErrorMinutes);
  add(words.quotesTitle, words.meanAbsoluteError, c.quotes.meanAbsoluteErrorMinutes, p.quotes.meanAbsoluteErrorMinutes);
  const pct = (v: number | null) => (v === null ? null : v * 100);
  add(words.quotesTitle, `${words.withinQuote} (%)`, pct(c.quotes.withinQuote), pct(p.quotes.withinQuote));
  const [a, b] = [c.suggestionAccuracy, p.suggestionAccuracy];
  for (const who of ['suggestion', 'host'] as const) {
    const row = `${who === 'suggestion' ? words.suggestionRow : words.hostRow}: `;
    const [x, y] = [a.recorded ? a[who] : null, b.recorded ? b[who] : null];
    add(
      words.accuracyTitle,
      `${row}${words.withinShort} (%)`,
      pct(x?.seatedWithinShare ?? null),
      pct(y?.seatedWithinShare ?? null),
    );
    add(words.accuracyTitle, `${row}${words.meanErrorShort}`, x?.meanErrorMinutes, y?.meanErrorMinutes);
    add(
      words.accuracyTitle,
      `${row}${words.meanAbsoluteErrorShort}`,
      x?.meanAbsoluteErrorMinutes,
      y?.meanAbsoluteErrorMinutes,
    );
  }
  for (const key of ['removedBeforeCall', 'noShowAfterCall', 'cancelledByGuest'] as const)
    add(words.walkAwaysTitle, words[key], c.walkAways[key], p.walkAways[key]);
  for (const b of c.walkAways.byPlace) {
    const place = `${words.place} ${words.placeName(b.from, b.to)}`;
    add(words.byPlaceTitle, `${place}: ${words.joined}`, b.joined, null);
    add(words.byPlaceTitle, `${place}: ${words.walkedAway}`, b.walkedAway, null);
  }
  add(words.joinsTitle, words.online, c.joins.online, p.joins.online);
  add(words.joinsTitle, words.atStand, c.joins.atStand, p.joins.atStand);
  for (const b of c.busiestHours)
    add(words.busiestTitle, `${words.weekdayName(b.weekday)} ${words.hourName(b.hour)}`, b.parties, null);
  return rows.map((r) => csvLine(r.map(spreadsheetSafe))).join('');
}
