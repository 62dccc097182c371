import type { Database } from './database.ts';
import { KEEP_KEYS_MS } from '../relay/idempotency-store.ts';

/**
 * What the server remembers of one Idempotency-Key of a venue; the database twin of the relay's
 * KeyRecord (`reserved` is its `sending`). `at` is when the key was first reserved (ms).
 */
export type StoredKey =
  /** Reserved before calling Pushed. Found like this by another copy, the call may be in flight; after a crash, unknown. */
  | { venueId: string; key: string; deviceId: string | null; requestHash: string; at: number; state: 'reserved' }
  /** Pushed's answer, replayed to every retry with the same key. */
  | {
      venueId: string;
      key: string;
      deviceId: string | null;
      requestHash: string;
      at: number;
      state: 'done';
      status: number;
      body: string;
    }
  /** The outcome was lost (timeout, crash): Pushed is never called again for this key. */
  | { venueId: string; key: string; deviceId: string | null; requestHash: string; at: number; state: 'unknown' };

interface Row {
  venue_id: string;
  key: string;
  device_id: string | null;
  request_hash: string;
  state: StoredKey['state'];
  status: number | null;
  body: string | null;
  created_at: Date;
}

function toKey(row: Row): StoredKey {
  const base = {
    venueId: row.venue_id,
    key: row.key,
    deviceId: row.device_id,
    requestHash: row.request_hash,
    at: row.created_at.getTime(),
  };
  return row.state === 'done'
    ? { ...base, state: 'done', status: row.status!, body: row.body! }
    : { ...base, state: row.state };
}

const COLUMNS = 'venue_id, key, device_id, request_hash, state, status, body, created_at';

/** The idempotency keys of every venue, in the database: what several server copies share. */
export function keyStore(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  const lookup = async (venueId: string, key: string): Promise<StoredKey | undefined> => {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM idempotency_keys WHERE venue_id = $1 AND key = $2`, [
      venueId,
      key,
    ]);
    return rows[0] && toKey(rows[0]);
  };

  /** Moves a reserved key on; false if it was not reserved any more (already settled, or forgotten). */
  const settle = async (venueId: string, key: string, set: string, params: unknown[]) =>
    (
      await db.query(
        `UPDATE idempotency_keys SET ${set}, updated_at = $3
         WHERE venue_id = $1 AND key = $2 AND state = 'reserved'`,
        [venueId, key, new Date(now()), ...params],
      )
    ).rowCount > 0;

  return {
    lookup,
    /**
     * Reserves a key before Pushed is called: resolves once the reservation is committed. Exactly
     * one caller, across every connection and server copy, gets `reserved: true`; the others get
     * the key as it stands (compare its requestHash with theirs).
     */
    async reserve(request: {
      venueId: string;
      key: string;
      deviceId: string | null;
      requestHash: string;
    }): Promise<{ reserved: true } | { reserved: false; existing: StoredKey }> {
      // A key swept or forgotten between the insert and the lookup is free again: try once more.
      for (let attempt = 0; ; attempt++) {
        const at = new Date(now());
        const inserted = await db.query(
          `INSERT INTO idempotency_keys (venue_id, key, device_id, request_hash, state, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'reserved', $5, $5)
           ON CONFLICT (venue_id, key) DO NOTHING
           RETURNING key`,
          [request.venueId, request.key, request.deviceId, request.requestHash, at],
        );
        if (inserted.rows.length > 0) return { reserved: true };
        const existing = await lookup(request.venueId, request.key);
        if (existing) return { reserved: false, existing };
        if (attempt >= 2) throw new Error('idempotency key kept changing while being reserved');
      }
    },
    /** Records Pushed's answer for a reserved key; false if the key was no longer reserved (it stays as it was). */
    complete: (venueId: string, key: string, answer: { status: number; body: string }) =>
      settle(venueId, key, `state = 'done', status = $4, body = $5`, [answer.status, answer.body]),
    /** The outcome of a reserved key was lost: it answers "unknown" for good. */
    markUnknown: (venueId: string, key: string) => settle(venueId, key, `state = 'unknown'`, []),
    /** Frees a reserved key (Pushed surely never took the push); a settled key stays. */
    async forget(venueId: string, key: string): Promise<boolean> {
      const deleted = await db.query(
        `DELETE FROM idempotency_keys WHERE venue_id = $1 AND key = $2 AND state = 'reserved'`,
        [venueId, key],
      );
      return deleted.rowCount > 0;
    },
    /** Deletes keys reserved more than 48 hours ago; returns how many. */
    async sweep(): Promise<number> {
      const deleted = await db.query('DELETE FROM idempotency_keys WHERE created_at < $1', [
        new Date(now() - KEEP_KEYS_MS),
      ]);
      return deleted.rowCount;
    },
  };
}

export type KeyStore = ReturnType<typeof keyStore>;
