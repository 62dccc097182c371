import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { cached, type Cache } from './short-cache.ts';
import { plainText } from './venue-input.ts';

/** One paired tablet. */
export interface Device {
  id: string;
  venueId: string;
  label: string;
  pairedAt: Date;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
  /** The tablet whose pairing code paired this one; null: the command line (or the old relay's files). */
  pairedBy: string | null;
  /** The tablet that disconnected this one; null while connected, or when the command line did. */
  revokedBy: string | null;
  /** This tablet's last owner action, and when. */
  ownerAction: { action: OwnerAction; at: Date } | null;
}

/** What an owner action did: changed the Pushed account, changed the shared settings, made a pairing code, disconnected a tablet, changed the PIN. */
export type OwnerAction = 'venue' | 'settings' | 'pairing_code' | 'revoke' | 'pin';

/** A token check's answer: the device, or why not. */
export type Authenticated = { device: Device } | { refused: 'unknown' | 'revoked' };

/** A device's last_seen_at is written at most this often. */
const SEEN_EVERY_MS = 60_000;
const LABEL_MAX_LENGTH = 60;

/** How a device token (or a pairing code) is stored: only its hash. */
export const tokenHash = (text: string) => createHash('sha256').update(text).digest('hex');
/** A new venue (`ven_…`) or device (`dev_…`) id. */
export const newId = (prefix: 'ven' | 'dev') => `${prefix}_${randomBytes(9).toString('base64url')}`;
/** A fresh device token: 32 random bytes, base64url (43 characters, the kiosk's token shape). */
export const newDeviceToken = () => randomBytes(32).toString('base64url');

interface DeviceRow {
  id: string;
  venue_id: string;
  label: string;
  created_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
  paired_by: string | null;
  revoked_by: string | null;
  owner_action: string | null;
  owner_action_at: Date | null;
}
const DEVICE_COLUMNS =
  'id, venue_id, label, created_at, last_seen_at, revoked_at, paired_by, revoked_by, owner_action, owner_action_at';

const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  venueId: row.venue_id,
  label: row.label,
  pairedAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  revokedAt: row.revoked_at,
  pairedBy: row.paired_by,
  revokedBy: row.revoked_by,
  ownerAction:
    row.owner_action && row.owner_action_at
      ? { action: row.owner_action as OwnerAction, at: row.owner_action_at } // only written by noteOwnerAction
      : null,
});

/**
 * A venue's tablets: each known by the hash of its token. A token check is cached for CACHE_MS (a
 * push needs no query for it); a revocation applies at once here, within CACHE_MS on other copies.
 */
export function deviceStore(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  const tokens: Cache<Authenticated> = new Map();
  const seen = new Map<string, number>();

  /** A label as given (trimmed, at most 60 characters), or "Tablet N" for the venue's next tablet. */
  async function labelFor(q: Queryable, venueId: string, label: string | undefined): Promise<string> {
    const given = [...plainText(label ?? '')].slice(0, LABEL_MAX_LENGTH).join('').trim();
    if (given) return given;
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE venue_id = $1', [
      venueId,
    ]);
    return `Tablet ${(rows[0]?.n ?? 0) + 1}`;
  }

  /** Adds a tablet inside the caller's transaction `q`, labelled as given or "Tablet N"; `pairedBy` the tablet whose code it used. */
  async function insert(
    q: Queryable,
    venueId: string,
    label: string | undefined,
    token: string,
    pairedBy: string | null = null,
  ): Promise<Device> {
    const { rows } = await q.query<DeviceRow>(
      // Paired strictly after the venue's last tablet, so "oldest first" holds for tablets paired
      // (or imported) within one millisecond.
      `INSERT INTO devices (id, venue_id, token_hash, label, created_at, paired_by)
       VALUES ($1, $2, $3, $4,
         GREATEST($5::timestamptz, (SELECT max(created_at) + interval '1 millisecond' FROM devices WHERE venue_id = $2)),
         $6)
       RETURNING ${DEVICE_COLUMNS}`,
      [newId('dev'), venueId, tokenHash(token), await labelFor(q, venueId, label), new Date(now()), pairedBy],
    );
    return toDevice(rows[0]!);
  }

  return {
    insert,
    /** The device a token belongs to, or why it is refused. */
    async authenticate(token: string): Promise<Authenticated> {
      const hash = tokenHash(token);
      const t = now();
      // One query per token and cache period, however many requests arrive together when it runs out.
      const answer = await cached(tokens, hash, t, async (): Promise<Authenticated> => {
        const { rows } = await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = $1`, [
          hash,
        ]);
        const row = rows[0];
        return !row ? { refused: 'unknown' } : row.revoked_at ? { refused: 'revoked' } : { device: toDevice(row) };
      });
      if ('device' in answer && t - (seen.get(answer.device.id) ?? 0) >= SEEN_EVERY_MS) {
        seen.set(answer.device.id, t);
        // Only a note for the owner's list of tablets: its failure never refuses the tablet.
        await db
          .query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [answer.device.id, new Date(t)])
          .catch(() => seen.delete(answer.device.id));
      }
      return answer;
    },

    /** A device with a token the caller chose (the old relay's token file), or a fresh one; returns both. */
    async addDevice(
      venueId: string,
      label?: string,
      token = newDeviceToken(),
    ): Promise<{ device: Device; token: string }> {
      return db.transaction(async (tx) => ({ device: await insert(tx, venueId, label, token), token }));
    },

    /** The venue's tablets, revoked ones too, oldest first. */
    async devices(venueId: string): Promise<Device[]> {
      const { rows } = await db.query<DeviceRow>(
        `SELECT ${DEVICE_COLUMNS} FROM devices WHERE venue_id = $1 ORDER BY created_at, id`,
        [venueId],
      );
      return rows.map(toDevice);
    },

    /**
     * Revokes one of the venue's tablets and, with it, every tablet it paired (and they paired, and so
     * on) but those in `keep` (a kept tablet keeps the ones it paired too). `by`: the tablet that did
     * it (null: the command line). The revoked tablets, the one named first; undefined if the venue has
     * no such device. Revoking twice keeps the first time.
     */
    async revokeDevice(
      venueId: string,
      deviceId: string,
      { by = null, keep = [] }: { by?: string | null; keep?: readonly string[] } = {},
    ): Promise<Device[] | undefined> {
      const { rows } = await db.query<DeviceRow & { token_hash: string }>(
        `WITH RECURSIVE gone (id) AS (
           SELECT id FROM devices WHERE venue_id = $1 AND id = $2
           UNION
           SELECT d.id FROM devices d JOIN gone g ON d.paired_by = g.id
           WHERE d.venue_id = $1 AND NOT (d.id = ANY ($5::text[]))
         )
         UPDATE devices SET
           revoked_by = CASE WHEN revoked_at IS NULL THEN $4 ELSE revoked_by END,
           revoked_at = coalesce(revoked_at, $3)
         WHERE id IN (SELECT id FROM gone)
         RETURNING ${DEVICE_COLUMNS}, token_hash`,
        [venueId, deviceId, new Date(now()), by, [...keep]],
      );
      for (const row of rows) tokens.delete(row.token_hash);
      if (!rows.some((r) => r.id === deviceId)) return undefined;
      const order = (d: Device) => (d.id === deviceId ? -Infinity : d.pairedAt.getTime());
      return rows.map(toDevice).sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
    },

    /** The tablets a revocation of `deviceId` would take with it (all it paired, recursively), oldest first. */
    async pairedFrom(venueId: string, deviceId: string): Promise<Device[]> {
      const { rows } = await db.query<DeviceRow>(
        `WITH RECURSIVE down (id) AS (
           SELECT id FROM devices WHERE venue_id = $1 AND paired_by = $2
           UNION
           SELECT d.id FROM devices d JOIN down g ON d.paired_by = g.id WHERE d.venue_id = $1
         )
         SELECT ${DEVICE_COLUMNS} FROM devices WHERE id IN (SELECT id FROM down) ORDER BY created_at, id`,
        [venueId, deviceId],
      );
      return rows.map(toDevice);
    },

    /** Notes a tablet's owner action for the venue's list of tablets (who did what, and when). */
    async noteOwnerAction(deviceId: string, action: OwnerAction): Promise<void> {
      await db.query('UPDATE devices SET owner_action = $2, owner_action_at = $3 WHERE id = $1', [
        deviceId,
        action,
        new Date(now()),
      ]);
    },
  };
}
export type DeviceStore = ReturnType<typeof deviceStore>;
