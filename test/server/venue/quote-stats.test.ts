import { describe, expect, test } from 'vitest';
import { addToModel, learnQuoteModel, readQuoteModel, suggestQuote } from '../../../src/core/quote-estimator.ts';
import type { KnownParty, PastParty } from '../../../src/core/quote-history.ts';
import { nightOf } from '../../../src/core/quote-model.ts';
import type { PushResult } from '../../../src/server/sync/server-sync-store.ts';
import { waitEstimates } from '../../../src/server/guest/wait-estimate.ts';
import { refreshQuotesEvery } from '../../../src/server/setup/server-store.ts';
import { quoteStats } from '../../../src/server/venue/quote-stats.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { simulateVenue, VENUES } from '../../quotes/restaurant-sim.ts';
import { TOKEN } from '../server-process.ts';
import { addOf, change, syncPush } from '../sync/sync-client.ts';
import { api, useVenueServer, type VenueServer } from './venue-client.ts';

let env!: VenueServer;
useVenueServer((started) => (env = started));

const DAY = 86_400_000;
// A week of a bistro's nights; the venue has no time zone set, so the server reads its nights in UTC.
const history = simulateVenue(VENUES[1]!, 1, 5).map((p) => ({ ...p, utcOffsetMinutes: 0 }));
const nights = [...new Set(history.map((p) => nightOf(p.joinedAt, 0)))];
const lastNight = nights.at(-1)!;
const before = history.filter((p) => nightOf(p.joinedAt, 0) < lastNight);
const tonight = history.filter((p) => nightOf(p.joinedAt, 0) === lastNight);
const NOW = history.at(-1)!.joinedAt + 2 * DAY;
const endOf = (p: PastParty) => p.seatedAt ?? p.leftAt!;

/** The parties as the tablets sync them: each added (half of them by an older tablet, without Waitbell's suggestion), then finished. */
async function sync(parties: readonly PastParty[]) {
  const mutations = parties.flatMap((p, i) => {
    const { party, add } = addOf(`Guest ${i}`, {
      joinedAt: p.joinedAt,
      rank: p.joinedAt,
      size: p.size,
      quoteMinutes: p.quotedMinutes,
      updatedAt: p.joinedAt,
      ...(i % 2 ? { suggestedMinutes: 20 } : {}),
    });
    const action = p.outcome === 'seated' ? 'seat' : p.outcome === 'no_show' ? 'no_show' : 'remove';
    return [add, change(party.id, { kind: 'act', action }, endOf(p))];
  });
  for (let i = 0; i < mutations.length; i += 500) {
    const pushed = await syncPush(env.server.url, TOKEN, mutations.slice(i, i + 500));
    expect(pushed.status).toBe(200);
    const outcomes = (pushed.json as PushResult).outcomes.map((o) => o.outcome);
    expect(new Set(outcomes)).toEqual(new Set(['applied']));
  }
}

/** What a tablet would suggest with `model` for every size, with a line of five waiting. */
const suggestions = (model: ReturnType<typeof learnQuoteModel>) => {
  const line: KnownParty[] = [2, 4, 2, 6, 3].map((size, rank) => ({
    joinedAt: NOW - (5 - rank) * 60_000,
    size,
    quotedMinutes: null,
    outcome: null,
    endedAt: null,
    rank,
  }));
  return [1, 2, 3, 4, 5, 6, 7, 9].map((size) => suggestQuote(model, line, size, NOW).minutes);
};
const modelAnswer = (headers: Record<string, string> = {}) =>
  api(env.server.url, '/1/quotes/model', { token: TOKEN, headers });

describe("the venue's learned quotes", () => {
  test('learned once on the server from every synced party; a tablet reads it, a second time as 304 while unchanged', async () => {
    const stats = quoteStats(env.server.store.db, { now: () => NOW });
    const venue = env.server.venue.id;
    expect((await modelAnswer()).json.error.type).toBe('no_quote_model');

    await sync(before);
    expect(await stats.stale(10)).toEqual([venue]);
    expect(await stats.refresh(venue)).toBe('relearned');
    const first = await modelAnswer();
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ learnedFrom: before.length, computedAt: NOW });
    expect(first.json.throughFinishedAt).toBe(Math.max(...before.map(endOf)));
    const learned = readQuoteModel(first.json.model)!;
    expect(suggestions(learned)).toEqual(suggestions(learnQuoteModel(before)));
    const tag = first.headers.get('etag')!;
    const again = await modelAnswer({ 'If-None-Match': tag });
    expect([again.status, again.text]).toEqual([304, '']);
    expect(await stats.refresh(venue)).toBe('unchanged');
    expect(await stats.stale(10)).toEqual([]);

    // The last night synced: only its parties are added, in the order they finished.
    await sync(tonight);
    expect(await stats.refresh(venue)).toBe('added');
    const next = await modelAnswer({ 'If-None-Match': tag });
    expect(next.status).toBe(200);
    expect(next.json.learnedFrom).toBe(history.length);
    const grown = [...tonight].sort((a, b) => endOf(a) - endOf(b)).reduce(addToModel, learnQuoteModel(before));
    expect(suggestions(readQuoteModel(next.json.model)!)).toEqual(suggestions(grown));
    expect(next.json.model).not.toEqual(first.json.model); // the last night is in it, not only counted
  });

  test('a day later the whole history is learned again; another venue never sees it', async () => {
    let now = NOW;
    const stats = quoteStats(env.server.store.db, { now: () => now });
    await sync(history);
    expect(await stats.refresh(env.server.venue.id)).toBe('relearned');
    now += DAY;
    expect(await stats.stale(10)).toEqual([env.server.venue.id]);
    expect(await stats.refresh(env.server.venue.id)).toBe('relearned');
    expect((await modelAnswer()).json.learnedFrom).toBe(history.length);
    const other = await env.server.store.venues.createVenue('Otro', {
      appKey: 'OtherAppKey000000001',
      appSecret: 'x'.repeat(32),
    });
    expect(await stats.read(other.id)).toBeNull();
  });

  test('the server’s background tick learns a venue’s quotes by itself, outside any request', async () => {
    // The tick reads the kept history by the real clock: the same parties, as if last week.
    const by = Date.now() - 2 * DAY - before.at(-1)!.joinedAt;
    const moved = (t: number | null) => (t === null ? null : t + by);
    await sync(
      before.map((p) => ({ ...p, joinedAt: p.joinedAt + by, seatedAt: moved(p.seatedAt), leftAt: moved(p.leftAt) })),
    );
    const logged: string[] = [];
    const log = {
      info: (message: string) => void logged.push(message),
      warn: (message: string) => void logged.push(message),
    };
    const stop = refreshQuotesEvery(env.server.store, log, 3_600_000); // one tick now, the next in an hour
    try {
      const answer = await waitUntil(async () => {
        const a = await modelAnswer();
        return a.status === 200 ? a : null;
      }, 'the learned quotes');
      expect(answer.json.learnedFrom).toBe(before.length);
      expect(logged).toEqual(['quotes learned']);
    } finally {
      stop();
    }
  });

  test('the check-in page’s wait comes from the learned quotes: the same as learning every party, without reading them', async () => {
    const venue = env.server.venue.id;
    await sync(history);
    const waits = () => waitEstimates(env.server.store.db, { now: () => NOW }).of(venue);
    const learnedInPlace = await waits();
    await quoteStats(env.server.store.db, { now: () => NOW }).refresh(venue);
    expect(await waits()).toEqual(learnedInPlace);
    // The parties gone from the server's copy (kept only so long), the learned quotes still say the same.
    await env.server.store.db.query('DELETE FROM sync_parties WHERE venue_id = $1', [venue]);
    expect(await waits()).toEqual(learnedInPlace);
    expect(learnedInPlace.minutes).not.toEqual([15, 20, 30, 40]); // not the venue's usual quotes: learned
  });
});
