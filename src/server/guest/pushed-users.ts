import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { SecretBox } from '../venue/secret-box.ts';
import { TICKET_AFTER_FINISH_MS } from './guest-status.ts';

/** A guest has this long to come back from Pushed's page; a state is then refused in words. */
export const STATE_TTL_MS = 10 * 60_000;
/** Starts of one party within STATE_TTL_MS, at most. */
export const STARTS_PER_PARTY = 5;
/** States are forgotten after this long (used or not). */
const KEEP_STATES_MS = 60 * 60_000;

/** A state as the callback's address carries it: 32 random bytes, base64url. */
export const OAUTH_STATE = /^[A-Za-z0-9_-]{43}$/;

const stateHash = (state: string): string => createHash('sha256').update(state).digest('hex');

/** A party's Pushed token row: whether it counts for the venue's app key now, and whether Pushed could reach them. */
export interface PushedToken {
  appKey: string;
  /** Issued for the venue's app key as the database holds it now (never a copy's cached one: copies differ for seconds). */
  current: boolean;
  subscribed: boolean;
  sealed: string;
}

/** What became of a state at the callback. */
export type Consumed =
  /** `appKey`: the venue's app key the authorise link named (null for a state made before it was kept). */
  | { kind: 'fresh'; venueId: string; partyId: string; appKey: string | null }
  | { kind: 'used' | 'expired'; venueId: string; partyId: string }
  | { kind: 'unknown' };

/**
 * Guests' Pushed permissions (OAuth, target `user`): the states of their trips to Pushed and back, and the
 * access tokens Pushed gave for them, sealed with the secret box and bound to venue and party. Tokens follow
 * the guest's data: swept with their party, and two hours after it finished.
 */
export function pushedUsers(db: Database, box: SecretBox, { now = Date.now }: { now?: () => number } = {}) {
  // The authenticated data: a sealed token copied to another party or venue does not open.
  const bound = (venueId: string, partyId: string) => `${venueId}/${partyId}`;

  return {
    /**
     * A new state for the party's trip to the venue's app `appKey`, or null when it already started
     * STARTS_PER_PARTY times in 10 minutes.
     */
    async start(venueId: string, partyId: string, appKey: string): Promise<string | null> {
      const state = randomBytes(32).toString('base64url');
      const at = now();
      const { rowCount } = await db.query(
        `INSERT INTO pushed_oauth_states (state_hash, venue_id, party_id, created_at, app_key)
         SELECT $1, $2, $3, $4, $7
          WHERE (SELECT count(*) FROM pushed_oauth_states
                  WHERE venue_id = $2 AND party_id = $3 AND created_at > $5) < $6`,
        [stateHash(state), venueId, partyId, new Date(at), new Date(at - STATE_TTL_MS), STARTS_PER_PARTY, appKey],
      );
      return rowCount > 0 ? state : null;
    },

    /** Spends a state once, on every copy together: `fresh` for exactly one caller, else why not. */
    async consume(state: string): Promise<Consumed> {
      if (!OAUTH_STATE.test(state)) return { kind: 'unknown' };
      const hash = stateHash(state);
      const at = now();
      const { rows } = await db.query<{ venue_id: string; party_id: string; app_key: string | null }>(
        `UPDATE pushed_oauth_states SET used_at = $2
          WHERE state_hash = $1 AND used_at IS NULL AND created_at > $3
          RETURNING venue_id, party_id, app_key`,
        [hash, new Date(at), new Date(at - STATE_TTL_MS)],
      );
      const spent = rows[0];
      if (spent) return { kind: 'fresh', venueId: spent.venue_id, partyId: spent.party_id, appKey: spent.app_key };
      const known = await db.query<{ venue_id: string; party_id: string; used: boolean }>(
        `SELECT venue_id, party_id, used_at IS NOT NULL AS used FROM pushed_oauth_states WHERE state_hash = $1`,
        [hash],
      );
      const row = known.rows[0];
      if (!row) return { kind: 'unknown' };
      return { kind: row.used ? 'used' : 'expired', venueId: row.venue_id, partyId: row.party_id };
    },

    /**
     * Stores the party's token (replacing an earlier one) in `tx`, sealed, with the app key it was issued for:
     * `appKey`, the one the exchange was made under. Stored only while that is still the venue's key in the
     * database (another copy may have changed it meanwhile); false when it was not stored.
     */
    async save(tx: Queryable, venueId: string, partyId: string, token: string, appKey: string): Promise<boolean> {
      const { rowCount } = await tx.query(
        `INSERT INTO pushed_tokens (venue_id, party_id, token_sealed, app_key, subscribed, created_at)
         SELECT $1, $2, $3, $4, true, $5 FROM venues WHERE id = $1 AND app_key = $4
         ON CONFLICT (venue_id, party_id) DO UPDATE
           SET token_sealed = excluded.token_sealed, app_key = excluded.app_key, subscribed = true,
               created_at = excluded.created_at`,
        [venueId, partyId, box.seal(token, bound(venueId, partyId)), appKey, new Date(now())],
      );
      return rowCount > 0;
    },

    /**
     * Whether `appKey` is still the venue's app key, read in `tx` under a share lock on the venue's row: an
     * owner's change waits for `tx`, so it then finds (and forgets) whatever `tx` stored under the old key.
     */
    async keyStill(tx: Queryable, venueId: string, appKey: string): Promise<boolean> {
      const { rows } = await tx.query<{ app_key: string | null }>(
        `SELECT app_key FROM venues WHERE id = $1 FOR SHARE`,
        [venueId],
      );
      return rows[0]?.app_key === appKey;
    },

    /** The party's token row, or null. */
    async find(venueId: string, partyId: string): Promise<PushedToken | null> {
      const { rows } = await db.query<{ app_key: string; current: boolean; subscribed: boolean; token_sealed: string }>(
        `SELECT t.app_key, t.app_key = v.app_key AS current, t.subscribed, t.token_sealed
           FROM pushed_tokens t JOIN venues v ON v.id = t.venue_id
          WHERE t.venue_id = $1 AND t.party_id = $2`,
        [venueId, partyId],
      );
      const row = rows[0];
      return row
        ? { appKey: row.app_key, current: row.current, subscribed: row.subscribed, sealed: row.token_sealed }
        : null;
    },

    /** The token rows of some of the venue's parties (a status stream's), by party id. */
    async ofParties(venueId: string, partyIds: readonly string[]): Promise<Map<string, PushedToken>> {
      if (partyIds.length === 0) return new Map();
      const { rows } = await db.query<{ party_id: string; app_key: string; current: boolean; subscribed: boolean }>(
        `SELECT t.party_id, t.app_key, t.app_key = v.app_key AS current, t.subscribed
           FROM pushed_tokens t JOIN venues v ON v.id = t.venue_id
          WHERE t.venue_id = $1 AND t.party_id = ANY($2::text[])`,
        [venueId, partyIds],
      );
      return new Map(
        rows.map((r) => [r.party_id, { appKey: r.app_key, current: r.current, subscribed: r.subscribed, sealed: '' }]),
      );
    },

    /** The token itself, or null when it does not open (the server's secret key changed). */
    open: (venueId: string, partyId: string, row: PushedToken): string | null =>
      box.open(row.sealed, bound(venueId, partyId)),

    /** Pushed said whether it could reach this guest (`target_has_no_subscribers`, or a delivery). */
    async noteSubscribed(venueId: string, partyId: string, subscribed: boolean): Promise<void> {
      await db.query(`UPDATE pushed_tokens SET subscribed = $3 WHERE venue_id = $1 AND party_id = $2`, [
        venueId,
        partyId,
        subscribed,
      ]);
    },

    /** The parties of the venue holding a token issued for another app key than `appKey`. */
    async holders(venueId: string, appKey: string): Promise<string[]> {
      const { rows } = await db.query<{ party_id: string }>(
        `SELECT party_id FROM pushed_tokens WHERE venue_id = $1 AND app_key <> $2`,
        [venueId, appKey],
      );
      return rows.map((r) => r.party_id);
    },

    /** Forgets the venue's tokens issued for another app key than `appKey` (it changed), in `tx`; the parties that had one. */
    async forgetVenue(tx: Queryable, venueId: string, appKey: string): Promise<string[]> {
      const { rows } = await tx.query<{ party_id: string }>(
        `DELETE FROM pushed_tokens WHERE venue_id = $1 AND app_key <> $2 RETURNING party_id`,
        [venueId, appKey],
      );
      return rows.map((r) => r.party_id);
    },

    /**
     * Forgets tokens whose party is gone or finished more than two hours ago (when its ticket stops answering),
     * and states older than an hour; how many rows went.
     */
    async sweep(): Promise<number> {
      const tokens = await db.query(
        `DELETE FROM pushed_tokens t
          WHERE NOT EXISTS (
            SELECT 1 FROM sync_parties p
             WHERE p.venue_id = t.venue_id AND p.party_id = t.party_id
               AND (p.party->>'finishedAt' IS NULL OR (p.party->>'finishedAt')::float8 >= $1))`,
        [now() - TICKET_AFTER_FINISH_MS],
      );
      const states = await db.query(`DELETE FROM pushed_oauth_states WHERE created_at < $1`, [
        new Date(now() - KEEP_STATES_MS),
      ]);
      return tokens.rowCount + states.rowCount;
    },
  };
}
export type PushedUsers = ReturnType<typeof pushedUsers>;
