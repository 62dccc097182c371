import { PARTY_SIZE_MAX } from './party-input.ts';
import { err, ok, type Result } from './result.ts';

/** When guests may put themselves on the list from the venue's check-in page; shared by every tablet. */
export interface OnlineJoins {
  /** Off: the check-in page still shows the wait, and asks the guest to come to the stand. */
  enabled: boolean;
  /** The most parties that joined online waiting at once; the next one is asked to see the host. */
  maxWaiting: number;
  /** The largest party that may join online (larger ones talk to the host). */
  maxSize: number;
  /** The hours when online joins are taken, in the venue's time (`to` before `from` runs past midnight); null: always. */
  hours: { from: string; to: string } | null;
  /** The venue's time zone (IANA), the one of the tablet that saved these: what `hours` are read in. */
  timeZone: string;
}

export const ONLINE_MAX_WAITING = { min: 1, max: 200 };
export const ONLINE_JOINS_DEFAULTS: OnlineJoins = {
  enabled: false,
  maxWaiting: 20,
  maxSize: 8,
  hours: null,
  timeZone: 'UTC',
};

/** The form's fields for these settings, as refusals name them. */
export type OnlineJoinsField = 'onlineMaxWaiting' | 'onlineMaxSize' | 'onlineHoursFrom' | 'onlineHoursTo';
export type OnlineJoinsProblem = { field: OnlineJoinsField; problem: 'out_of_range' | 'not_a_time' };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** True for a time zone this JavaScript knows (Intl refuses the others). */
export function isTimeZone(zone: string): boolean {
  if (zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const whole = (value: unknown, min: number, max: number): number | null => {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  return n >= min && n <= max ? n : null;
};

/** What the settings form holds for online joins, as typed (hours empty: always). */
export interface OnlineJoinsInput {
  enabled: boolean;
  maxWaiting: string | number;
  maxSize: string | number;
  from: string;
  to: string;
  timeZone: string;
}

/** Checks the form's (or the wire's) online-join settings; every problem at once, in form order. */
export function checkOnlineJoins(input: OnlineJoinsInput): Result<OnlineJoins, OnlineJoinsProblem[]> {
  const problems: OnlineJoinsProblem[] = [];
  const maxWaiting = whole(input.maxWaiting, ONLINE_MAX_WAITING.min, ONLINE_MAX_WAITING.max);
  if (maxWaiting === null) problems.push({ field: 'onlineMaxWaiting', problem: 'out_of_range' });
  const maxSize = whole(input.maxSize, 1, PARTY_SIZE_MAX);
  if (maxSize === null) problems.push({ field: 'onlineMaxSize', problem: 'out_of_range' });
  const from = input.from.trim();
  const to = input.to.trim();
  const always = from === '' && to === '';
  if (!always && !TIME.test(from)) problems.push({ field: 'onlineHoursFrom', problem: 'not_a_time' });
  if (!always && !TIME.test(to)) problems.push({ field: 'onlineHoursTo', problem: 'not_a_time' });
  if (problems.length > 0 || maxWaiting === null || maxSize === null) return err(problems);
  return ok({
    enabled: input.enabled === true,
    maxWaiting,
    maxSize,
    hours: always ? null : { from, to },
    timeZone: isTimeZone(input.timeZone) ? input.timeZone : 'UTC',
  });
}

/** The form's view of saved settings. */
export const onlineJoinsInput = (saved: OnlineJoins): OnlineJoinsInput => ({
  enabled: saved.enabled,
  maxWaiting: saved.maxWaiting,
  maxSize: saved.maxSize,
  from: saved.hours?.from ?? '',
  to: saved.hours?.to ?? '',
  timeZone: saved.timeZone,
});

/** Online-join settings as they arrive from storage or the wire: checked, or the defaults when absent (saved before they existed). */
export function readOnlineJoins(value: unknown): Result<OnlineJoins, OnlineJoinsProblem[]> {
  if (value === undefined) return ok(ONLINE_JOINS_DEFAULTS);
  if (typeof value !== 'object' || value === null) return err([{ field: 'onlineMaxWaiting', problem: 'out_of_range' }]);
  const given = value as Partial<Record<keyof OnlineJoins, unknown>>;
  const hours = given.hours as { from?: unknown; to?: unknown } | null | undefined;
  return checkOnlineJoins({
    enabled: given.enabled === true,
    maxWaiting: given.maxWaiting as number,
    maxSize: given.maxSize as number,
    from: typeof hours?.from === 'string' ? hours.from : '',
    to: typeof hours?.to === 'string' ? hours.to : '',
    timeZone: typeof given.timeZone === 'string' ? given.timeZone : 'UTC',
  });
}

/** The venue's wall-clock minutes since midnight at `now`, in its time zone. */
function minutesInZone(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Why the check-in page takes no join now. */
export type JoinsClosed = 'paused' | 'closed_now' | 'full';

/**
 * Whether a guest can join online now: off, outside the hours (with the time they open, `HH:MM` in
 * the venue's time), or with `maxWaiting` online parties already waiting. Pure: the clock and the
 * count are given.
 */
export function onlineJoinsNow(
  settings: OnlineJoins,
  now: number,
  onlineWaiting: number,
): { open: true } | { open: false; why: JoinsClosed; opensAt?: string } {
  if (!settings.enabled) return { open: false, why: 'paused' };
  if (settings.hours) {
    const at = minutesInZone(now, settings.timeZone);
    const from = minutesOf(settings.hours.from);
    const to = minutesOf(settings.hours.to);
    // `to` at or before `from`: the hours run past midnight (18:00–01:00).
    const inside = from < to ? at >= from && at < to : at >= from || at < to;
    if (!inside) return { open: false, why: 'closed_now', opensAt: settings.hours.from };
  }
  if (onlineWaiting >= settings.maxWaiting) return { open: false, why: 'full' };
  return { open: true };
}
