import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** A short, non-reversible name for a device token, for logs and rate limits. */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 10);

/**
 * The kiosks' device tokens: one per line in a file, optionally followed by whitespace and a label
 * (`token  front tablet`); blank lines and # comments are ignored. Re-read whenever the file changes,
 * so a token is revoked by deleting its line, without a restart.
 */
export function deviceTokens(source: { file?: string; tokens?: string[] }) {
  let cached: { mtimeMs: number; hashes: Buffer[] } | null = null;
  const hash = (token: string) => createHash('sha256').update(token).digest();
  const fixed = (source.tokens ?? []).map(hash);

  function current(): Buffer[] {
    if (!source.file) return fixed;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(source.file).mtimeMs;
    } catch {
      return fixed; // no file (yet): only the fixed tokens
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const lines = readFileSync(source.file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split(/\s/, 1)[0]!); // the label after the token is for people only
      cached = { mtimeMs, hashes: lines.map(hash) };
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
