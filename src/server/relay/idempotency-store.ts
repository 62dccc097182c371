import { closeSync, existsSync, fdatasync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, write, writeFileSync } from 'node:fs';
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
 * A durable key store: an append-only log, replayed and compacted at start-up. Writes are group
 * committed: every write waits for an fsync, but all writes waiting together share one, so a
 * burst of keys costs one disk flush, not one each, and the event loop is never blocked on disk.
 * One process owns the directory; several relays behind a load balancer need a shared store
 * instead (README: Redis SET NX / PostgreSQL INSERT … ON CONFLICT).
 */
export function openIdempotencyStore(dir: string, now: () => number = Date.now, compactEvery = 50_000) {
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
  /** Rewrites the log with only live, unexpired keys (at start-up, and every `compactEvery` writes). */
  function compact() {
    const cutoff = now() - KEEP_KEYS_MS;
    for (const [key, record] of records) if (record.at < cutoff) records.delete(key);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, [...records.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const tmpFd = openSync(tmp, 'r+');
    fsyncSync(tmpFd);
    closeSync(tmpFd);
    renameSync(tmp, path);
  }
  compact();

  let fd = openSync(path, 'a');
  let sinceCompaction = 0;
  let waiting: { line: string; done: (error?: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;

  async function flushAll(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await new Promise<void>((resolve, reject) => write(fd, batch.map((w) => w.line).join(''), (e) => (e ? reject(e) : resolve())));
        await new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.done(error);
      }
      sinceCompaction += batch.length;
      if (sinceCompaction >= compactEvery && waiting.length === 0) {
        // Between batches nothing is being written: swap in a compacted log.
        closeSync(fd);
        compact();
        fd = openSync(path, 'a');
        sinceCompaction = 0;
      }
    }
    flushing = null;
  }

  /** Resolves once the entry is on disk. */
  const append = (entry: KeyRecord | { key: string; state: 'forget' }) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ line: `${JSON.stringify(entry)}\n`, done: (error) => (error ? reject(error) : resolve()) });
      flushing ??= flushAll();
    });

  return {
    get: (key: string): KeyRecord | undefined => records.get(key),
    /** Records a key's state; resolves once it is on disk. */
    put(record: KeyRecord): Promise<void> {
      records.set(record.key, record);
      return append(record);
    },
    /** Lets a key be used again (a transient failure: Pushed never took the push). */
    forget(key: string): Promise<void> {
      records.delete(key);
      return append({ key, state: 'forget' });
    },
    async close() {
      await flushing;
      closeSync(fd);
    },
    size: () => records.size,
  };
}

/** A durable idempotency store. */
export type IdempotencyStore = ReturnType<typeof openIdempotencyStore>;
