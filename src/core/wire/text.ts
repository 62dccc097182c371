import * as v from 'valibot';
import { codePoints, CONTROL, CONTROL_BUT_NEWLINE, LONE_SURROGATE } from './safe-text.ts';

export { codePoints, isSafeText } from './safe-text.ts';

/** Why a text was refused, whatever field it is in. */
export type TextProblem = 'control_character' | 'lone_surrogate' | 'too_long';

const safe = (lines: boolean) =>
  v.pipe(
    v.string(),
    v.check((s) => !(lines ? CONTROL_BUT_NEWLINE : CONTROL).test(s), 'control_character'),
    v.check((s) => !LONE_SURROGATE.test(s), 'lone_surrogate'),
  );

/**
 * A text from the wire: refused with a control character or a lone surrogate, then NFC-normalised and
 * trimmed once, and its length (`max` characters) measured on what is stored.
 */
export function text(options: { max: number; lines?: boolean }) {
  return v.pipe(
    safe(options.lines ?? false),
    v.transform((s) => s.normalize('NFC').trim()),
    v.check((s) => codePoints(s) <= options.max, 'too_long'),
  );
}

/** A text whose length a core rule checks after (the party's name, note…): safe, NFC, but not yet trimmed. */
export const rawText = () =>
  v.pipe(
    safe(false),
    v.transform((s) => s.normalize('NFC')),
  );

/** An id: 1 to `max` safe characters, kept exactly as sent (a retry must name the same id); never `__proto__`. */
export const id = (max = 100) =>
  v.pipe(
    safe(false),
    v.check((s) => s.length > 0, 'missing'),
    v.check((s) => s.length <= max, 'too_long'),
    // As a key of the merge's records it would set their prototype, not add a party.
    v.check((s) => s !== '__proto__', 'not_allowed'),
  );

/** The earliest and latest moment a party's time (or its place in line, which is kept as one) may say. */
export const MOMENT_RANGE = { min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) } as const;

/**
 * A point in time (ms) or a rank, which starts as the party's joining time: within MOMENT_RANGE, so
 * no tablet can put "1e295 minutes waited" on every board, or a party first in line for good.
 */
export const moment = () =>
  v.pipe(
    v.number(),
    v.finite(),
    v.check((n) => n >= MOMENT_RANGE.min && n <= MOMENT_RANGE.max, 'out_of_range'),
  );

/** A whole number from `min`. */
export const whole = (min: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(min));

/** Why a value from the wire was refused, in one word the tablet says in its own language. */
export type WireProblem = TextProblem | 'missing' | 'wrong_type' | 'unknown_field' | 'not_allowed' | 'out_of_range';

/** Where the first issue is (keys only: never a value, nor the name of a field that is not ours) and what it is. */
export function firstProblem(issues: readonly v.BaseIssue<unknown>[]): { path: string[]; problem: WireProblem } {
  const issue = issues[0]!;
  const keys = (issue.path ?? []).map((item) => String(item.key));
  const keyIssue = issue.path?.at(-1)?.origin === 'key';
  if (keyIssue && issue.expected === 'never') return { path: keys.slice(0, -1), problem: 'unknown_field' };
  if (keyIssue || issue.received === 'undefined') return { path: keys, problem: 'missing' };
  const own = ['control_character', 'lone_surrogate', 'too_long', 'missing', 'not_allowed', 'out_of_range'] as const;
  const named = own.find((word) => word === issue.message);
  if (named) return { path: keys, problem: named };
  if (
    issue.kind === 'schema' &&
    (issue.expected === 'Object' || !['picklist', 'literal', 'variant'].includes(issue.type))
  )
    return { path: keys, problem: 'wrong_type' };
  return { path: keys, problem: 'not_allowed' };
}
