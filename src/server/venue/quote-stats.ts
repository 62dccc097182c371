import { QUOTE_HISTORY_RETENTION_MS } from '../../core/past-party.ts';
import {
  addToModel,
  learnQuoteModel,
  readQuoteModel,
  serializeQuoteModel,
  type QuoteModel,
} from '../../core/quote-estimator.ts';
import type { PastParty } from '../../core/quote-history.ts';
import type { Database, Queryable } from '../db/database.ts';
import { offsetsIn, venueTimeZone } from './venue-time-zone.ts';

const DAY_MS = 86_400_000;
/** A stored model is learned again from the whole history once it is this old: parties that finished out of order count again. */
export const RELEARN_AFTER_MS = DAY_MS;
/** The most finished parties one incremental refresh adds: the rest wait for the next tick. */
export const REFRESH_PARTIES = 5_000;
/** A whole relearning reads the history this many parties at a time, letting requests through in between. */
const RELEARN_PAGE = 10_000;
/** A party finishes within this long of joining: the joinedAt index bounds what a refresh reads. */
const LONGEST_VISIT_MS = DAY_MS;

/** The venue's learned quote statistics as the tablets read them (GET /1/quotes/model). */
export interface StoredQuoteModel {
  /** `serializeQuoteModel`'s JSON. */
  model: unknown;
  learnedFrom: number;
  computedAt: number;
  /** The latest finishing time of a party in the model: a tablet adds only those finished after it. */
  throughFinishedAt: number;
  /** Changes whenever the model does: the answer's ETag. */
  tag: string;
}

interface Row {
  model: unknown;
  learned_from: number;
  through_version: string;
  through_finished_at: number;
  computed_at: Date;
  relearned_at: Date;
}

// Only what the estimator reads: no name, note or contact leaves the database for this.
const FINISHED = `
  SELECT (party->>'joinedAt')::float8 AS joined, (party->>'finishedAt')::float8 AS finished,
    (party->>'size')::int AS size, (party->>'quoteMinutes')::float8 AS quote, party->>'status' AS status
  FROM sync_parties
  WHERE venue_id = $1 AND party->>'status' IN ('seated', 'no_show', 'removed')
    AND (party->>'joinedAt')::float8 >= $2 AND (party->>'finishedAt')::float8 > $3`;

interface Finished {
  joined: number;
  finished: number;
  size: number;
  quote: number | null;
  status: PastParty['outcome'];
}

const pastOf = (p: Finished, offsetAt: (at: number) => number): PastParty => ({
  joinedAt: p.joined,
  utcOffsetMinutes: offsetAt(p.joined),
  size: p.size,
  quotedMinutes: p.quote,
  seatedAt: p.status === 'seated' ? p.finished : null,
  leftAt: p.status === 'seated' ? null : p.finished,
  outcome: p.status,
});

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Each venue's quote statistics, learned once on the server from every tablet's finished parties and
 * stored: a refresh adds the parties finished since (at most REFRESH_PARTIES), or learns the whole
 * history again once a day. Refreshes run from the server's background tick, never in a request.
 */
export function quoteStats(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  async function versionOf(q: Queryable, venueId: string): Promise<string> {
    const { rows } = await q.query<{ version: string }>('SELECT version FROM sync_venues WHERE venue_id = $1', [
      venueId,
    ]);
    return String(rows[0]?.version ?? 0);
  }

  async function save(venueId: string, model: QuoteModel, version: string, through: number, relearned: boolean) {
    const at = new Date(now());
    await db.query(
      `INSERT INTO quote_models (venue_id, model, learned_from, through_version, through_finished_at, computed_at, relearned_at)
       VALUES ($1, $2::jsonb, $3, $4, $5, $6, $6)
       ON CONFLICT (venue_id) DO UPDATE SET model = EXCLUDED.model, learned_from = EXCLUDED.learned_from,
         through_version = EXCLUDED.through_version, through_finished_at = EXCLUDED.through_finished_at,
         computed_at = EXCLUDED.computed_at,
         relearned_at = CASE WHEN $7 THEN EXCLUDED.relearned_at ELSE quote_models.relearned_at END`,
      [venueId, JSON.stringify(serializeQuoteModel(model)), model.learnedFrom, version, through, at, relearned],
    );
  }

  /** Learns the venue's kept history from scratch, a page at a time. */
  async function relearn(venueId: string, offsetAt: (at: number) => number): Promise<void> {
    const version = await versionOf(db, venueId);
    const past: PastParty[] = [];
    let through = 0;
    let from = now() - QUOTE_HISTORY_RETENTION_MS;
    for (;;) {
      const { rows } = await db.query<Finished>(
        `${FINISHED} AND (party->>'joinedAt')::float8 >= $4 ORDER BY joined LIMIT ${RELEARN_PAGE}`,
        [venueId, from, 0, from],
      );
      for (const p of rows) {
        past.push(pastOf(p, offsetAt));
        through = Math.max(through, p.finished);
      }
      if (rows.length < RELEARN_PAGE) break;
      // The next page starts after this one's last join (a party joining the same moment is read again and skipped).
      const last = rows[rows.length - 1]!.joined;
      while (past.length > 0 && past[past.length - 1]!.joinedAt === last) past.pop();
      from = last;
      await nextTurn();
    }
    await save(venueId, learnQuoteModel(past), version, through, true);
  }

  return {
    /** The stored model of a venue, or null while none has been learned. */
    async read(venueId: string): Promise<StoredQuoteModel | null> {
      const { rows } = await db.query<Row>(
        'SELECT model, learned_from, through_version, through_finished_at, computed_at FROM quote_models WHERE venue_id = $1',
        [venueId],
      );
      const row = rows[0];
      if (!row) return null;
      const computedAt = new Date(row.computed_at).getTime();
      return {
        model: row.model,
        learnedFrom: Number(row.learned_from),
        computedAt,
        throughFinishedAt: Number(row.through_finished_at),
        tag: `"q${row.through_version}-${computedAt.toString(36)}"`,
      };
    },

    /**
     * Brings one venue's model up to date: nothing when no party changed since, the parties finished since
     * added (at most REFRESH_PARTIES), or the whole history learned again once a day or when the stored model
     * is of another version. Resolves with what it did.
     */
    async refresh(venueId: string): Promise<'unchanged' | 'added' | 'relearned'> {
      const { rows } = await db.query<Row>('SELECT * FROM quote_models WHERE venue_id = $1', [venueId]);
      const row = rows[0];
      const offsetAt = offsetsIn(await venueTimeZone(db, venueId));
      const stored = row ? readQuoteModel(row.model) : null;
      if (!row || !stored || now() - new Date(row.relearned_at).getTime() >= RELEARN_AFTER_MS) {
        await relearn(venueId, offsetAt);
        return 'relearned';
      }
      const version = await versionOf(db, venueId);
      if (version === String(row.through_version)) return 'unchanged';
      const through = Number(row.through_finished_at);
      const { rows: finished } = await db.query<Finished>(`${FINISHED} ORDER BY finished LIMIT ${REFRESH_PARTIES}`, [
        venueId,
        through - LONGEST_VISIT_MS,
        through,
      ]);
      const model = finished.reduce((m, p) => addToModel(m, pastOf(p, offsetAt)), stored);
      const last = finished.at(-1)?.finished ?? through;
      // A full page may leave more behind: the version is kept back so the next tick reads on.
      const upTo = finished.length === REFRESH_PARTIES ? String(row.through_version) : version;
      await save(venueId, model, upTo, last, false);
      return finished.length > 0 ? 'added' : 'unchanged';
    },

    /** The venues whose parties changed since their model was stored (or that have none yet), at most `limit`. */
    async stale(limit: number): Promise<string[]> {
      const { rows } = await db.query<{ venue_id: string }>(
        `SELECT s.venue_id FROM sync_venues s LEFT JOIN quote_models q ON q.venue_id = s.venue_id
         WHERE q.venue_id IS NULL OR s.version > q.through_version OR q.relearned_at <= $1
         ORDER BY q.computed_at NULLS FIRST LIMIT $2`,
        [new Date(now() - RELEARN_AFTER_MS), limit],
      );
      return rows.map((r) => r.venue_id);
    },
  };
}
export type QuoteStats = ReturnType<typeof quoteStats>;
