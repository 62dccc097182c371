import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the relay remembers of one Idempotency-Key. */
export type KeyRecord =
  /** Recorded before calling Pushed; found like this after a restart, the outcome is unknown. */
  | { key: string; bodyHash: string; at: number; state: 'sending' }
  /** Pushed's answer, replayed to every retry with the same key. */
  | { key: string; bodyHash: string; at: number; state: 'done'; status: number; body: string }
  /** The relay lost track of Pushed's answer (timeout, crash): it will never call Pushed again for this key. */
  | { key: string; bodyHash: string; at: number; state: 'unknown' };

/** Keys are kept at least this long (the issue asks 24 hours). */
export const KEEP_KEYS_MS = 48 * 60 * 60_000;

/**
 * A durable key store: an append-only log, fsynced on every write, replayed at start-up and
 * compacted when it grows. One process owns the directory. Several relays behind a load balancer
 * need a shared store instead (README: Redis SET NX / PostgreSQL INSERT … ON CONFLICT).
 */
export function openIdempotencyStore(dir: string, now: () => number = Date.now) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'idempotency.jsonl');
  const records = new Map<string, KeyRecord>();
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as KeyRecord | { key: string; state: 'forget' };
        if (record.state === 'forget') records.delete(record.key);
        else records.set(record.key, record);
      } catch {
        // A torn last line from a crash mid-write: everything before it is intact.
      }
    }
  }
  let fd = openSync(path, 'a');
  let writes = 0;

  const append = (entry: KeyRecord | { key: string; state: 'forget' }) => {
    appendFileSync(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd); // on disk before the relay acts on it
    if (++writes % 5_000 === 0) compact();
  };

  function compact() {
    const cutoff = now() - KEEP_KEYS_MS;
    for (const [key, record] of records) if (record.at < cutoff) records.delete(key);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, [...records.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const tmpFd = openSync(tmp, 'r+');
    fsyncSync(tmpFd);
    closeSync(tmpFd);
    closeSync(fd);
    renameSync(tmp, path);
    fd = openSync(path, 'a');
  }

  return {
    get: (key: string): KeyRecord | undefined => records.get(key),
    put(record: KeyRecord) {
      records.set(record.key, record);
      append(record);
    },
    /** Lets a key be used again (a transient failure: Pushed never took the push). */
    forget(key: string) {
      records.delete(key);
      append({ key, state: 'forget' });
    },
    compact,
    close: () => closeSync(fd),
    size: () => records.size,
  };
}

/** A durable idempotency store. */
export type IdempotencyStore = ReturnType<typeof openIdempotencyStore>;
