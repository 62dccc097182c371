import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  fsyncSync,
  ftruncate,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  write,
  writeFileSync,
} from 'node:fs';
import type { LogFields } from './relay-log.ts';
import { join } from 'node:path';

/**
 * What the relay remembers of one Idempotency-Key. `key` is the store key, `<device id>:<key>`;
 * records written before keys were scoped to devices have the bare key (see README, "Key scope").
 */
export type KeyRecord =
  /** Recorded before calling Pushed; found like this after a restart, the outcome is unknown. */
  | { key: string; bodyHash: string; at: number; state: 'sending' }
  /** Pushed's answer, replayed to every retry with the same key. */
  | { key: string; bodyHash: string; at: number; state: 'done'; status: number; body: string }
  /** The relay lost track of Pushed's answer (timeout, crash): it will never call Pushed again for this key. */
  | { key: string; bodyHash: string; at: number; state: 'unknown' };

/** Keys are kept at least this long: a day of kiosk retries, and a margin. */
export const KEEP_KEYS_MS = 48 * 60 * 60_000;

/** The file operations the key log needs, replaceable to test a full or failing disk. */
export interface KeyLogIo {
  /** Writes `data` at the end of the file; resolves with how many bytes were written. */
  write(fd: number, data: Buffer): Promise<number>;
  fdatasync(fd: number): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
}

const callback = <T>(run: (done: (error: Error | null, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

/** The real disk. */
export const DISK_IO: KeyLogIo = {
  write: (fd, data) => callback<number>((done) => write(fd, data, 0, data.length, null, (e, n) => done(e, n))),
  fdatasync: (fd) => callback<void>((done) => fdatasync(fd, done)),
  ftruncate: (fd, length) => callback<void>((done) => ftruncate(fd, length, done)),
};

/** Where a data folder keeps its key log. */
export const keyLogPath = (dir: string) => join(dir, 'idempotency.jsonl');

/** The keys a log holds, replayed in order (a torn line from a crash mid-write is skipped); none if there is no log. */
export function readKeyLog(path: string): Map<string, KeyRecord> {
  const records = new Map<string, KeyRecord>();
  if (!existsSync(path)) return records;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as KeyRecord | { key: string; state: 'forget' };
      if (record.state === 'forget') records.delete(record.key);
      else records.set(record.key, record);
    } catch {
      // A torn line from a crash mid-write: everything else is intact.
    }
  }
  return records;
}

/** Options of the key store; the defaults are the real clock and disk. */
export interface StoreOptions {
  now?: () => number;
  /** Compact the log after this many writes. */
  compactEvery?: number;
  io?: KeyLogIo;
  /** Told when a compaction fails (the old log stays in use); silent by default. */
  warn?: (msg: string, fields?: LogFields) => void;
}

/**
 * A durable key store: an append-only log, replayed and compacted at start-up. Writes are group
 * committed: every write waits for an fsync, but all writes waiting together share one, so a
 * burst of keys costs one disk flush, not one each, and the event loop is never blocked on disk.
 * A batch counts as written only when every byte of it was written and synced; otherwise the log
 * is cut back to where it was and every write of the batch fails. One process owns the directory;
 * several relays behind a load balancer need a shared store instead (README: Redis SET NX /
 * PostgreSQL INSERT … ON CONFLICT).
 */
export function openIdempotencyStore(
  dir: string,
  { now = Date.now, compactEvery = 50_000, io = DISK_IO, warn = () => {} }: StoreOptions = {},
) {
  mkdirSync(dir, { recursive: true });
  const path = keyLogPath(dir);
  const records = readKeyLog(path);
  /**
   * Writes a compacted copy of the log (only live, unexpired keys) and swaps it in; returns the new
   * file's append descriptor. Throws, leaving the old log in place, if any step before the rename fails.
   */
  function compactedLog(): number {
    const cutoff = now() - KEEP_KEYS_MS;
    for (const [key, record] of records) if (record.at < cutoff) records.delete(key);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, [...records.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const next = openSync(tmp, 'a'); // opened before the rename, so it is the new log's descriptor
    try {
      fsyncSync(next);
      renameSync(tmp, path);
    } catch (error) {
      closeSync(next);
      throw error;
    }
    try {
      const dirFd = openSync(dir, 'r');
      fsyncSync(dirFd); // the rename itself must survive a crash, or appends to the new file would be lost
      closeSync(dirFd);
    } catch {
      warn('key log directory sync failed'); // the rename happened; only its durability is in doubt
    }
    return next;
  }

  /** Compacts, or, if that fails (disk full, a stray file), keeps the old log: a warning, never a crash. */
  function tryCompact(current: number | null): number | null {
    try {
      const next = compactedLog();
      if (current !== null) closeSync(current);
      return next;
    } catch (error) {
      warn('key log compaction failed; the old log stays in use', {
        code: (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'error'),
      });
      return current;
    }
  }

  let fd = tryCompact(null) ?? openSync(path, 'a');
  let length = fstatSync(fd).size; // where the last whole, synced batch ends
  let torn = false; // a failed batch could not be cut off: start the next one on a fresh line
  let sinceCompaction = 0;
  let waiting: { line: string; done: (error?: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;

  /** Writes and syncs one batch; on any failure, cuts the log back so no half batch stays behind. */
  async function writeBatch(text: string): Promise<void> {
    const data = Buffer.from(torn ? `\n${text}` : text);
    try {
      const written = await io.write(fd, data);
      if (written !== data.length) throw new Error(`short write: ${written} of ${data.length} bytes`);
      await io.fdatasync(fd);
      length = fstatSync(fd).size; // the file's own size: torn bytes left by an earlier batch count too
      torn = false;
    } catch (error) {
      await io.ftruncate(fd, length).then(
        () => void (torn = false),
        () => void (torn = true),
      );
      throw error;
    }
  }

  async function flushAll(): Promise<void> {
    try {
      while (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        try {
          await writeBatch(batch.map((w) => w.line).join(''));
          for (const w of batch) w.done();
        } catch (error) {
          for (const w of batch) w.done(error);
        }
        sinceCompaction += batch.length;
        if (sinceCompaction >= compactEvery && waiting.length === 0) {
          // Between batches nothing is being written: swap in a compacted log.
          sinceCompaction = 0; // a failed attempt waits for another `compactEvery` writes, not every batch
          const next = tryCompact(fd)!;
          if (next !== fd) {
            fd = next;
            length = fstatSync(fd).size;
            torn = false;
          }
        }
      }
    } finally {
      flushing = null; // whatever happened, the next append starts a new flush
    }
  }

  /** Resolves once the entry is on disk; rejects if it is not. */
  const append = (entry: KeyRecord | { key: string; state: 'forget' }) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({
        line: `${JSON.stringify(entry)}\n`,
        done: (error) =>
          error
            ? reject(error instanceof Error ? error : new Error('key log write failed', { cause: error }))
            : resolve(),
      });
      flushing ??= flushAll();
    });

  return {
    get: (key: string): KeyRecord | undefined => records.get(key),
    /**
     * Reserves a key before Pushed is called: resolves once "sending" is on disk. If the write
     * fails it rejects and the key stays free, in memory as on disk.
     */
    async reserve(record: KeyRecord & { state: 'sending' }): Promise<void> {
      await append(record);
      records.set(record.key, record);
    },
    /**
     * Records what became of a reserved key; resolves once it is on disk. Memory holds it at once:
     * if the write fails, the disk still says "sending", which reads back as "unknown" (never a second call).
     */
    settle(record: KeyRecord & { state: 'done' | 'unknown' }): Promise<void> {
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
