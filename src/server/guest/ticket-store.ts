import { createHash, randomBytes } from 'node:crypto';
import type { Party } from '../../core/party.ts';
import type { Database, Queryable } from '../db/database.ts';
import { KEEP_SYNC_MS } from '../sync/server-sync-store.ts';

/** A new ticket's token (32 random bytes, base64url: the page keeps it in its address's fragment) and its hash. */
export function newTicket(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: ticketHash(token) };
}

/** The only form a ticket is stored or looked up in. */
export const ticketHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A ticket and its party as stored now. */
export interface TicketRow {
  venueId: string;
  partyId: string;
  venue: { name: string; code: string };
  /** Null when the party is gone (swept). */
  party: Party | null;
  /** The venue's version that last changed the party. */
  version: number;
}

const ON_BOARD_WAITING = `party->>'status' = 'waiting'`;

/** Guests' tickets: only their hash, the venue and party they follow; swept with the parties. */
export function ticketStore(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  return {
    /** Stores a ticket in `tx` (the one that adds its party). */
    async insert(tx: Queryable, hash: string, venueId: string, partyId: string): Promise<void> {
      await tx.query(`INSERT INTO guest_tickets (token_hash, venue_id, party_id, created_at) VALUES ($1, $2, $3, $4)`, [
        hash,
        venueId,
        partyId,
        new Date(now()),
      ]);
    },

    /** The ticket a token names, with its venue and party; null for none. */
    async find(token: string): Promise<TicketRow | null> {
      const { rows } = await db.query<{
        venue_id: string;
        party_id: string;
        name: string;
        code: string;
        party: Party | null;
        version: unknown;
      }>(
        `SELECT t.venue_id, t.party_id, v.name, v.code, p.party, p.version
           FROM guest_tickets t
           JOIN venues v ON v.id = t.venue_id
           LEFT JOIN sync_parties p ON p.venue_id = t.venue_id AND p.party_id = t.party_id
          WHERE t.token_hash = $1`,
        [ticketHash(token)],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        venueId: row.venue_id,
        partyId: row.party_id,
        venue: { name: row.name, code: row.code },
        party: row.party,
        version: Number(row.version ?? 0),
      };
    },

    /** The party's place among the venue's waiting parties (the board's order), 1 first. */
    async place(q: Queryable, venueId: string, party: Party): Promise<number> {
      const { rows } = await q.query<{ n: unknown }>(
        `SELECT count(*) AS n FROM sync_parties
          WHERE venue_id = $1 AND ${ON_BOARD_WAITING} AND party_id <> $4
            AND ((party->>'rank')::float8, (party->>'joinedAt')::float8, party_id COLLATE "C")
              < ($2::float8, $3::float8, $4::text COLLATE "C")`,
        [venueId, party.rank, party.joinedAt, party.id],
      );
      return 1 + Number(rows[0]?.n ?? 0);
    },

    /** Forgets tickets whose party is gone (the sync sweep's 30 days) or older than that; how many went. */
    async sweep(): Promise<number> {
      const { rowCount } = await db.query(
        `DELETE FROM guest_tickets t
          WHERE t.created_at < $1
             OR NOT EXISTS (SELECT 1 FROM sync_parties p WHERE p.venue_id = t.venue_id AND p.party_id = t.party_id)`,
        [new Date(now() - KEEP_SYNC_MS)],
      );
      return rowCount;
    },
  };
}
export type TicketStore = ReturnType<typeof ticketStore>;
