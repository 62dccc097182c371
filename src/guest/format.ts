import type { Language } from './words.ts';

/** A whole number in the language's digits and grouping. */
export const formatNumber = (language: Language, n: number) => new Intl.NumberFormat(language).format(n);

/** "in 30 seconds", "in 2 minutes", in the language. */
export function formatIn(language: Language, seconds: number): string {
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  return seconds < 60
    ? relative.format(Math.ceil(seconds), 'second')
    : relative.format(Math.ceil(seconds / 60), 'minute');
}
