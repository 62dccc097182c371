import { existsSync, renameSync } from 'node:fs';
import type { Database } from '../db/database.ts';
import { keyLogPath, readKeyLog } from './old-key-log.ts';
import { readOldTokens, tokenId } from './old-device-tokens.ts';
import type { Logger } from '../log/logger.ts';
import type { SecretBox } from '../venue/secret-box.ts';
import { newId, tokenHash } from '../venue/venue-store.ts';

/** What the single-venue relay before the venue server was configured with. */
export interface OldRelay {
  /** Its data folder: the key log `idempotency.jsonl` in it is imported, then renamed `.imported`. */
  dataDir: string;
  appKey?: string;
  appSecret?: string;
  tokens: { file?: string; tokens?: string[] };
  /** The name of the venue the import creates. */
  venueName?: string;
}

/** The server fact that says the import ran (its value: the venue it created). */
export const IMPORTED = 'old relay imported';
/** Any number, the same for every copy: two copies starting together import once. */
const IMPORT_LOCK = 0x57_61_69_75;

/**
 * Imports the old relay once, on the first start of the venue server: its app key and secret
 * become a venue's, its device tokens that venue's tablets (the same tokens keep working, stored
 * only as hashes), its key log the venue's keys (a key sent before the upgrade is never sent
 * again). All in one transaction; then the key log is renamed so nothing reads it again. Later
 * starts only warn that the old settings are now ignored. Returns the venue created, if any.
 */
export async function importOldRelay(
  db: Database,
  box: SecretBox,
  old: OldRelay,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<string | null> {
  const logPath = keyLogPath(old.dataDir);
  const hasLog = existsSync(logPath);
  const tokens = readOldTokens(old.tokens, log);
  const hasCredentials = Boolean(old.appKey || old.appSecret);
  if (!hasLog && tokens.length === 0 && !hasCredentials) return null;

  const venueId = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    const done = await tx.query('SELECT 1 FROM server_facts WHERE name = $1', [IMPORTED]);
    if (done.rows.length > 0) return null;
    const id = newId('ven');
    const now = new Date();
    await tx.query(
      `INSERT INTO venues (id, name, app_key, app_secret_sealed, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [
        id,
        old.venueName?.trim() || 'My venue',
        old.appKey ?? '',
        old.appSecret ? box.seal(old.appSecret, id) : null,
        now,
      ],
    );
    const devices = new Map<string, string>(); // the old key prefix (token id) → the device
    for (const [i, { token, label }] of tokens.entries()) {
      const deviceId = newId('dev');
      devices.set(tokenId(token), deviceId);
      await tx.query(
        `INSERT INTO devices (id, venue_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (token_hash) DO NOTHING`,
        // A millisecond apart: the tablets list (oldest first) keeps the token file's order.
        [deviceId, id, tokenHash(token), label || `Tablet ${i + 1}`, new Date(now.getTime() + i)],
      );
    }
    let keys = 0;
    for (const record of readKeyLog(logPath).values()) {
      // Scoped records are `<token id>:<key>`; the oldest are the bare key. A venue's keys are its tablets' together.
      const scoped = /^([0-9a-f]{10}):(.+)$/.exec(record.key);
      const key = scoped ? scoped[2]! : record.key;
      const state = record.state === 'sending' ? 'unknown' : record.state; // left mid-call by a crash: never again
      const inserted = await tx.query(
        `INSERT INTO idempotency_keys (venue_id, key, device_id, request_hash, state, status, body, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (venue_id, key) DO NOTHING`,
        [
          id,
          key,
          (scoped && devices.get(scoped[1]!)) ?? null,
          record.bodyHash,
          state,
          record.state === 'done' ? record.status : null,
          record.state === 'done' ? record.body : null,
          new Date(record.at),
        ],
      );
      keys += inserted.rowCount;
    }
    await tx.query('INSERT INTO server_facts (name, value) VALUES ($1, $2)', [IMPORTED, id]);
    log.info('old relay imported', { venue: id, devices: tokens.length, keys, appKey: Boolean(old.appKey) });
    return id;
  });

  if (venueId === null) {
    const ignored = [
      hasCredentials && 'PUSHED_APP_KEY/PUSHED_APP_SECRET',
      (old.tokens.file || old.tokens.tokens?.length) && 'RELAY_DEVICE_TOKENS(_FILE)',
    ].filter(Boolean);
    if (ignored.length)
      log.warn(
        `already imported, now ignored: ${ignored.join(', ')}. Venues and tablets live in the database; remove these settings`,
      );
  }
  if (hasLog) {
    try {
      renameSync(logPath, `${logPath}.imported`);
    } catch (error) {
      // Gone: another copy starting at the same time renamed it (and only one of them imported it).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn('the old key log could not be renamed after its import; it is not read again');
    }
  }
  return venueId;
}
