import {
  checkSharedSettings,
  readPinHash,
  SHARED_SETTINGS_FIELDS,
  type SharedPinHash,
  type SharedSettings,
  type SharedSettingsProblem,
} from '../../core/shared-settings.ts';
import { ONLINE_JOINS_DEFAULTS } from '../../core/online-joins.ts';
import { DEFAULT_RETENTION } from '../../core/retention.ts';
import type { Database, Queryable } from '../db/database.ts';
import { checkVenuePatch, plainText } from './venue-store.ts';

/** The venue's shared settings as the API gives them: null settings while no tablet has set them up. */
export interface SharedSnapshot {
  settings: SharedSettings | null;
  pinHash: SharedPinHash | null;
  updatedAt: Date | null;
  /** Goes up by one at each change; 0 while nothing was ever saved. */
  revision: number;
}

/** Why an upload was refused: a settings field (the form's rules), the PIN's record, or the revision. */
export type SharedSettingsRefusal = SharedSettingsProblem | { field: 'pinHash'; problem: 'not_a_hash' };

/** What saving did: saved, refused (nothing stored changed), or another tablet saved first (`current`). */
export type SaveSharedOutcome =
  { saved: SharedSnapshot } | { conflict: SharedSnapshot } | { refused: SharedSettingsRefusal[] };

/** The channel that tells every server copy (and so every tablet) of a change: '<venueId>:settings'. */
export const SYNC_CHANNEL = 'waitbell_sync';

/** The venue-row fields of the shared settings: they live on `venues`, as the owner's command line sets them. */
export const ON_VENUE_ROW = ['venueName', 'channelAlias', 'subscriptionLink'] as const;

interface Row {
  name: string;
  channel_alias: string;
  subscription_link: string;
  settings: Record<string, unknown> | null;
  pin_hash: SharedPinHash | null;
  revision: string | number | null;
  updated_at: Date | null;
}

async function read(q: Queryable, venueId: string, lock: boolean): Promise<SharedSnapshot | undefined> {
  // The lock is its own statement, before the read: a statement that waits for a row lock sees that
  // row as committed since, but the rows joined to it as they were when it began (READ COMMITTED), so
  // a save that waited behind the venue's first one would read "no settings yet" and overwrite them.
  if (lock && (await q.query('SELECT 1 FROM venues WHERE id = $1 FOR UPDATE', [venueId])).rows.length === 0)
    return undefined;
  const { rows } = await q.query<Row>(
    `SELECT v.name, v.channel_alias, v.subscription_link, s.settings, s.pin_hash, s.revision, s.updated_at
     FROM venues v LEFT JOIN venue_settings s ON s.venue_id = v.id
     WHERE v.id = $1`,
    [venueId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const settings = row.settings
    ? ({
        ...row.settings,
        venueName: row.name,
        channelAlias: row.channel_alias,
        subscriptionLink: row.subscription_link,
        // Saved before online check-in existed: it reads as off, as checkSharedSettings reads it.
        onlineJoins: row.settings.onlineJoins ?? ONLINE_JOINS_DEFAULTS,
        retention: row.settings.retention ?? DEFAULT_RETENTION,
      } as SharedSettings) // stored only after checkSharedSettings; the venue row holds the other three
    : null;
  return {
    settings,
    pinHash: row.pin_hash,
    updatedAt: row.updated_at,
    revision: Number(row.revision ?? 0),
  };
}

/** Checks an upload with the settings form's rules and the venue row's own; the PIN hash by its shape. */
export function checkUpload(
  settings: unknown,
  pinHash: unknown,
):
  | { ok: true; settings: SharedSettings; pinHash: SharedPinHash | null }
  | { ok: false; problems: SharedSettingsRefusal[] } {
  const named =
    typeof settings === 'object' &&
    settings !== null &&
    typeof (settings as { venueName?: unknown }).venueName === 'string'
      ? { ...settings, venueName: plainText((settings as { venueName: string }).venueName) }
      : settings;
  const checked = checkSharedSettings(named);
  const problems: SharedSettingsRefusal[] = checked.ok ? [] : [...checked.error];
  if (checked.ok) {
    // The venue row's own limits (its channel alias and link lengths), in the form's words.
    const { venueName, channelAlias, subscriptionLink } = checked.value;
    const row = checkVenuePatch({ name: venueName, channelAlias, subscriptionLink });
    if (!row.ok)
      for (const p of row.problems)
        if (p.field === 'channelAlias') problems.push({ field: 'channelAlias', problem: 'bad_characters' });
        else if (p.field === 'subscriptionLink') problems.push({ field: 'subscriptionLink', problem: 'not_https' });
        else if (p.field === 'name' && p.problem !== 'required')
          problems.push({ field: 'venueName', problem: 'too_long' });
  }
  const hash = pinHash === undefined || pinHash === null ? null : readPinHash(pinHash);
  if (pinHash !== undefined && pinHash !== null && hash === null)
    problems.push({ field: 'pinHash', problem: 'not_a_hash' });
  return checked.ok && problems.length === 0
    ? { ok: true, settings: checked.value, pinHash: hash }
    : { ok: false, problems };
}

/**
 * The venue's shared settings in the database. A save names the revision it was made over: only the
 * current one is written (one at a time per venue, the venue's row locked), anything older is a
 * conflict answered with what is there now. Every change notifies SYNC_CHANNEL at commit.
 */
export function sharedSettingsStore(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  return {
    /** The venue's shared settings, or undefined for no such venue. */
    read: (venueId: string) => read(db, venueId, false),

    /** Saves an upload over `revision`; a PIN hash left out (null) keeps the saved one. */
    async save(
      venueId: string,
      deviceId: string | null,
      revision: number,
      upload: { settings: unknown; pinHash?: unknown },
    ): Promise<SaveSharedOutcome> {
      const checked = checkUpload(upload.settings, upload.pinHash);
      if (!checked.ok) return { refused: checked.problems };
      return db.transaction(async (tx) => {
        const current = await read(tx, venueId, true);
        if (!current) throw new Error('no such venue');
        if (current.revision !== revision) return { conflict: current };
        const at = new Date(now());
        const rest = Object.fromEntries(
          SHARED_SETTINGS_FIELDS.filter((f) => !(ON_VENUE_ROW as readonly string[]).includes(f)).map((f) => [
            f,
            checked.settings[f],
          ]),
        );
        await tx.query(
          `INSERT INTO venue_settings (venue_id, settings, pin_hash, revision, updated_at, updated_by)
           VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, $6)
           ON CONFLICT (venue_id) DO UPDATE SET
             settings = excluded.settings,
             pin_hash = coalesce(excluded.pin_hash, venue_settings.pin_hash),
             revision = excluded.revision,
             updated_at = excluded.updated_at,
             updated_by = excluded.updated_by`,
          [
            venueId,
            JSON.stringify(rest),
            checked.pinHash && JSON.stringify(checked.pinHash),
            revision + 1,
            at,
            deviceId,
          ],
        );
        const { venueName, channelAlias, subscriptionLink } = checked.settings;
        await tx.query(
          `UPDATE venues SET name = $2, channel_alias = $3, subscription_link = $4, updated_at = $5 WHERE id = $1`,
          [venueId, venueName, channelAlias, subscriptionLink, at],
        );
        await notifySettings(tx, venueId);
        return { saved: (await read(tx, venueId, false))! }; // the venue's row is locked: it is there
      });
    },
  };
}
export type SharedSettingsStore = ReturnType<typeof sharedSettingsStore>;

/** Tells every server copy, at commit, that the venue's settings changed (the sync stream forwards it to the tablets). */
export async function notifySettings(q: Queryable, venueId: string): Promise<void> {
  await q.query(`SELECT pg_notify($1, $2)`, [SYNC_CHANNEL, `${venueId}:settings`]);
}
