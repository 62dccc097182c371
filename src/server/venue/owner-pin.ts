import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { normalizeRecoveryCode } from '../../core/recovery-code.ts';
import { readPinHash, type SharedPinHash } from '../../core/shared-settings.ts';
import { PIN_LOCK_CAP_MS, PIN_LOCK_MS, PIN_MAX_DIGITS, PIN_TRIES, type SlowHash } from '../../core/staff-pin.ts';
import type { Database } from '../db/database.ts';

const derive = promisify(pbkdf2);

/** What checking an owner action's staff PIN found: allowed (`pinSet` false while the venue has none), or why not. */
export type OwnerPinCheck =
  | { ok: true; pinSet: boolean }
  | { ok: false; refused: 'required' }
  | { ok: false; refused: 'wrong'; triesLeft: number }
  | { ok: false; refused: 'locked'; retryAfterMs: number };

/** Whether `typed` is what `hashed` was made from: the tablet's PBKDF2-SHA256, compared in constant time. */
async function matches(typed: string, hashed: SlowHash): Promise<boolean> {
  const want = Buffer.from(hashed.hash, 'base64');
  const got = await derive(typed, Buffer.from(hashed.salt, 'base64'), hashed.iterations, want.length || 32, 'sha256');
  return want.length > 0 && timingSafeEqual(got, want);
}

/** The PIN, or the recovery code (which the tablet accepts for a forgotten PIN), matches the venue's record. */
async function rightPin(typed: string, pinHash: SharedPinHash): Promise<boolean> {
  if (/^\d+$/.test(typed)) return typed.length <= PIN_MAX_DIGITS && matches(typed, pinHash);
  const code = normalizeRecoveryCode(typed);
  return code !== null && pinHash.recovery !== undefined && matches(code, pinHash.recovery);
}

interface TriesRow {
  failures: number;
  lockouts: number;
  locked_until: Date | null;
}

/**
 * The venue's staff PIN as the server checks it for owner actions: against the hash the tablets
 * share, with a budget of wrong tries per venue in the database (every server copy spends the same).
 */
export function ownerPin(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  /** The venue's PIN record, or null while none was saved. */
  async function pinHashOf(venueId: string): Promise<SharedPinHash | null> {
    const { rows } = await db.query<{ pin_hash: unknown }>('SELECT pin_hash FROM venue_settings WHERE venue_id = $1', [
      venueId,
    ]);
    return rows[0]?.pin_hash ? readPinHash(rows[0].pin_hash) : null;
  }

  /** Spends one try before any hashing, or says how long the venue is locked for. */
  const takeTry = (venueId: string) =>
    db.transaction(async (tx): Promise<{ taken: number } | { lockedMs: number }> => {
      await tx.query('INSERT INTO venue_pin_tries (venue_id) VALUES ($1) ON CONFLICT (venue_id) DO NOTHING', [venueId]);
      // The lock is read and written by the database's clock: copies whose clocks differ agree on when it ends.
      const { rows } = await tx.query<{ failures: number; locked_ms: number | null }>(
        `SELECT failures, extract(epoch from (locked_until - clock_timestamp())) * 1000 AS locked_ms
         FROM venue_pin_tries WHERE venue_id = $1 FOR UPDATE`,
        [venueId],
      );
      const row = rows[0]!; // inserted just above
      const lockedMs = Math.ceil(Number(row.locked_ms ?? 0));
      if (lockedMs > 0) return { lockedMs };
      // Every try is already being checked: the next one waits for them, it never hashes beside them.
      if (row.failures >= PIN_TRIES) return { lockedMs: 1_000 };
      await tx.query('UPDATE venue_pin_tries SET failures = failures + 1, locked_until = NULL WHERE venue_id = $1', [
        venueId,
      ]);
      return { taken: row.failures + 1 };
    });

  /** After the try numbered `taken` was wrong: the last one locks, for longer each time. */
  const wrongTry = (venueId: string, taken: number) =>
    db.transaction(async (tx): Promise<OwnerPinCheck> => {
      if (taken < PIN_TRIES) return { ok: false, refused: 'wrong', triesLeft: PIN_TRIES - taken };
      const { rows } = await tx.query<TriesRow>(
        'SELECT failures, lockouts, locked_until FROM venue_pin_tries WHERE venue_id = $1 FOR UPDATE',
        [venueId],
      );
      const lockouts = rows[0]?.lockouts ?? 0;
      const lockMs = Math.min(PIN_LOCK_CAP_MS, PIN_LOCK_MS * 2 ** lockouts);
      await tx.query(
        `UPDATE venue_pin_tries SET failures = 0, lockouts = lockouts + 1,
           locked_until = clock_timestamp() + $2 * interval '1 millisecond' WHERE venue_id = $1`,
        [venueId, lockMs],
      );
      return { ok: false, refused: 'locked', retryAfterMs: lockMs };
    });

  return {
    pinHashOf,

    /** Checks the PIN an owner action carries against the venue's (or `pinHash`, read before); allowed while it has none. */
    async check(venueId: string, typed: string | undefined, pinHash?: SharedPinHash | null): Promise<OwnerPinCheck> {
      const saved = pinHash === undefined ? await pinHashOf(venueId) : pinHash;
      if (!saved) return { ok: true, pinSet: false };
      if (!typed) return { ok: false, refused: 'required' };
      const taken = await takeTry(venueId);
      if ('lockedMs' in taken) return { ok: false, refused: 'locked', retryAfterMs: taken.lockedMs };
      if (!(await rightPin(typed, saved))) return wrongTry(venueId, taken.taken);
      await db.query('UPDATE venue_pin_tries SET failures = 0, lockouts = 0, locked_until = NULL WHERE venue_id = $1', [
        venueId,
      ]);
      return { ok: true, pinSet: true };
    },

    /** Forgets the venue's PIN on the server (the owner's way back from a PIN nobody remembers); false for no such venue. */
    async forget(venueId: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const venue = await tx.query('SELECT 1 FROM venues WHERE id = $1 FOR UPDATE', [venueId]);
        if (venue.rows.length === 0) return false;
        // The revision moves on, so every tablet's next reconcile hears of it.
        await tx.query(
          `UPDATE venue_settings SET pin_hash = NULL, revision = revision + 1, updated_at = $2, updated_by = NULL
           WHERE venue_id = $1`,
          [venueId, new Date(now())],
        );
        await tx.query('DELETE FROM venue_pin_tries WHERE venue_id = $1', [venueId]);
        await tx.query(`SELECT pg_notify('waitbell_sync', $1)`, [`${venueId}:settings`]);
        return true;
      });
    },
  };
}
export type OwnerPin = ReturnType<typeof ownerPin>;

/** Whether an upload's PIN record differs from the saved one (a change of PIN, or of its recovery code). */
export const changesPin = (saved: SharedPinHash | null, uploaded: unknown): boolean => {
  if (uploaded === undefined || uploaded === null) return false;
  const next = readPinHash(uploaded);
  if (!next || !saved) return true;
  const same = (a?: SlowHash, b?: SlowHash) =>
    a === b || (!!a && !!b && a.salt === b.salt && a.hash === b.hash && a.iterations === b.iterations);
  return !same(saved, next) || !same(saved.recovery, next.recovery);
};
