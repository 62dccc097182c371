import { randomUUID } from 'node:crypto';
import { erasePersonalData, type ErasureField, type ErasureMatch, type ErasureRecord } from '../../core/erasure.ts';
import { matchesGuest } from '../../core/guest-search.ts';
import { DEFAULT_RETENTION, historyCutoff, personalDataCutoff, readRetention } from '../../core/retention.ts';
import type { Party } from '../../core/party.ts';
import { mutation, type Mutation } from '../../core/sync/mutation.ts';
import { ERASURE_MAX_PARTIES } from '../../core/wire/erasure.ts';
import type { Database, Queryable } from '../db/database.ts';
import { BOARD_LIMITS, KEEP_SYNC_MS, type ServerSyncStore } from './server-sync-store.ts';

/** Rows read or changed in one statement of a search or a sweep: no venue's history holds the database for long. */
export const ERASURE_PAGE_ROWS = 500;
/** Pages of each kind one sweep goes through per venue, at most (100,000 parties at the default page); the next sweep goes on. */
const SWEEP_MAX_PAGES = 200;

interface RecordRow {
  id: string;
  at: Date;
  field: ErasureField;
  parties: number;
  label: string | null;
}

const toRecord = (r: RecordRow): ErasureRecord => ({
  id: r.id,
  at: r.at.getTime(),
  field: r.field,
  parties: Number(r.parties),
  tablet: r.label,
});

const RECORD_SELECT = `SELECT e.id, e.at, e.field, e.parties, d.label
  FROM erasures e LEFT JOIN devices d ON d.id = e.device_id`;

/**
 * Everything the server keeps that names or reaches these parties' guests, beside the parties
 * themselves: status-page tickets, trips to Pushed and the tokens Pushed gave, and the answers of
 * settled sends (their keys carry the party). In `tx`.
 */
export async function forgetGuests(tx: Queryable, venueId: string, partyIds: readonly string[]): Promise<void> {
  if (partyIds.length === 0) return;
  const ids = [...partyIds];
  await tx.query('DELETE FROM guest_tickets WHERE venue_id = $1 AND party_id = ANY($2::text[])', [venueId, ids]);
  await tx.query('DELETE FROM pushed_oauth_states WHERE venue_id = $1 AND party_id = ANY($2::text[])', [venueId, ids]);
  await tx.query('DELETE FROM pushed_tokens WHERE venue_id = $1 AND party_id = ANY($2::text[])', [venueId, ids]);
  // A key still reserved is a send under way: its answer is written when Pushed gives it, and swept in 48 hours.
  await tx.query(
    `DELETE FROM idempotency_keys WHERE venue_id = $1 AND state <> 'reserved'
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS p (id) WHERE starts_with(key, p.id || '_'))`,
    [venueId, ids],
  );
}

/**
 * The owner's erasures of guests' details (README, "Guests' data"): a search, an erasure of the
 * parties the owner confirmed, made as one server change per party in the venue's sync order, and the
 * anonymous list of erasures made. Also the retention sweep, per venue from its shared settings.
 */
export function erasureStore(
  db: Database,
  sync: ServerSyncStore,
  { now = Date.now, pageRows = ERASURE_PAGE_ROWS }: { now?: () => number; pageRows?: number } = {},
) {
  /** One erasure of the venue, or null. */
  async function record(q: Queryable, venueId: string, id: string): Promise<ErasureRecord | null> {
    const { rows } = await q.query<RecordRow>(`${RECORD_SELECT} WHERE e.venue_id = $1 AND e.id = $2`, [venueId, id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  return {
    record,

    /** The venue's guests that match, newest first, at most ERASURE_MAX_PARTIES: read a page at a time, never an erased one. */
    async preview(venueId: string, field: ErasureField, value: string): Promise<ErasureMatch[]> {
      const found: Party[] = [];
      let after = '';
      for (;;) {
        const { rows } = await db.query<{ party_id: string; party: Party }>(
          `SELECT party_id, party FROM sync_parties
            WHERE venue_id = $1 AND party_id > $2 AND party->>'erasedAt' IS NULL
            ORDER BY party_id LIMIT $3`,
          [venueId, after, pageRows],
        );
        for (const row of rows) if (matchesGuest(row.party, field, value)) found.push(row.party);
        if (rows.length < pageRows) break;
        after = rows.at(-1)!.party_id;
      }
      return found
        .sort((a, b) => b.joinedAt - a.joinedAt)
        .slice(0, ERASURE_MAX_PARTIES)
        .map((p) => ({ partyId: p.id, joinedAt: p.joinedAt, size: p.size, status: p.status, name: p.name }));
    },

    /**
     * Erases the confirmed parties that still match, under the venue's lock, in one transaction with its
     * record and everything else the server keeps of those guests; answered once committed. The same `id`
     * again answers the record it made (a retry changes nothing).
     */
    async erase(
      venueId: string,
      deviceId: string,
      request: { id: string; field: ErasureField; value: string; partyIds: readonly string[] },
    ): Promise<{ record: ErasureRecord; again: boolean }> {
      const at = now();
      let decided: Mutation[] = [];
      const done = await sync.own<ErasureRecord>(
        venueId,
        async (tx) => {
          const { rows } = await tx.query<{ party_id: string; party: Party }>(
            'SELECT party_id, party FROM sync_parties WHERE venue_id = $1 AND party_id = ANY($2::text[])',
            [venueId, [...new Set(request.partyIds)]],
          );
          decided = rows
            .filter((r) => matchesGuest(r.party, request.field, request.value))
            .map((r) => mutation(randomUUID(), deviceId, at, r.party_id, { kind: 'erase', erasure: request.id }));
          return decided;
        },
        BOARD_LIMITS,
        {
          before: (tx) => record(tx, venueId, request.id),
          after: async (tx, outcomes) => {
            // The outcomes are in the order of the mutations decided.
            const erased = decided.filter((_, i) => outcomes[i]?.outcome === 'applied').map((m) => m.partyId);
            await forgetGuests(tx, venueId, erased);
            await tx.query(
              `INSERT INTO erasures (venue_id, id, at, field, parties, device_id) VALUES ($1, $2, $3, $4, $5, $6)`,
              [venueId, request.id, new Date(at), request.field, erased.length, deviceId],
            );
          },
        },
      );
      if ('refused' in done) return { record: done.refused, again: true };
      const made = await record(db, venueId, request.id);
      if (!made) throw new Error('an erasure was committed without its record');
      return { record: made, again: false };
    },

    /** The venue's erasures, newest first. */
    async list(venueId: string): Promise<ErasureRecord[]> {
      const { rows } = await db.query<RecordRow>(`${RECORD_SELECT} WHERE e.venue_id = $1 ORDER BY e.at DESC, e.id`, [
        venueId,
      ]);
      return rows.map(toRecord);
    },
  };
}

/**
 * Each venue's retention, from its shared settings (the defaults for a venue without): finished parties
 * past `personalDataDays` keep only what the report counts (erasePersonalData, in place: tablets drop
 * their own copies by the same rule, so no sync change goes out), with their tickets and Pushed tokens;
 * parties that joined more than `historyMonths` ago go, and so do erasure records as old. Mutation ids
 * go after `personalDataDays` when that is shorter than the server's KEEP_SYNC_MS. A page of rows at a
 * time, each page its own short transaction under the venue's lock. How many rows changed or went.
 */
export async function sweepRetention(db: Database, at: number, pageRows = ERASURE_PAGE_ROWS): Promise<number> {
  const { rows: venues } = await db.query<{ id: string; retention: unknown }>(
    `SELECT v.id, s.settings->'retention' AS retention
       FROM venues v JOIN sync_venues sv ON sv.venue_id = v.id LEFT JOIN venue_settings s ON s.venue_id = v.id`,
  );
  let total = 0;
  for (const venue of venues) {
    const read = readRetention(venue.retention ?? undefined);
    const retention = read.ok ? read.value : DEFAULT_RETENTION;
    const personal = personalDataCutoff(retention, at);
    const history = historyCutoff(retention, at);
    // Each page under the venue's lock: a push to one of these parties waits, and never writes over it.
    const page = (work: (tx: Queryable) => Promise<number>) =>
      db.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM sync_venues WHERE venue_id = $1 FOR UPDATE', [venue.id]);
        return work(tx);
      });
    // At most SWEEP_MAX_PAGES of each kind per venue: what is left waits for the next sweep.
    const untilDone = async (work: (tx: Queryable) => Promise<number>) => {
      for (let n = pageRows, pages = 0; n >= pageRows && pages < SWEEP_MAX_PAGES; pages++) {
        n = await page(work);
        total += n;
      }
    };
    await untilDone(async (tx) => {
      const { rows } = await tx.query<{ party_id: string; party: Party }>(
        `SELECT party_id, party FROM sync_parties
          WHERE venue_id = $1 AND party->>'finishedAt' IS NOT NULL AND party->>'erasedAt' IS NULL
            AND (party->>'finishedAt')::float8 < $2
          ORDER BY (party->>'finishedAt')::float8 LIMIT $3`,
        [venue.id, personal, pageRows],
      );
      if (rows.length === 0) return 0;
      const erased = rows.map((r) => ({ party_id: r.party_id, party: erasePersonalData(r.party, at) }));
      await tx.query(
        `UPDATE sync_parties AS p SET party = r.party, last_change = NULL
           FROM jsonb_to_recordset($2::jsonb) AS r (party_id text, party jsonb)
          WHERE p.venue_id = $1 AND p.party_id = r.party_id`,
        [venue.id, JSON.stringify(erased)],
      );
      await forgetGuests(
        tx,
        venue.id,
        rows.map((r) => r.party_id),
      );
      return rows.length;
    });
    await untilDone(async (tx) => {
      const { rowCount } = await tx.query(
        `DELETE FROM sync_parties WHERE venue_id = $1 AND party_id IN (
           SELECT party_id FROM sync_parties
            WHERE venue_id = $1 AND (party->>'joinedAt')::float8 < $2
              AND NOT (party->>'status' IN ('waiting', 'notified'))
            LIMIT $3)`,
        [venue.id, history, pageRows],
      );
      return rowCount;
    });
    const records = await db.query('DELETE FROM erasures WHERE venue_id = $1 AND at < $2', [
      venue.id,
      new Date(history),
    ]);
    total += records.rowCount;
    if (personal > at - KEEP_SYNC_MS)
      await untilDone(async (tx) => {
        const { rowCount } = await tx.query(
          `DELETE FROM sync_mutations WHERE venue_id = $1 AND id IN (
             SELECT id FROM sync_mutations WHERE venue_id = $1 AND received_at < $2 LIMIT $3)`,
          [venue.id, new Date(personal), pageRows],
        );
        return rowCount;
      });
  }
  return total;
}

/** Whether the venue's party `partyId` had its guest's details erased (by the owner, or by the venue's retention). */
export async function isErasedParty(db: Queryable, venueId: string, partyId: string): Promise<boolean> {
  const { rows } = await db.query(
    "SELECT 1 FROM sync_parties WHERE venue_id = $1 AND party_id = $2 AND party->>'erasedAt' IS NOT NULL",
    [venueId, partyId],
  );
  return rows.length > 0;
}
