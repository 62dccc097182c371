import type { Language } from './words.ts';

/** A whole number in the language's digits and grouping. */
export const formatNumber = (language: Language, n: number) => new Intl.NumberFormat(language).format(n);

/** A wall-clock time 'HH:MM' as the language writes it ("7:00 PM", "19:00"). */
export function formatClock(language: Language, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return hhmm;
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    Date.UTC(2000, 0, 1, h, m),
  );
}

/** "in 30 seconds", "in 2 minutes", in the language. */
export function formatIn(language: Language, seconds: number): string {
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  return seconds < 60
    ? relative.format(Math.ceil(seconds), 'second')
    : relative.format(Math.ceil(seconds / 60), 'minute');
}
