import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEVICE_TOKEN_MAX_LENGTH, DEVICE_TOKEN_MIN_LENGTH } from '../../core/settings.ts';
import type { Logger } from '../log/logger.ts';

/** The kiosk's own rule for a device token (src/core/settings.ts): a short or odd one is a mistake, not a token. */
const TOKEN_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${DEVICE_TOKEN_MIN_LENGTH},${DEVICE_TOKEN_MAX_LENGTH}}$`);

/** A short, non-reversible name for a device token: how the old relay scoped keys (`<id>:<key>`) and named devices in logs. */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 10);

/** One token of the old relay, with the label written after it, if any. */
export interface OldToken {
  token: string;
  label: string;
}

/**
 * The old relay's device tokens, to import: one per line in a file, optionally followed by
 * whitespace and a label (`token  front tablet`), blank lines and # comments ignored; and fixed
 * ones (RELAY_DEVICE_TOKENS). A line of the wrong shape is skipped with a warning naming where it
 * is, never what it says. A missing file is no tokens.
 */
export function readOldTokens(source: { file?: string; tokens?: string[] }, log?: Pick<Logger, 'warn'>): OldToken[] {
  const shaped = (entries: (OldToken & { line: number })[], where: string) =>
    entries.filter(({ token, line }) => {
      if (TOKEN_SHAPE.test(token)) return true;
      log?.warn('device token skipped: 8-256 letters, digits, - or _', { where, line });
      return false;
    });
  const fixed = shaped(
    (source.tokens ?? []).map((token, i) => ({ token, label: '', line: i + 1 })),
    'RELAY_DEVICE_TOKENS',
  );
  let lines: string[] = [];
  try {
    if (source.file) lines = readFileSync(source.file, 'utf8').split('\n');
  } catch {
    log?.warn('device token file cannot be read', { where: 'RELAY_DEVICE_TOKENS_FILE' });
  }
  const fromFile = lines
    .map((l, i) => ({ text: l.trim(), line: i + 1 }))
    .filter(({ text }) => text && !text.startsWith('#'))
    .map(({ text, line }) => {
      const [token = '', ...label] = text.split(/\s+/);
      return { token, label: label.join(' '), line };
    });
  const seen = new Set<string>();
  return [...fixed, ...shaped(fromFile, 'RELAY_DEVICE_TOKENS_FILE')]
    .filter(({ token }) => !seen.has(token) && seen.add(token))
    .map(({ token, label }) => ({ token, label }));
}
