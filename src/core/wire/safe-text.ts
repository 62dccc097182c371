// The text rules of the wire, without valibot: the first screen's form rules use them too.

// C0 and C1 controls (NUL among them): the database refuses some, every screen shows none.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// The same, but a line break (\n) is allowed: in messages a host writes over several lines.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
// Half of a UTF-16 pair without its other half: not text, and PostgreSQL refuses the whole statement over it.
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Characters as a person counts them (code points), not UTF-16 units. */
export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
};

/** True when `s` is text every store and screen takes: no control character (but `\n` when `lines`), no lone surrogate. */
export const isSafeText = (s: string, lines = false): boolean =>
  !(lines ? CONTROL_BUT_NEWLINE : CONTROL).test(s) && !LONE_SURROGATE.test(s);
