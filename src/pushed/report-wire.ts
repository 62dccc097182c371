import * as v from 'valibot';
import { REPORT_PERIODS, type VenueReport } from '../core/wire/report.ts';

// The owner's report as the venue server answers it (GET /1/report), read with the report's screen only.
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const minutes = v.nullable(v.pipe(v.number(), v.finite()));
const hour = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(23));
const weekday = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7));
const cell = v.object({ weekday, hour, parties: count });

const accuracy = v.object({
  meanErrorMinutes: v.pipe(v.number(), v.finite()),
  meanAbsoluteErrorMinutes: v.pipe(v.number(), v.finite(), v.minValue(0)),
  seatedWithinShare: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
const suggestionAccuracy = v.variant('recorded', [
  v.object({ recorded: v.literal(false) }),
  v.object({ recorded: v.literal(true), parties: v.pipe(count, v.minValue(1)), suggestion: accuracy, host: accuracy }),
]);

const figures = v.object({
  from: v.number(),
  to: v.number(),
  firstDay: v.string(),
  parties: count,
  guests: count,
  byHour: v.pipe(v.array(v.object({ hour, parties: count, guests: count })), v.length(24)),
  waits: v.pipe(
    v.array(
      v.object({
        sizeClass: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3))),
        seated: count,
        medianMinutes: minutes,
        p90Minutes: minutes,
        longestMinutes: minutes,
      }),
    ),
    v.maxLength(5),
  ),
  quotes: v.object({
    quoted: count,
    meanErrorMinutes: minutes,
    meanAbsoluteErrorMinutes: minutes,
    withinQuote: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  }),
  walkAways: v.object({
    removedBeforeCall: count,
    noShowAfterCall: count,
    cancelledByGuest: count,
    byPlace: v.pipe(
      v.array(v.object({ from: count, to: v.nullable(count), joined: count, walkedAway: count })),
      v.maxLength(20),
    ),
    placeUnknown: v.object({ joined: count, walkedAway: count }),
  }),
  joins: v.object({ online: count, atStand: count }),
  heatmap: v.pipe(v.array(cell), v.maxLength(7 * 24)),
  busiestHours: v.pipe(v.array(cell), v.maxLength(3)),
  // A server from before suggestions were recorded sends none in a period's figures.
  suggestionAccuracy: v.optional(suggestionAccuracy, { recorded: false }),
});

const reportSchema = v.object({
  period: v.picklist(REPORT_PERIODS),
  date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)),
  timeZone: v.pipe(v.string(), v.maxLength(100)),
  current: figures,
  previous: figures,
  suggestionAccuracy,
  madeAt: v.number(),
});

/** The report, or null when the answer is not as the contract says. */
export function report(json: unknown): VenueReport | null {
  const answer = v.safeParse(reportSchema, json);
  return answer.success ? answer.output : null;
}
