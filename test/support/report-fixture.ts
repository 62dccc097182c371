import type { ReportFigures, SuggestionAccuracy, VenueReport } from '../../src/core/wire/report.ts';

/** Arrivals of a Friday night by hour (17:00–23:00), and the Friday before. */
const FRIDAY = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 1, 0, 0, 6, 12, 18, 14, 8, 3, 0];
const FRIDAY_BEFORE = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 0, 0, 5, 10, 16, 12, 6, 4, 0];

function figures(byHour: number[], from: number, firstDay: string, more: Partial<ReportFigures>): ReportFigures {
  const parties = byHour.reduce((a, b) => a + b, 0);
  return {
    from,
    to: from + 86_400_000,
    firstDay,
    parties,
    guests: 0,
    byHour: byHour.map((p, hour) => ({ hour, parties: p, guests: p * 3 })),
    waits: [],
    quotes: { quoted: 0, meanErrorMinutes: null, meanAbsoluteErrorMinutes: null, withinQuote: null },
    walkAways: {
      removedBeforeCall: 0,
      noShowAfterCall: 0,
      cancelledByGuest: 0,
      byPlace: [],
      placeUnknown: { joined: 0, walkedAway: 0 },
    },
    joins: { online: 0, atStand: parties },
    heatmap: byHour.flatMap((p, hour) => (p ? [{ weekday: 5, hour, parties: p }] : [])),
    busiestHours: [],
    suggestionAccuracy: { recorded: false },
    ...more,
  };
}

/** Waitbell's suggestions against the host's quotes on the Friday of the fixed report. */
const CURRENT_ACCURACY: SuggestionAccuracy = {
  recorded: true,
  parties: 48,
  suggestion: { meanErrorMinutes: 1.1, meanAbsoluteErrorMinutes: 4.2, seatedWithinShare: 0.79 },
  host: { meanErrorMinutes: 3.4, meanAbsoluteErrorMinutes: 6.1, seatedWithinShare: 0.71 },
};

/** A fixed report of Friday 4 December 2026 beside Friday 27 November: the figures the screen's tests read. */
export const FRIDAY_REPORT: VenueReport = {
  period: 'night',
  date: '2026-12-04',
  timeZone: 'Europe/Madrid',
  current: figures(FRIDAY, Date.UTC(2026, 11, 4, 4), '2026-12-04', {
    guests: 201,
    waits: [
      { sizeClass: null, seated: 58, medianMinutes: 22, p90Minutes: 41, longestMinutes: 63 },
      { sizeClass: 0, seated: 30, medianMinutes: 18, p90Minutes: 32, longestMinutes: 45 },
      { sizeClass: 1, seated: 20, medianMinutes: 25, p90Minutes: 44, longestMinutes: 58 },
      { sizeClass: 2, seated: 6, medianMinutes: 31, p90Minutes: 50, longestMinutes: 63 },
      { sizeClass: 3, seated: 2, medianMinutes: 40, p90Minutes: null, longestMinutes: 52 },
    ],
    quotes: { quoted: 54, meanErrorMinutes: 3.4, meanAbsoluteErrorMinutes: 6.1, withinQuote: 0.72 },
    suggestionAccuracy: CURRENT_ACCURACY,
    walkAways: {
      removedBeforeCall: 4,
      noShowAfterCall: 3,
      cancelledByGuest: 2,
      byPlace: [
        { from: 1, to: 1, joined: 10, walkedAway: 0 },
        { from: 2, to: 2, joined: 9, walkedAway: 1 },
        { from: 3, to: 3, joined: 9, walkedAway: 1 },
        { from: 4, to: 5, joined: 15, walkedAway: 2 },
        { from: 6, to: 10, joined: 16, walkedAway: 3 },
        { from: 11, to: null, joined: 8, walkedAway: 2 },
      ],
      placeUnknown: { joined: 0, walkedAway: 0 },
    },
    joins: { online: 25, atStand: 42 },
    busiestHours: [
      { weekday: 5, hour: 19, parties: 18 },
      { weekday: 5, hour: 20, parties: 14 },
      { weekday: 5, hour: 18, parties: 12 },
    ],
  }),
  previous: figures(FRIDAY_BEFORE, Date.UTC(2026, 10, 27, 4), '2026-11-27', {
    guests: 174,
    waits: [
      { sizeClass: null, seated: 52, medianMinutes: 25, p90Minutes: 45, longestMinutes: 70 },
      { sizeClass: 0, seated: 28, medianMinutes: 20, p90Minutes: 35, longestMinutes: 50 },
      { sizeClass: 1, seated: 18, medianMinutes: 27, p90Minutes: 47, longestMinutes: 70 },
      { sizeClass: 2, seated: 6, medianMinutes: 30, p90Minutes: 49, longestMinutes: 55 },
    ],
    quotes: { quoted: 50, meanErrorMinutes: 5, meanAbsoluteErrorMinutes: 7, withinQuote: 0.64 },
    suggestionAccuracy: {
      recorded: true,
      parties: 31,
      suggestion: { meanErrorMinutes: 2.2, meanAbsoluteErrorMinutes: 5.5, seatedWithinShare: 0.68 },
      host: { meanErrorMinutes: 6.5, meanAbsoluteErrorMinutes: 8, seatedWithinShare: 0.55 },
    },
    walkAways: {
      removedBeforeCall: 5,
      noShowAfterCall: 2,
      cancelledByGuest: 1,
      byPlace: [],
      placeUnknown: { joined: 58, walkedAway: 8 },
    },
    joins: { online: 18, atStand: 40 },
    busiestHours: [{ weekday: 5, hour: 19, parties: 16 }],
  }),
  suggestionAccuracy: CURRENT_ACCURACY,
  madeAt: Date.UTC(2026, 11, 7, 10),
};
