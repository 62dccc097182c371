import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { DEVICE_TOKEN_MAX_LENGTH, DEVICE_TOKEN_MIN_LENGTH } from '../../core/settings.ts';
import type { RelayLogger } from './relay-log.ts';

/** The kiosk's own rule for a device token (src/core/settings.ts): a short or odd one is a mistake, not a token. */
const TOKEN_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${DEVICE_TOKEN_MIN_LENGTH},${DEVICE_TOKEN_MAX_LENGTH}}$`);

/** A short, non-reversible name for a device token, for logs and rate limits. */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 10);

/**
 * The kiosks' device tokens: one per line in a file, optionally followed by whitespace and a label
 * (`token  front tablet`); blank lines and # comments are ignored. Re-read whenever the file changes,
 * so a token is revoked by deleting its line, without a restart.
 */
export function deviceTokens(source: { file?: string; tokens?: string[] }, log?: Pick<RelayLogger, 'warn'>) {
  let cached: { mtimeMs: number; hashes: Buffer[] } | null = null;
  const hash = (token: string) => createHash('sha256').update(token).digest();
  /** The well-shaped tokens; each skipped one is a warning naming where it is, never what it says. */
  const shaped = (entries: { token: string; line: number }[], where: string) =>
    entries.filter(({ token, line }) => {
      if (TOKEN_SHAPE.test(token)) return true;
      log?.warn('device token skipped: 8-256 letters, digits, - or _', { where, line });
      return false;
    });
  const fixed = shaped(
    (source.tokens ?? []).map((token, i) => ({ token, line: i + 1 })),
    'RELAY_DEVICE_TOKENS',
  ).map(({ token }) => hash(token));

  function current(): Buffer[] {
    if (!source.file) return fixed;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(source.file).mtimeMs;
    } catch {
      return fixed; // no file (yet): only the fixed tokens
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const entries = readFileSync(source.file, 'utf8')
        .split('\n')
        .map((l, i) => ({ text: l.trim(), line: i + 1 }))
        .filter(({ text }) => text && !text.startsWith('#'))
        .map(({ text, line }) => ({ token: text.split(/\s/, 1)[0]!, line })); // the label after the token is for people only
      cached = { mtimeMs, hashes: shaped(entries, 'RELAY_DEVICE_TOKENS_FILE').map(({ token }) => hash(token)) };
    }
    return [...fixed, ...cached.hashes];
  }

  return {
    /** True for a known token; compares hashes in constant time. */
    accepts(token: string): boolean {
      const candidate = hash(token);
      let found = false;
      for (const known of current()) found = timingSafeEqual(candidate, known) || found;
      return found;
    },
  };
}
