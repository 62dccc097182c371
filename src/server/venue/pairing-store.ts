import { randomInt } from 'node:crypto';
import {
  normalizePairingCode as readPairingCode,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LENGTH,
} from '../../core/pairing-code.ts';
import type { VenueInfo } from '../../core/venue.ts';
import type { Database, Queryable } from '../db/database.ts';
import { newDeviceToken, tokenHash, type Device, type DeviceStore } from './device-store.ts';

/** How long a pairing code is good for. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

/** Why a pairing code did not pair. */
export type PairingRefusal = 'invalid' | 'unknown' | 'used' | 'expired';

/** A typed or scanned code as stored (the kiosk's own reading rules, src/core/pairing-code.ts); null if it cannot be one. */
export function normalizePairingCode(text: string): string | null {
  const code = readPairingCode(text);
  return code.ok ? code.value : null;
}

/** A fresh code, grouped for reading aloud: K7QM-3XDP-9RTA. */
function newPairingCode(): string {
  const symbols = Array.from(
    { length: PAIRING_CODE_LENGTH },
    () => PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)],
  );
  return [0, 4, 8].map((i) => symbols.slice(i, i + 4).join('')).join('-');
}

/**
 * One-time pairing codes: the owner (or a paired tablet) makes one, a new tablet trades it for a
 * device token. Only a code's hash is stored; a revoked tablet's codes die with it.
 */
export function pairingStore(
  db: Database,
  devices: DeviceStore,
  /** The venue as shown, read inside the pairing's transaction. */
  venueIn: (q: Queryable, venueId: string) => Promise<VenueInfo | undefined>,
  { now = Date.now }: { now?: () => number } = {},
) {
  return {
    /** A new one-time pairing code for the venue, valid PAIRING_CODE_TTL_MS. */
    async createPairingCode(
      venueId: string,
      createdBy: string | null = null,
    ): Promise<{ code: string; expiresAt: Date }> {
      const code = newPairingCode();
      const at = now();
      const expiresAt = new Date(at + PAIRING_CODE_TTL_MS);
      await db.query(
        `INSERT INTO pairing_codes (code_hash, venue_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [tokenHash(normalizePairingCode(code)!), venueId, createdBy, new Date(at), expiresAt],
      );
      return { code, expiresAt };
    },

    /**
     * Pairs a tablet: the code is used in the same transaction that adds the device, so of two
     * tablets racing with one code exactly one is paired.
     */
    async pair(
      text: string,
      label?: string,
    ): Promise<{ device: Device; token: string; venue: VenueInfo } | { refused: PairingRefusal }> {
      const code = normalizePairingCode(text);
      if (!code) return { refused: 'invalid' };
      const hash = tokenHash(code);
      return db.transaction(async (tx) => {
        const at = new Date(now());
        const { rows } = await tx.query<{
          venue_id: string;
          created_by: string | null;
          used_at: Date | null;
          expires_at: Date;
          creator_revoked_at: Date | null;
        }>(
          `SELECT p.venue_id, p.created_by, p.used_at, p.expires_at, d.revoked_at AS creator_revoked_at
           FROM pairing_codes p LEFT JOIN devices d ON d.id = p.created_by
           WHERE p.code_hash = $1 FOR UPDATE OF p`,
          [hash],
        );
        const found = rows[0];
        if (!found) return { refused: 'unknown' as const };
        if (found.used_at) return { refused: 'used' as const };
        // A revoked tablet's codes die with it: a stolen tablet cannot come back as a new one.
        if (found.expires_at <= at || found.creator_revoked_at) return { refused: 'expired' as const };
        const token = newDeviceToken();
        const device = await devices.insert(tx, found.venue_id, label, token, found.created_by);
        await tx.query('UPDATE pairing_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1', [
          hash,
          at,
          device.id,
        ]);
        return { device, token, venue: (await venueIn(tx, found.venue_id))! };
      });
    },

    /** Deletes pairing codes expired for a day (kept a while so "expired" can be said, not "unknown"). */
    async sweepPairingCodes(): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM pairing_codes WHERE expires_at < $1', [
        new Date(now() - 24 * 60 * 60_000),
      ]);
      return rowCount;
    },
  };
}
