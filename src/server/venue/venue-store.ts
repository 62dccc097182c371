import { createHash, randomBytes, randomInt } from 'node:crypto';
import {
  normalizePairingCode as readPairingCode,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LENGTH,
} from '../../core/pairing-code.ts';
import { pushedAccountProblem, VENUE_NAME_MAX_LENGTH } from '../../core/settings.ts';
import type { VenueInfo } from '../../core/venue.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { SecretBox } from './secret-box.ts';

/** A venue as any API may show it: never its secret, only whether one is set (the kiosk's own VenueInfo). */
export type Venue = VenueInfo;

/** One paired tablet. */
export interface Device {
  id: string;
  venueId: string;
  label: string;
  pairedAt: Date;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

/** What a venue's pushes are sent with. */
export interface Credentials {
  appKey: string;
  appSecret: string;
}

/** The venue fields an owner sets; `appSecret` absent or empty keeps the saved one. */
export type VenuePatch = Partial<Omit<Venue, 'id' | 'hasAppSecret'> & { appSecret: string }>;

/** Why a venue field was refused: the kiosk's own rules and words (src/core/settings.ts). */
export type VenueProblem =
  | { field: 'name'; problem: 'required' | 'too_long' }
  | { field: 'appKey' | 'appSecret' | 'channelAlias'; problem: 'bad_characters' | 'too_long' }
  | { field: 'subscriptionLink'; problem: 'not_https' };

/** How long a pairing code is good for. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
/** A revocation or a new secret reaches every server copy within this. */
export const CACHE_MS = 5_000;
/** A device's last_seen_at is written at most this often. */
const SEEN_EVERY_MS = 60_000;
const LABEL_MAX_LENGTH = 60;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** How a device token is stored: only its hash. */
export const tokenHash = sha256;
/** A new venue (`ven_…`) or device (`dev_…`) id. */
export const newId = (prefix: 'ven' | 'dev') => `${prefix}_${randomBytes(9).toString('base64url')}`;

/**
 * A name as shown to people: control characters (a terminal's escape sequences, line breaks) and
 * the invisible marks that reverse text are taken out, spaces folded. Names reach the owner's
 * terminal and every tablet: nobody may write into them but the letters.
 */
export const plainText = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is taken out
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

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

/** Checks an owner's changes to a venue; trims them. */
export function checkVenuePatch(
  patch: VenuePatch,
): { ok: true; value: VenuePatch } | { ok: false; problems: VenueProblem[] } {
  const problems: VenueProblem[] = [];
  const value: VenuePatch = {};
  if (patch.name !== undefined) {
    value.name = plainText(patch.name);
    if (value.name === '') problems.push({ field: 'name', problem: 'required' });
    else if ([...value.name].length > VENUE_NAME_MAX_LENGTH) problems.push({ field: 'name', problem: 'too_long' });
  }
  for (const field of ['appKey', 'appSecret', 'channelAlias'] as const) {
    if (patch[field] === undefined) continue;
    const text = patch[field].trim();
    const problem = pushedAccountProblem(text);
    if (problem) problems.push({ field, problem });
    value[field] = text;
  }
  if (patch.subscriptionLink !== undefined) {
    value.subscriptionLink = patch.subscriptionLink.trim();
    if (value.subscriptionLink !== '' && !/^https:\/\/\S{1,500}$/i.test(value.subscriptionLink))
      problems.push({ field: 'subscriptionLink', problem: 'not_https' });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

interface VenueRow {
  id: string;
  name: string;
  app_key: string;
  app_secret_sealed: string | null;
  channel_alias: string;
  subscription_link: string;
}
interface DeviceRow {
  id: string;
  venue_id: string;
  label: string;
  created_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}
const VENUE_COLUMNS = 'id, name, app_key, app_secret_sealed, channel_alias, subscription_link';
const DEVICE_COLUMNS = 'id, venue_id, label, created_at, last_seen_at, revoked_at';

const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  venueId: row.venue_id,
  label: row.label,
  pairedAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  revokedAt: row.revoked_at,
});

/** Answers kept CACHE_MS, as promises: requests arriving together share one query. */
type Cache<T> = Map<string, { value: Promise<T>; until: number }>;

/** The cached answer for `name`, or a fresh one from `read` (a failed read is not kept). At most 10,000 names. */
function cached<T>(cache: Cache<T>, name: string, t: number, read: () => Promise<T>): Promise<T> {
  const known = cache.get(name);
  if (known && known.until > t) return known.value;
  if (cache.size >= 10_000) cache.clear(); // many wrong tokens cannot grow it without end
  const entry = { value: read(), until: t + CACHE_MS };
  cache.set(name, entry);
  entry.value.catch(() => cache.get(name) === entry && cache.delete(name));
  return entry.value;
}

/** A token check's answer: the device, or why not. */
export type Authenticated = { device: Device } | { refused: 'unknown' | 'revoked' };

/** Why a pairing code did not pair. */
export type PairingRefusal = 'invalid' | 'unknown' | 'used' | 'expired';

/**
 * Venues, their tablets and pairing codes, in the database. Token checks and credentials are cached
 * for CACHE_MS (a push needs no query for them); changes made through this store apply at once here,
 * and within CACHE_MS on the other server copies.
 */
export function venueStore(db: Database, box: SecretBox, { now = Date.now }: { now?: () => number } = {}) {
  const tokens: Cache<Authenticated> = new Map();
  const credentials: Cache<Credentials | null> = new Map();
  const seen = new Map<string, number>();

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

  async function insertDevice(q: Queryable, venueId: string, label: string, token: string): Promise<Device> {
    const { rows } = await q.query<DeviceRow>(
      // Paired strictly after the venue's last tablet, so "oldest first" holds for tablets paired
      // (or imported) within one millisecond.
      `INSERT INTO devices (id, venue_id, token_hash, label, created_at)
       VALUES ($1, $2, $3, $4,
         GREATEST($5::timestamptz, (SELECT max(created_at) + interval '1 millisecond' FROM devices WHERE venue_id = $2)))
       RETURNING ${DEVICE_COLUMNS}`,
      [newId('dev'), venueId, tokenHash(token), label, new Date(now())],
    );
    return toDevice(rows[0]!);
  }

  /** A label as given (trimmed, at most 60 characters), or "Tablet N" for the venue's next tablet. */
  async function labelFor(q: Queryable, venueId: string, label: string | undefined): Promise<string> {
    const given = [...plainText(label ?? '')].slice(0, LABEL_MAX_LENGTH).join('').trim();
    if (given) return given;
    const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE venue_id = $1', [
      venueId,
    ]);
    return `Tablet ${(rows[0]?.n ?? 0) + 1}`;
  }

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
      return db.transaction(async (tx) => ({
        device: await insertDevice(tx, venueId, await labelFor(tx, venueId, label), token),
        token,
      }));
    },

    /** The venue's tablets, revoked ones too, oldest first. */
    async devices(venueId: string): Promise<Device[]> {
      const { rows } = await db.query<DeviceRow>(
        `SELECT ${DEVICE_COLUMNS} FROM devices WHERE venue_id = $1 ORDER BY created_at, id`,
        [venueId],
      );
      return rows.map(toDevice);
    },

    /** Revokes one of the venue's tablets; undefined if the venue has no such device. Revoking twice keeps the first time. */
    async revokeDevice(venueId: string, deviceId: string): Promise<Device | undefined> {
      const { rows } = await db.query<DeviceRow>(
        `UPDATE devices SET revoked_at = coalesce(revoked_at, $3) WHERE venue_id = $1 AND id = $2
         RETURNING ${DEVICE_COLUMNS}, token_hash`,
        [venueId, deviceId, new Date(now())],
      );
      const row = rows[0] as (DeviceRow & { token_hash: string }) | undefined;
      if (row) tokens.delete(row.token_hash);
      return row && toDevice(row);
    },

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
        [sha256(normalizePairingCode(code)!), venueId, createdBy, new Date(at), expiresAt],
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
    ): Promise<{ device: Device; token: string; venue: Venue } | { refused: PairingRefusal }> {
      const code = normalizePairingCode(text);
      if (!code) return { refused: 'invalid' };
      const hash = sha256(code);
      return db.transaction(async (tx) => {
        const at = new Date(now());
        const { rows } = await tx.query<{
          venue_id: string;
          used_at: Date | null;
          expires_at: Date;
          creator_revoked_at: Date | null;
        }>(
          `SELECT p.venue_id, p.used_at, p.expires_at, d.revoked_at AS creator_revoked_at
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
        const device = await insertDevice(tx, found.venue_id, await labelFor(tx, found.venue_id, label), token);
        await tx.query('UPDATE pairing_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1', [
          hash,
          at,
          device.id,
        ]);
        return { device, token, venue: toVenue((await venueRow(tx, found.venue_id))!) };
      });
    },

    /** Deletes pairing codes expired for a day (kept a while so "expired" can be said, not "unknown"). */
    async sweepPairingCodes(): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM pairing_codes WHERE expires_at < $1', [
        new Date(now() - 24 * 60 * 60_000),
      ]);
      return rowCount;
    },

    async fact(name: string): Promise<string | undefined> {
      const { rows } = await db.query<{ value: string }>('SELECT value FROM server_facts WHERE name = $1', [name]);
      return rows[0]?.value;
    },
  };
  return store;
}
export type VenueStore = ReturnType<typeof venueStore>;

/** A fresh device token: 32 random bytes, base64url (43 characters, the kiosk's token shape). */
export const newDeviceToken = () => randomBytes(32).toString('base64url');

/** An owner's venue change was refused; `problems` names each field. */
export class VenueInputError extends Error {
  override readonly name = 'VenueInputError';
  constructor(readonly problems: VenueProblem[]) {
    super(`venue settings refused: ${problems.map((p) => `${p.field} ${p.problem}`).join(', ')}`);
  }
}
