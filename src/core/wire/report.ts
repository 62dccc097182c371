/** GET /1/report: the owner's report of a night, a week or a month, and of the period before it. */

/** The periods a report covers, in the venue's time zone; a day of service runs from 05:00 to 05:00. */
export const REPORT_PERIODS = ['night', 'week', 'month'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** The hour a service day starts at, in the venue's time zone: a party at 04:59 belongs to the night before. */
export const SERVICE_DAY_STARTS_AT_HOUR = 5;

/** Places in line at joining that drop-off is counted by: `[from, to]`, `to` null for no upper bound. */
export const REPORT_PLACES = [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 5],
  [6, 10],
  [11, null],
] as const;

/** Waits of the seated parties of one size class (the estimator's 1–2, 3–4, 5–6, 7+), in minutes; null without any. */
export interface ReportWaits {
  /** 0 for 1–2 guests, 1 for 3–4, 2 for 5–6, 3 for 7 and more; null for every size together. */
  sizeClass: number | null;
  seated: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  longestMinutes: number | null;
}

/** The figures of one period. Counts are of parties that joined in it (by when they joined). */
export interface ReportFigures {
  /** Where the period starts and ends (ms since the epoch; the end not included) and its first local day. */
  from: number;
  to: number;
  firstDay: string;
  parties: number;
  guests: number;
  /** By the hour of joining, in the venue's time zone: 24 entries, 0 to 23. */
  byHour: { hour: number; parties: number; guests: number }[];
  /** Joined to seated (seated parties only): every size together first, then each size class. */
  waits: ReportWaits[];
  /** The host's quotes of the seated parties quoted: wait minus quote (positive: longer than quoted). */
  quotes: {
    quoted: number;
    meanErrorMinutes: number | null;
    meanAbsoluteErrorMinutes: number | null;
    /** Of the quoted parties seated, the share seated within their quote (0–1); null without any. */
    withinQuote: number | null;
  };
  walkAways: {
    /** Taken off the list by the host before they were ever called (not the guests who cancelled). */
    removedBeforeCall: number;
    /** Marked no-show (the host's word for a called party that never came), or taken off by the host after a call. */
    noShowAfterCall: number;
    /** Took themselves off the list from their own phone. */
    cancelledByGuest: number;
    /** Every party that left without being seated, by its place in line when it joined (REPORT_PLACES; `to` null: and after). */
    byPlace: { from: number; to: number | null; joined: number; walkedAway: number }[];
    /** Parties whose place in line at joining is not known (joined before it was recorded). */
    placeUnknown: { joined: number; walkedAway: number };
  };
  joins: { online: number; atStand: number };
  /** Arrivals by ISO weekday (1 Monday … 7 Sunday) and hour, in the venue's time zone: only cells with arrivals. */
  heatmap: { weekday: number; hour: number; parties: number }[];
  /** The hours with the most arrivals (up to 3), busiest first; ties by weekday and hour. */
  busiestHours: { weekday: number; hour: number; parties: number }[];
  /** The host's quotes against Waitbell's suggestions, over the same seated parties. */
  suggestionAccuracy: SuggestionAccuracy;
}

/** How one way of quoting did for seated parties: wait minus quote (positive: longer than quoted). */
export interface QuoteAccuracy {
  meanErrorMinutes: number;
  meanAbsoluteErrorMinutes: number;
  /** The share seated within the quote (0–1). */
  seatedWithinShare: number;
}

/**
 * The host's quote against Waitbell's suggestion, over the seated parties that had both; `recorded`
 * false when none had (parties added before suggestions were recorded, or never quoted).
 */
export type SuggestionAccuracy =
  { recorded: false } | { recorded: true; parties: number; suggestion: QuoteAccuracy; host: QuoteAccuracy };

/** The answer of GET /1/report. */
export interface VenueReport {
  period: ReportPeriod;
  /** The date asked for (YYYY-MM-DD). */
  date: string;
  /** The time zone the report was cut in: the venue's (online joins' setting), UTC when it has none. */
  timeZone: string;
  current: ReportFigures;
  /** The comparable period before: the same weekday a week before, the week before, the month before. */
  previous: ReportFigures;
  /** The current period's accuracy of Waitbell's suggestions against the host's quotes (as in `current`). */
  suggestionAccuracy: SuggestionAccuracy;
  /** When the report was made (ms since the epoch). */
  madeAt: number;
}
