import { randomBytes } from 'node:crypto';
import { test } from 'vitest';
import { quoteStats } from '../../src/server/venue/quote-stats.ts';
import { openServerStore } from '../../src/server/setup/server-store.ts';
import { simulateVenue, VENUES } from '../quotes/restaurant-sim.ts';
import { measure, report } from './stats.ts';

const PARTIES = 100_000;
const DAY = 86_400_000;

/**
 * The venue server's learned quotes over a year of a busy venue (100,000 finished parties, PGlite in
 * memory): learning them all (once a day, in the background) and one refresh with a night's parties.
 */
test('the venue’s learned quotes: relearning 100,000 parties, and a refresh of one night', async () => {
  const store = await openServerStore({ memory: true }, randomBytes(32));
  const venue = await store.venues.createVenue('Casa Prueba');
  const all = simulateVenue(VENUES[2]!, 260, 77);
  const end = Date.now() - DAY;
  const shift = end - all[PARTIES - 1]!.joinedAt;
  const row = (i: number) => {
    const p = all[i]!;
    const finishedAt = (p.seatedAt ?? p.leftAt!) + shift;
    const status = p.outcome === 'seated' ? 'seated' : p.outcome === 'no_show' ? 'no_show' : 'removed';
    return {
      id: `p${i}`,
      size: p.size,
      quoteMinutes: p.quotedMinutes,
      status,
      joinedAt: p.joinedAt + shift,
      finishedAt,
    };
  };
  let version = 0;
  const insert = async (from: number, to: number) => {
    for (let i = from; i < to; i += 2_000) {
      const batch = Array.from({ length: Math.min(2_000, to - i) }, (_, k) => row(i + k));
      await store.db.query(
        `INSERT INTO sync_parties (venue_id, party_id, version, party)
         SELECT $1, p->>'id', $2 + n, p FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS a (p, n)`,
        [venue.id, version, JSON.stringify(batch)],
      );
      version += batch.length;
    }
    await store.db.query(
      `INSERT INTO sync_venues (venue_id, version) VALUES ($1, $2) ON CONFLICT (venue_id) DO UPDATE SET version = $2`,
      [venue.id, version],
    );
  };
  await insert(0, PARTIES);
  await store.db.exec('ANALYZE sync_parties');
  const stats = quoteStats(store.db, { now: () => end + 2 * DAY });
  const relearn = await measure(
    5,
    async () => {
      await store.db.query('DELETE FROM quote_models');
      await stats.refresh(venue.id);
    },
    1,
  );
  let next = PARTIES;
  const night = await measure(
    5,
    async () => {
      await insert(next, next + 300);
      next += 300;
      if ((await stats.refresh(venue.id)) !== 'added') throw new Error('nothing added');
    },
    1,
  );
  report(`The venue's learned quotes, ${PARTIES.toLocaleString('en')} finished parties (PGlite)`, {
    'relearn from the whole history (daily)': relearn,
    'refresh with 300 parties finished since': night,
  });
  await store.db.close();
});
