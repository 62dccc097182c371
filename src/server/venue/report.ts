import { venueTimeZone } from './venue-time-zone.ts';
import {
  REPORT_PERIODS,
  REPORT_PLACES,
  SERVICE_DAY_STARTS_AT_HOUR,
  type ReportFigures,
  type ReportPeriod,
  type ReportWaits,
  type VenueReport,
} from '../../core/wire/report.ts';
import { DatabaseError, type Database } from '../db/database.ts';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD date as days since the epoch; null for one that is no date (2026-02-30). */
export function dayNumber(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(at);
  const same =
    back.getUTCFullYear() === Number(m[1]) &&
    back.getUTCMonth() === Number(m[2]) - 1 &&
    back.getUTCDate() === Number(m[3]);
  return same && Number(m[1]) >= 2000 && Number(m[1]) <= 2200 ? at / DAY_MS : null;
}
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The local days [first, end) of the period holding `day`, and of the comparable one before it. */
export function periodDays(
  period: ReportPeriod,
  day: number,
): { current: [string, string]; previous: [string, string] } {
  const span = (first: number, end: number): [string, string] => [dateOf(first), dateOf(end)];
  if (period === 'night') return { current: span(day, day + 1), previous: span(day - 7, day - 6) };
  if (period === 'week') {
    const monday = day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7);
    return { current: span(monday, monday + 7), previous: span(monday - 7, monday) };
  }
  const d = new Date(day * DAY_MS);
  const monthStart = (y: number, m: number) => Date.UTC(y, m, 1) / DAY_MS;
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  return {
    current: span(monthStart(y, m), monthStart(y, m + 1)),
    previous: span(monthStart(y, m - 1), monthStart(y, m)),
  };
}

/**
 * Every figure of both periods in one statement: the periods' bounds cut in the venue's time zone, the
 * parties that joined in them (by the joinedAt index), then each figure grouped by period.
 */
const REPORT_SQL = `
WITH bounds AS (
  SELECT which, first_day,
    (extract(epoch FROM (first_day::date + $7 * interval '1 hour') AT TIME ZONE $2) * 1000)::float8 AS from_ms,
    (extract(epoch FROM (end_day::date + $7 * interval '1 hour') AT TIME ZONE $2) * 1000)::float8 AS to_ms
  FROM (VALUES ('current', $3::text, $4::text), ('previous', $5::text, $6::text)) AS v (which, first_day, end_day)
),
p AS (
  SELECT b.which, j.joined,
    (x.party->>'size')::int AS size,
    x.party->>'status' AS status,
    (x.party->>'calledAt')::float8 AS called,
    x.party->>'finishReason' AS reason,
    (x.party->>'quoteMinutes')::float8 AS quote,
    -- Waitbell's suggestion, kept only where it can be compared: a seated party the host quoted too.
    CASE WHEN x.party->>'status' = 'seated' AND x.party->>'quoteMinutes' IS NOT NULL
      THEN (x.party->>'suggestedMinutes')::float8 END AS suggested,
    (x.party->>'joinedPosition')::float8 AS place,
    coalesce(x.party->>'joinedVia' = 'online', false) AS online,
    CASE WHEN x.party->>'status' = 'seated' THEN ((x.party->>'finishedAt')::float8 - j.joined) / 60000 END AS wait,
    to_timestamp(j.joined / 1000) AT TIME ZONE $2 AS local
  FROM bounds b
  JOIN sync_parties x ON x.venue_id = $1
    AND (x.party->>'joinedAt')::float8 >= b.from_ms AND (x.party->>'joinedAt')::float8 < b.to_ms
  CROSS JOIN LATERAL (SELECT (x.party->>'joinedAt')::float8 AS joined) j
),
totals AS (
  SELECT which, count(*) AS parties, coalesce(sum(size), 0) AS guests,
    count(*) FILTER (WHERE online) AS online,
    count(*) FILTER (WHERE status = 'removed' AND called IS NULL AND coalesce(reason, '') NOT IN ('guest_cancelled', 'erased'))
      AS removed_before_call,
    count(*) FILTER (WHERE status = 'no_show'
      OR (status = 'removed' AND called IS NOT NULL AND coalesce(reason, '') NOT IN ('guest_cancelled', 'erased')))
      AS no_show_after_call,
    count(*) FILTER (WHERE reason = 'guest_cancelled') AS cancelled_by_guest,
    count(*) FILTER (WHERE wait IS NOT NULL AND quote IS NOT NULL) AS quoted,
    round(avg(wait - quote)::numeric, 1)::float8 AS mean_error,
    round(avg(abs(wait - quote))::numeric, 1)::float8 AS mean_absolute_error,
    round(avg(CASE WHEN wait IS NULL OR quote IS NULL THEN NULL WHEN wait <= quote THEN 1 ELSE 0 END)::numeric, 3)::float8
      AS within_quote,
    count(suggested) AS compared,
    round((avg(wait - suggested) FILTER (WHERE suggested IS NOT NULL))::numeric, 1)::float8 AS suggested_error,
    round((avg(abs(wait - suggested)) FILTER (WHERE suggested IS NOT NULL))::numeric, 1)::float8 AS suggested_absolute_error,
    round((avg(CASE WHEN wait <= suggested THEN 1 ELSE 0 END) FILTER (WHERE suggested IS NOT NULL))::numeric, 3)::float8
      AS suggested_within,
    round((avg(wait - quote) FILTER (WHERE suggested IS NOT NULL))::numeric, 1)::float8 AS host_error,
    round((avg(abs(wait - quote)) FILTER (WHERE suggested IS NOT NULL))::numeric, 1)::float8 AS host_absolute_error,
    round((avg(CASE WHEN wait <= quote THEN 1 ELSE 0 END) FILTER (WHERE suggested IS NOT NULL))::numeric, 3)::float8
      AS host_within
  FROM p GROUP BY which
),
hours AS (
  SELECT which, extract(hour FROM local)::int AS hour, count(*) AS parties, sum(size) AS guests
  FROM p GROUP BY 1, 2
),
heat AS (
  SELECT *, row_number() OVER (PARTITION BY which ORDER BY parties DESC, weekday, hour) AS rank
  FROM (SELECT which, extract(isodow FROM local)::int AS weekday, extract(hour FROM local)::int AS hour, count(*) AS parties
        FROM p GROUP BY 1, 2, 3) c
),
waits AS (
  SELECT which, size_class, count(*) AS seated,
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)::numeric, 1)::float8 AS median,
    round(percentile_cont(0.9) WITHIN GROUP (ORDER BY wait)::numeric, 1)::float8 AS p90,
    round(max(wait)::numeric, 1)::float8 AS longest
  FROM (SELECT which, wait, CASE WHEN size <= 2 THEN 0 WHEN size <= 4 THEN 1 WHEN size <= 6 THEN 2 ELSE 3 END AS size_class
        FROM p WHERE wait IS NOT NULL) w
  GROUP BY GROUPING SETS ((which, size_class), (which))
),
places AS (
  SELECT which,
    CASE WHEN place IS NULL THEN NULL WHEN place <= 3 THEN place::int WHEN place <= 5 THEN 4 WHEN place <= 10 THEN 6 ELSE 11 END
      AS from_place,
    count(*) AS joined, count(*) FILTER (WHERE status IN ('removed', 'no_show') AND reason IS DISTINCT FROM 'erased') AS walked_away
  FROM p GROUP BY 1, 2
)
SELECT
  (SELECT jsonb_agg(b) FROM bounds b) AS bounds,
  (SELECT jsonb_agg(t) FROM totals t) AS totals,
  (SELECT jsonb_agg(h) FROM hours h) AS hours,
  (SELECT jsonb_agg(h) FROM heat h) AS heat,
  (SELECT jsonb_agg(w) FROM waits w) AS waits,
  (SELECT jsonb_agg(l) FROM places l) AS places
`;

type Which = 'current' | 'previous';
interface Rows {
  bounds: { which: Which; first_day: string; from_ms: number; to_ms: number }[];
  totals: ({ which: Which } & Record<string, number | null>)[] | null;
  hours: { which: Which; hour: number; parties: number; guests: number }[] | null;
  heat: { which: Which; weekday: number; hour: number; parties: number; rank: number }[] | null;
  waits:
    { which: Which; size_class: number | null; seated: number; median: number; p90: number; longest: number }[] | null;
  places: { which: Which; from_place: number | null; joined: number; walked_away: number }[] | null;
}

/** One period's figures from the statement's rows: only shaped here (zeros where nothing was counted). */
function figuresOf(rows: Rows, which: Which): ReportFigures {
  const mine = <T extends { which: Which }>(list: T[] | null) => (list ?? []).filter((r) => r.which === which);
  const bound = mine(rows.bounds)[0]!;
  const t = mine(rows.totals)[0];
  const count = (key: string) => Number(t?.[key] ?? 0);
  const share = (key: string) => (t?.[key] === null || t?.[key] === undefined ? null : Number(t[key]));
  const hours = mine(rows.hours);
  const waits = mine(rows.waits);
  const places = mine(rows.places);
  const heat = mine(rows.heat);
  const waitsOf = (sizeClass: number | null): ReportWaits => {
    const w = waits.find((r) => r.size_class === sizeClass);
    return {
      sizeClass,
      seated: Number(w?.seated ?? 0),
      medianMinutes: w?.median ?? null,
      p90Minutes: w?.p90 ?? null,
      longestMinutes: w?.longest ?? null,
    };
  };
  const place = (from: number | null) => {
    const r = places.find((l) => l.from_place === from);
    return { joined: Number(r?.joined ?? 0), walkedAway: Number(r?.walked_away ?? 0) };
  };
  const accuracy = (prefix: 'suggested' | 'host') => ({
    meanErrorMinutes: Number(t?.[`${prefix}_error`]),
    meanAbsoluteErrorMinutes: Number(t?.[`${prefix}_absolute_error`]),
    seatedWithinShare: Number(t?.[`${prefix}_within`]),
  });
  const compared = count('compared');
  return {
    from: bound.from_ms,
    to: bound.to_ms,
    firstDay: bound.first_day,
    parties: count('parties'),
    guests: count('guests'),
    byHour: Array.from({ length: 24 }, (_, hour) => {
      const h = hours.find((r) => r.hour === hour);
      return { hour, parties: Number(h?.parties ?? 0), guests: Number(h?.guests ?? 0) };
    }),
    waits: [null, 0, 1, 2, 3].map(waitsOf),
    quotes: {
      quoted: count('quoted'),
      meanErrorMinutes: share('mean_error'),
      meanAbsoluteErrorMinutes: share('mean_absolute_error'),
      withinQuote: share('within_quote'),
    },
    walkAways: {
      removedBeforeCall: count('removed_before_call'),
      noShowAfterCall: count('no_show_after_call'),
      cancelledByGuest: count('cancelled_by_guest'),
      byPlace: REPORT_PLACES.map(([from, to]) => ({ from, to, ...place(from) })),
      placeUnknown: place(null),
    },
    joins: { online: count('online'), atStand: count('parties') - count('online') },
    heatmap: heat
      .map(({ weekday, hour, parties }) => ({ weekday, hour, parties: Number(parties) }))
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    busiestHours: heat
      .filter((h) => Number(h.rank) <= 3)
      .sort((a, b) => Number(a.rank) - Number(b.rank))
      .map(({ weekday, hour, parties }) => ({ weekday, hour, parties: Number(parties) })),
    suggestionAccuracy:
      compared === 0
        ? { recorded: false }
        : { recorded: true, parties: compared, suggestion: accuracy('suggested'), host: accuracy('host') },
  };
}

export const isReportPeriod = (text: unknown): text is ReportPeriod =>
  typeof text === 'string' && (REPORT_PERIODS as readonly string[]).includes(text);

/** The owner's report, computed by the database over the venue's synced parties. */
export function venueReports(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  const run = (venueId: string, timeZone: string, days: ReturnType<typeof periodDays>) =>
    db.query<Rows>(REPORT_SQL, [venueId, timeZone, ...days.current, ...days.previous, SERVICE_DAY_STARTS_AT_HOUR]);

  return {
    /** The report of the `period` holding `day` (days since the epoch, as `dayNumber` reads a date). */
    async of(venueId: string, period: ReportPeriod, date: string, day: number): Promise<VenueReport> {
      let timeZone = await venueTimeZone(db, venueId);
      const days = periodDays(period, day);
      let result;
      try {
        result = await run(venueId, timeZone, days);
      } catch (error) {
        // A zone the tablets know and this database does not (its own time zone files are older): cut in UTC.
        if (!(error instanceof DatabaseError && error.code === '22023') || timeZone === 'UTC') throw error;
        timeZone = 'UTC';
        result = await run(venueId, timeZone, days);
      }
      const rows = result.rows[0]!;
      const current = figuresOf(rows, 'current');
      return {
        period,
        date,
        timeZone,
        current,
        previous: figuresOf(rows, 'previous'),
        suggestionAccuracy: current.suggestionAccuracy,
        madeAt: now(),
      };
    },
  };
}
export type VenueReports = ReturnType<typeof venueReports>;
