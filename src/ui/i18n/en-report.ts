import type { ReportPeriod } from '../../core/wire/report.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const SIZE_CLASSES = ['1–2 guests', '3–4 guests', '5–6 guests', '7 or more'];
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The owner's report in English: the period, its figures beside the period before, and its charts. */
export const enReport = {
  open: 'Open the report',
  sectionTitle: 'Report',
  sectionWhy: 'Parties, waits, quotes and walk-aways of a night, a week or a month, for the whole venue.',
  needsServer:
    'The report is worked out by the venue server from every tablet’s waitlist: connect this tablet to one above to see it.',
  title: 'Report',
  period: 'Period',
  periodName: (p: ReportPeriod) => ({ night: 'Night', week: 'Week', month: 'Month' })[p],
  date: 'Date',
  loading: 'Asking the venue server…',
  notOnServer: 'This venue server has no report yet: whoever runs it needs to update it.',
  tryAgain: 'Try again',
  print: 'Print',
  downloadCsv: 'Download CSV',
  /** What the report covers, in words: "Friday 4 December 2026". */
  heading(period: ReportPeriod, firstDay: string): string {
    const day = new Date(`${firstDay}T12:00:00Z`);
    const date = (o: Intl.DateTimeFormatOptions) => day.toLocaleDateString('en-GB', { timeZone: 'UTC', ...o });
    if (period === 'night')
      return `The night of ${date({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}`;
    if (period === 'week') return `The week from Monday ${date({ day: 'numeric', month: 'long', year: 'numeric' })}`;
    return date({ month: 'long', year: 'numeric' });
  },
  /** The period compared with, after "vs": "last Friday", "the week before". */
  before(period: ReportPeriod, firstDay: string): string {
    if (period === 'week') return 'the week before';
    if (period === 'month') return 'the month before';
    return `last ${WEEKDAYS[(new Date(`${firstDay}T12:00:00Z`).getUTCDay() + 6) % 7]}`;
  },
  timeZone: (zone: string) => `Times in ${zone}.`,
  // The comparison of one figure with the period before.
  percent: (change: number, before: string) => `${signed(change)}% vs ${before}`,
  minutes: (change: number, before: string) => `${signed(change)} min vs ${before}`,
  points: (change: number, before: string) => `${signed(change)} points vs ${before}`,
  same: (before: string) => `same as ${before}`,
  noneBefore: (before: string) => `none ${before}`,
  unknownBefore: (before: string) => `not known for ${before}`,
  parties: 'Parties',
  guests: 'Guests',
  medianWait: 'Median wait',
  withinQuote: 'Seated within their quote',
  walkAways: 'Walk-aways',
  onlineJoins: 'Joined online',
  minutesValue: (n: number) => `${Math.round(n)} min`,
  none: '—',
  // The charts, each with its table.
  byHourTitle: 'Parties and guests by hour of joining',
  byHourChart: (busiest: string) => `Bar chart of parties by hour of joining. Busiest: ${busiest}.`,
  byHourKey: (before: string) => `Bars: this period. Dashes: ${before}.`,
  hour: 'Hour',
  hourName: (h: number) => `${String(h).padStart(2, '0')}:00`,
  previousParties: (before: string) => `Parties ${before}`,
  thisPeriod: 'This period',
  previousPeriod: (before: string) => `${before[0]?.toUpperCase() ?? ''}${before.slice(1)}`,
  waitsTitle: 'Waits by party size (seated parties)',
  waitsChart: 'Bar chart of the median and 90th-percentile waits by party size.',
  sizeClass: (c: number | null) => (c === null ? 'Every size' : (SIZE_CLASSES[c] ?? '')),
  size: 'Party size',
  seated: 'Seated',
  median: 'Median',
  p90: '9 in 10 within',
  longest: 'Longest',
  quotesTitle: 'Quote accuracy',
  quoted: 'Parties quoted and seated',
  meanError: 'On average, seated later than quoted by',
  meanAbsoluteError: 'Average distance from the quote',
  errorValue: (n: number) => (n < 0 ? `${Math.round(-n)} min earlier` : `${Math.round(n)} min`),
  accuracyTitle: 'Waitbell’s suggestion against your quotes',
  accuracyKey: (parties: number, before: string) =>
    `Over the ${parties} seated ${parties === 1 ? 'party' : 'parties'} with both. Bars: seated within the quote. Dashes: ${before}.`,
  accuracyChart: (suggestion: string, host: string) =>
    `Bar chart of the share seated within the quote: Waitbell’s suggestion ${suggestion}, your quotes ${host}.`,
  accuracyNone:
    'No seated party of this period has both your quote and Waitbell’s suggestion: suggestions are kept from this version on.',
  suggestionRow: 'Waitbell’s suggestion',
  hostRow: 'Your quotes',
  withinShort: 'Seated within',
  withinBefore: (before: string) => `Seated within, ${before}`,
  meanErrorShort: 'Seated later by, on average',
  meanAbsoluteErrorShort: 'Average distance',
  walkAwaysTitle: 'Walk-aways',
  removedBeforeCall: 'Taken off the list before being called',
  noShowAfterCall: 'Did not come after being called',
  cancelledByGuest: 'Cancelled from their phone',
  byPlaceTitle: 'Left without being seated, by place in line when they joined',
  byPlaceChart: 'Bar chart of the share of parties that left, by their place in line when they joined.',
  place: 'Place in line',
  placeName: (from: number, to: number | null) =>
    to === null ? `${from} or later` : from === to ? `${from}` : `${from}–${to}`,
  placeUnknown: 'Not known (joined before places were kept)',
  joined: 'Joined',
  walkedAway: 'Left',
  share: 'Share',
  percentValue: (share: number) => `${Math.round(share * 100)}%`,
  joinsTitle: 'Online joins and joins at the stand',
  joinsChart: (online: number, stand: number) =>
    `Bar of ${plural(online, 'party', 'parties')} online and ${stand} at the stand.`,
  online: 'Online',
  atStand: 'At the stand',
  heatmapTitle: 'Arrivals by weekday and hour',
  heatmapChart: 'Grid of arrivals by weekday and hour: the darker, the busier.',
  weekday: 'Weekday',
  weekdayName: (d: number) => WEEKDAYS[d - 1] ?? '',
  weekdayShort: (d: number) => (WEEKDAYS[d - 1] ?? '').slice(0, 3),
  busiestTitle: 'Busiest hours',
  busiestHour: (weekday: string, hour: string, parties: number) =>
    `${weekday} ${hour}: ${plural(parties, 'party', 'parties')}`,
  noArrivals: 'No parties joined in this period.',
  showTable: 'Show the numbers',
  // The CSV's columns and file name.
  csvSection: 'Section',
  csvFigure: 'Figure',
  csvName: (period: ReportPeriod, date: string) => `waitbell-report-${period}-${date}.csv`,
};
