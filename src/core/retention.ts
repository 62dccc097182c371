import { err, ok, type Result } from './result.ts';

/** How long a venue keeps its guests' details, and how long the anonymous history of its evenings. */
export interface RetentionSettings {
  /** Days after a party finished that its guest's name, note and contacts are kept. */
  personalDataDays: number;
  /** Months the anonymous history (sizes, times, outcomes) is kept for the report. */
  historyMonths: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { personalDataDays: 30, historyMonths: 13 };
export const PERSONAL_DATA_DAYS = { min: 1, max: 365 };
export const HISTORY_MONTHS = { min: 1, max: 36 };

export type RetentionField = keyof RetentionSettings;
export type RetentionProblem = { field: RetentionField; problem: 'out_of_range' };

/** The retention form as typed (or as the wire carries it). */
export interface RetentionInput {
  personalDataDays: string | number;
  historyMonths: string | number;
}

const whole = (value: unknown, { min, max }: { min: number; max: number }): number | null => {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  return n >= min && n <= max ? n : null;
};

/** Checks the two retention numbers: 1–365 days of guests' details, 1–36 months of anonymous history. */
export function checkRetention(input: RetentionInput): Result<RetentionSettings, RetentionProblem[]> {
  const problems: RetentionProblem[] = [];
  const personalDataDays = whole(input.personalDataDays, PERSONAL_DATA_DAYS);
  if (personalDataDays === null) problems.push({ field: 'personalDataDays', problem: 'out_of_range' });
  const historyMonths = whole(input.historyMonths, HISTORY_MONTHS);
  if (historyMonths === null) problems.push({ field: 'historyMonths', problem: 'out_of_range' });
  if (personalDataDays === null || historyMonths === null) return err(problems);
  return ok({ personalDataDays, historyMonths });
}

/** Retention as it arrives from storage or the wire: checked, or the defaults when absent (saved before it existed). */
export function readRetention(value: unknown): Result<RetentionSettings, RetentionProblem[]> {
  if (value === undefined) return ok(DEFAULT_RETENTION);
  if (typeof value !== 'object' || value === null)
    return err([
      { field: 'personalDataDays', problem: 'out_of_range' },
      { field: 'historyMonths', problem: 'out_of_range' },
    ]);
  const given = value as Partial<Record<RetentionField, unknown>>;
  return checkRetention({
    personalDataDays: given.personalDataDays as number,
    historyMonths: given.historyMonths as number,
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Finished before this, a party's guest details are erased. */
export const personalDataCutoff = (retention: RetentionSettings, now: number): number =>
  now - retention.personalDataDays * DAY_MS;

/** Finished before this, a party leaves the anonymous history: whole calendar months back (UTC). */
export function historyCutoff(retention: RetentionSettings, now: number): number {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - retention.historyMonths);
  return d.getTime();
}
