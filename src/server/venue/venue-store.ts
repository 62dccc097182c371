import type { VenueInfo } from '../../core/venue.ts';
import type { Database, Queryable } from '../db/database.ts';
import { deviceStore, newId } from './device-store.ts';
import { ownerPin } from './owner-pin.ts';
import { pairingStore } from './pairing-store.ts';
import type { SecretBox } from './secret-box.ts';
import { cached, type Cache } from './short-cache.ts';
import { checkVenuePatch, VenueInputError, type VenuePatch } from './venue-input.ts';

export { CACHE_MS } from './short-cache.ts';
export type { Authenticated, Device, OwnerAction } from './device-store.ts';
export { newDeviceToken, newId, tokenHash } from './device-store.ts';
export { normalizePairingCode, PAIRING_CODE_TTL_MS, type PairingRefusal } from './pairing-store.ts';
export { checkVenuePatch, plainText, VenueInputError, type VenuePatch, type VenueProblem } from './venue-input.ts';

/** A venue's check-in code: 6 symbols without 0/O/1/I/L (the database makes them; migration 8). */
export const VENUE_CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

/** A check-in code as an address carries it (any case), or null when it cannot be one. */
export const venueCodeOf = (text: string): string | null => {
  const code = text.toUpperCase();
  return VENUE_CODE.test(code) ? code : null;
};

/** What a guest's page may know of a venue: its name and code, and its id for the server's own use. */
export interface PublicVenue {
  id: string;
  name: string;
  code: string;
}

/** A venue as any API may show it: never its secret, only whether one is set (the kiosk's own VenueInfo). */
export type Venue = VenueInfo;

/** What a venue's pushes are sent with. */
export interface Credentials {
  appKey: string;
  appSecret: string;
}

interface VenueRow {
  id: string;
  name: string;
  app_key: string;
  app_secret_sealed: string | null;
  channel_alias: string;
  subscription_link: string;
}
const VENUE_COLUMNS = 'id, name, app_key, app_secret_sealed, channel_alias, subscription_link';

/**
 * Venues, with their tablets (device-store.ts) and pairing codes (pairing-store.ts), in the database.
 * Credentials are cached for CACHE_MS (a push needs no query for them); changes made through this
 * store apply at once here, and within CACHE_MS on the other server copies.
 */
export function venueStore(db: Database, box: SecretBox, { now = Date.now }: { now?: () => number } = {}) {
  const credentials: Cache<Credentials | null> = new Map();
  const byCode: Cache<PublicVenue | null> = new Map();

  /** A venue as shown: its secret counts as set only if it opens (a changed WAITBELL_SECRET_KEY leaves it unset). */
  const toVenue = (row: VenueRow): Venue => ({
    id: row.id,
    name: row.name,
    appKey: row.app_key,
    hasAppSecret: row.app_secret_sealed !== null && box.open(row.app_secret_sealed, row.id) !== null,
    channelAlias: row.channel_alias,
    subscriptionLink: row.subscription_link,
  });

  const venueRow = async (q: Queryable, id: string) =>
    (await q.query<VenueRow>(`SELECT ${VENUE_COLUMNS} FROM venues WHERE id = $1`, [id])).rows[0];

  const devices = deviceStore(db, { now });
  const pairing = pairingStore(
    db,
    devices,
    async (q, id) => {
      const row = await venueRow(q, id);
      return row && toVenue(row);
    },
    { now },
  );

  const store = {
    async createVenue(name: string, patch: VenuePatch = {}): Promise<Venue> {
      const checked = checkVenuePatch({ ...patch, name });
      if (!checked.ok) throw new VenueInputError(checked.problems);
      const id = newId('ven');
      await db.query(`INSERT INTO venues (id, name, created_at) VALUES ($1, $2, $3)`, [
        id,
        checked.value.name,
        new Date(now()),
      ]);
      return store.updateVenue(id, checked.value);
    },

    async venue(id: string): Promise<Venue | undefined> {
      const row = await venueRow(db, id);
      return row && toVenue(row);
    },

    async venues(): Promise<Venue[]> {
      const { rows } = await db.query<VenueRow>(`SELECT ${VENUE_COLUMNS} FROM venues ORDER BY created_at, id`);
      return rows.map(toVenue);
    },

    /** Applies an owner's changes (checked: throws VenueInputError); returns the venue as it now is. */
    async updateVenue(id: string, patch: VenuePatch): Promise<Venue> {
      const checked = checkVenuePatch(patch);
      if (!checked.ok) throw new VenueInputError(checked.problems);
      const { name, appKey, appSecret, channelAlias, subscriptionLink } = checked.value;
      const at = new Date(now());
      const { rows } = await db.transaction(async (tx) => {
        const updated = await tx.query<VenueRow>(
          `UPDATE venues SET
           name = coalesce($2, name),
           app_key = coalesce($3, app_key),
           app_secret_sealed = coalesce($4, app_secret_sealed),
           channel_alias = coalesce($5, channel_alias),
           subscription_link = coalesce($6, subscription_link),
           updated_at = $7
         WHERE id = $1 RETURNING ${VENUE_COLUMNS}`,
          [
            id,
            name ?? null,
            appKey ?? null,
            appSecret ? box.seal(appSecret, id) : null,
            channelAlias ?? null,
            subscriptionLink ?? null,
            at,
          ],
        );
        // The name, channel and link are shared settings too: every tablet is told, and takes them.
        if (updated.rows[0] && (name ?? channelAlias ?? subscriptionLink) !== undefined) {
          const bumped = await tx.query(
            `UPDATE venue_settings SET revision = revision + 1, updated_at = $2 WHERE venue_id = $1`,
            [id, at],
          );
          if (bumped.rowCount > 0) await tx.query(`SELECT pg_notify('waitbell_sync', $1)`, [`${id}:settings`]);
        }
        return updated;
      });
      if (!rows[0]) throw new Error('no such venue');
      credentials.delete(id);
      return toVenue(rows[0]);
    },

    /** The venue's Pushed app key and secret, or null while either is missing (or the secret does not open). */
    async credentials(venueId: string): Promise<Credentials | null> {
      return cached(credentials, venueId, now(), async () => {
        const row = await venueRow(db, venueId);
        const appSecret = row?.app_secret_sealed ? box.open(row.app_secret_sealed, venueId) : null;
        return row?.app_key && appSecret ? { appKey: row.app_key, appSecret } : null;
      });
    },

    /** Whether a sealed secret no longer opens (the key changed): worth a warning at start-up, never a crash. */
    async unreadableSecrets(): Promise<string[]> {
      const { rows } = await db.query<VenueRow>(
        `SELECT ${VENUE_COLUMNS} FROM venues WHERE app_secret_sealed IS NOT NULL`,
      );
      return rows.filter((r) => box.open(r.app_secret_sealed!, r.id) === null).map((r) => r.id);
    },

    /** The venue a check-in code names (any case), or null; cached CACHE_MS, so a flood of page loads costs one query. */
    async byCode(text: string): Promise<PublicVenue | null> {
      const code = venueCodeOf(text);
      if (!code) return null;
      return cached(byCode, code, now(), async () => {
        const { rows } = await db.query<PublicVenue>('SELECT id, name, code FROM venues WHERE code = $1', [code]);
        return rows[0] ?? null;
      });
    },

    /** The venue's check-in code (every venue has one). */
    async code(venueId: string): Promise<string | null> {
      const { rows } = await db.query<{ code: string }>('SELECT code FROM venues WHERE id = $1', [venueId]);
      return rows[0]?.code ?? null;
    },

    async fact(name: string): Promise<string | undefined> {
      const { rows } = await db.query<{ value: string }>('SELECT value FROM server_facts WHERE name = $1', [name]);
      return rows[0]?.value;
    },
    authenticate: devices.authenticate,
    addDevice: devices.addDevice,
    devices: devices.devices,
    revokeDevice: devices.revokeDevice,
    pairedFrom: devices.pairedFrom,
    noteOwnerAction: devices.noteOwnerAction,
    /** Clears the venue's staff PIN on the server (the command line's way back from a forgotten one). */
    forgetPin: (venueId: string) => ownerPin(db, { now }).forget(venueId),
    createPairingCode: pairing.createPairingCode,
    pair: pairing.pair,
    sweepPairingCodes: pairing.sweepPairingCodes,
  };
  return store;
}
export type VenueStore = ReturnType<typeof venueStore>;
