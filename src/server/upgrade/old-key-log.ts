import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The old single-venue relay kept its Idempotency-Keys in a JSON-lines file; the first start of the
// venue server imports it (legacy-import.ts). Only reading is left.

/**
 * What the old relay remembered of one Idempotency-Key. `key` is the store key, `<device id>:<key>`;
 * records written before keys were scoped to devices have the bare key (src/server/push/README.md, "Key scope").
 */
export type KeyRecord =
  /** Recorded before calling Pushed; found like this after a restart, the outcome is unknown. */
  | { key: string; bodyHash: string; at: number; state: 'sending' }
  /** Pushed's answer, replayed to every retry with the same key. */
  | { key: string; bodyHash: string; at: number; state: 'done'; status: number; body: string }
  /** The relay lost track of Pushed's answer (timeout, crash): it will never call Pushed again for this key. */
  | { key: string; bodyHash: string; at: number; state: 'unknown' };

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
