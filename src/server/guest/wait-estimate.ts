import { pastPartyOf, knownPartyOf } from '../../core/past-party.ts';
import type { Party } from '../../core/party.ts';
import {
  addToModel,
  DEFAULT_QUOTES,
  learnQuoteModel,
  readQuoteModel,
  suggestQuote,
  type DefaultQuotes,
} from '../../core/quote-estimator.ts';
import type { PastParty } from '../../core/quote-history.ts';
import { CLASS_COUNT } from '../../core/quote-model.ts';
import type { Database } from '../db/database.ts';
import { quoteStats } from '../venue/quote-stats.ts';
import { offsetsIn } from '../venue/venue-time-zone.ts';

/** A venue's wait is worked out again at most this often: a flood of check-in page loads costs one computation. */
export const WAIT_REFRESH_MS = 30_000;
/** Tonight, as the estimator reads it: the board and the parties finished in the last this long. */
const TONIGHT_MS = 12 * 60 * 60_000;
/** A party size of each class (1–2, 3–4, 5–6, 7+), to ask the estimator about. */
const SIZE_OF_CLASS = [2, 4, 6, 8] as const;

/** The wait a check-in page shows. */
export interface VenueWait {
  waiting: number;
  /** Expected minutes per size class; null when nothing can be said. */
  minutes: (number | null)[];
}

/**
 * The server's estimate of the wait per size class, with the tablets' own pure estimator over the venue's
 * synced history (its finished parties; the learned quotes of quote-stats.ts once the server has them) and tonight's board. Cached per venue WAIT_REFRESH_MS;
 * callers arriving together share one computation.
 */
export function waitEstimates(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  const cache = new Map<string, { at: number; value: Promise<VenueWait> }>();
  const learned = quoteStats(db, { now });

  async function compute(venueId: string, defaults: DefaultQuotes, timeZone: string): Promise<VenueWait> {
    const t = now();
    // The venue's learned quotes, when the server has them: only tonight and what finished since are read then.
    const stored = await learned.read(venueId);
    const held = stored && readQuoteModel(stored.model);
    const since = held ? Math.min(stored.throughFinishedAt, t - TONIGHT_MS) : null;
    // Only what the estimator reads: no name, note or contact leaves the database for this.
    const { rows } = await db.query<{ p: Party }>(
      `SELECT jsonb_build_object(
                'id', party_id, 'status', party->'status', 'joinedAt', party->'joinedAt', 'size', party->'size',
                'quoteMinutes', party->'quoteMinutes', 'finishedAt', party->'finishedAt', 'rank', party->'rank') AS p
         FROM sync_parties WHERE venue_id = $1
           AND ($2::float8 IS NULL OR party->>'finishedAt' IS NULL OR (party->>'finishedAt')::float8 > $2)`,
      [venueId, since],
    );
    const parties = rows.map((r) => r.p);
    const offset = offsetsIn(timeZone)(t); // the estimator's nights and hours are the venue's
    const history = parties.flatMap((p) => {
      const past = p.finishedAt !== null && p.finishedAt < t - TONIGHT_MS ? pastPartyOf(p, offset) : null;
      return past && (!stored || p.finishedAt! > stored.throughFinishedAt) ? [past] : [];
    });
    const tonight = parties.filter((p) => p.finishedAt === null || p.finishedAt >= t - TONIGHT_MS).map(knownPartyOf);
    const byEnd = (a: PastParty, b: PastParty) => (a.seatedAt ?? a.leftAt ?? 0) - (b.seatedAt ?? b.leftAt ?? 0);
    const model = held ? history.sort(byEnd).reduce(addToModel, held) : learnQuoteModel(history);
    const minutes = Array.from({ length: CLASS_COUNT }, (_, i) => {
      const m = suggestQuote(model, tonight, SIZE_OF_CLASS[i] ?? 8, t, defaults).minutes;
      return Number.isFinite(m) ? m : null;
    });
    return { waiting: parties.filter((p) => p.status === 'waiting').length, minutes };
  }

  return {
    /** The venue's wait now (at most WAIT_REFRESH_MS old). */
    of(venueId: string, defaults: DefaultQuotes = DEFAULT_QUOTES, timeZone = 'UTC'): Promise<VenueWait> {
      const t = now();
      const known = cache.get(venueId);
      if (known && t - known.at < WAIT_REFRESH_MS) return known.value;
      if (cache.size >= 10_000) cache.clear(); // bounded, whatever codes are asked for
      const value = compute(venueId, defaults, timeZone);
      const entry = { at: t, value };
      cache.set(venueId, entry);
      value.catch(() => cache.get(venueId) === entry && cache.delete(venueId)); // a failure is not kept
      return value;
    },
  };
}
export type WaitEstimates = ReturnType<typeof waitEstimates>;
