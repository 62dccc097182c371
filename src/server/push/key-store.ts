import type { Database } from '../db/database.ts';

/** Keys are kept at least this long: a day of kiosk retries, and a margin. */
export const KEEP_KEYS_MS = 48 * 60 * 60_000;

/**
 * What the server remembers of one Idempotency-Key of a venue; the database twin of the old relay's
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

/** Statements of one kind the store runs at once at most; more callers wait and then go together, as one. */
const BATCHES_AT_ONCE = 4;

/**
 * Group commit, as the old key log had: calls made while BATCHES_AT_ONCE statements are already
 * running go to the database together, one statement and one commit for the lot, so a rush of
 * pushes costs a few round trips, not two each. A lone call goes at once. If a batch fails, each
 * of its calls is tried alone, so one bad row cannot fail the others.
 */
function batched<T, R>(run: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  type Waiting = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
  const waiting: Waiting[] = [];
  let running = 0;
  const alone = (w: Waiting) =>
    run([w.item]).then(
      ([r]) => w.resolve(r!),
      (error: unknown) => w.reject(error),
    );
  const go = (batch: Waiting[]) => {
    running += 1;
    run(batch.map((w) => w.item))
      .then<unknown, unknown>(
        (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
        (error: unknown) => (batch.length === 1 ? batch[0]!.reject(error) : Promise.all(batch.map(alone))),
      )
      .finally(() => {
        running -= 1;
        if (waiting.length) go(waiting.splice(0));
      })
      .catch(() => {}); // every caller was answered above
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (running < BATCHES_AT_ONCE) go(waiting.splice(0));
    });
}

interface Reservation {
  venueId: string;
  key: string;
  deviceId: string | null;
  requestHash: string;
}

/** For each entry of a batch, whether the statement returned its row (a key twice in the batch: only the first). */
function eachReturned(batch: readonly { venueId: string; key: string }[], rows: { venue_id: string; key: string }[]) {
  const returned = new Set(rows.map((r) => JSON.stringify([r.venue_id, r.key])));
  return batch.map((r) => returned.delete(JSON.stringify([r.venueId, r.key])));
}

/** The idempotency keys of every venue, in the database: what several server copies share. */
export function keyStore(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  const lookup = async (venueId: string, key: string): Promise<StoredKey | undefined> => {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM idempotency_keys WHERE venue_id = $1 AND key = $2`, [
      venueId,
      key,
    ]);
    return rows[0] && toKey(rows[0]);
  };

  /** Inserts reservations in one statement; true for each one this call reserved (a key twice in it: the first). */
  const insert = batched<Reservation, boolean>(async (batch) => {
    const { rows } = await db.query<{ venue_id: string; key: string }>(
      `INSERT INTO idempotency_keys (venue_id, key, device_id, request_hash, state, created_at, updated_at)
       SELECT v, k, d, h, 'reserved', $1, $1 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t (v, k, d, h)
       ON CONFLICT (venue_id, key) DO NOTHING
       RETURNING venue_id, key`,
      [
        new Date(now()),
        batch.map((r) => r.venueId),
        batch.map((r) => r.key),
        batch.map((r) => r.deviceId),
        batch.map((r) => r.requestHash),
      ],
    );
    return eachReturned(batch, rows);
  });

  /** Records answers of reserved keys in one statement; true for each key that was still reserved. */
  const completeAll = batched<{ venueId: string; key: string; status: number; body: string }, boolean>(
    async (batch) => {
      const { rows } = await db.query<{ venue_id: string; key: string }>(
        `UPDATE idempotency_keys AS i SET state = 'done', status = t.s, body = t.b, updated_at = $1
         FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS t (v, k, s, b)
         WHERE i.venue_id = t.v AND i.key = t.k AND i.state = 'reserved'
         RETURNING i.venue_id, i.key`,
        [
          new Date(now()),
          batch.map((r) => r.venueId),
          batch.map((r) => r.key),
          batch.map((r) => r.status),
          batch.map((r) => r.body),
        ],
      );
      return eachReturned(batch, rows);
    },
  );

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
    async reserve(request: Reservation): Promise<{ reserved: true } | { reserved: false; existing: StoredKey }> {
      // A key swept or forgotten between the insert and the lookup is free again: try once more.
      for (let attempt = 0; ; attempt++) {
        if (await insert(request)) return { reserved: true };
        const existing = await lookup(request.venueId, request.key);
        if (existing) return { reserved: false, existing };
        if (attempt >= 2) throw new Error('idempotency key kept changing while being reserved');
      }
    },
    /** Records Pushed's answer for a reserved key; false if the key was no longer reserved (it stays as it was). */
    complete: (venueId: string, key: string, answer: { status: number; body: string }) =>
      completeAll({ venueId, key, ...answer }),
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
