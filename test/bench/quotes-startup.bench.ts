import { signal } from '@preact/signals';
import { expect, test } from 'vitest';
import type { Party } from '../../src/core/party.ts';
import { learnQuoteModel, serializeQuoteModel } from '../../src/core/quote-estimator.ts';
import { createQuotes, type VenueQuotesAnswer } from '../../src/state/quotes-model.ts';
import { historyStore } from '../../src/storage/history-store.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { quoteModelStore } from '../../src/storage/quote-model-store.ts';
import { simulateVenue, VENUES } from '../quotes/restaurant-sim.ts';
import { measure, report } from './stats.ts';

const HISTORY = 100_000;
const RUNS = 7;

/**
 * A tablet's start-up of its suggested quotes with 100,000 parties of history, in Chromium's IndexedDB:
 * unpaired (its history read and learned, as before), and paired (the venue server's model, sent anew
 * or unchanged since the copy kept here).
 */
test('quotes at start-up: the venue server’s stored model against relearning 100,000 parties', async () => {
  // A big family place's history, as many weeks as 100,000 parties take, ending yesterday.
  const all = simulateVenue(VENUES[2]!, 260, 77).slice(0, HISTORY);
  const shift = Date.now() - 86_400_000 - all[all.length - 1]!.joinedAt;
  const history = all.map((p, i) => ({
    ...p,
    id: `h${i}`,
    joinedAt: p.joinedAt + shift,
    seatedAt: p.seatedAt && p.seatedAt + shift,
    leftAt: p.leftAt && p.leftAt + shift,
  }));
  const db = await openWaitbellDb(`quotes-startup-${crypto.randomUUID()}`);
  await historyStore(db).importAll(history);
  // The server's answer as it arrives: JSON text, parsed on the tablet.
  const text = JSON.stringify(serializeQuoteModel(learnQuoteModel(history)));
  const held = quoteModelStore(db);

  const startUp = async (paired: boolean, answer: () => VenueQuotesAnswer) => {
    const quotes = createQuotes(
      {
        history: historyStore(db),
        clock: { now: () => Date.now() },
        loadCsvReader: () => Promise.reject(new Error('not in this bench')),
        defaults: signal([15, 20, 30, 40] as const),
        venue: { paired: async () => paired, fetch: async () => answer(), cache: held },
      },
      { parties: signal<Party[]>([]), finished: signal<Party[]>([]), now: signal(Date.now()) },
      (error) => {
        throw error;
      },
    );
    await quotes.learn();
    const from = quotes.source.value;
    quotes.stop();
    return from;
  };
  const fresh = (): VenueQuotesAnswer => ({
    kind: 'model',
    model: JSON.parse(text),
    throughFinishedAt: 0,
    tag: '"q1"',
  });

  expect(await startUp(false, fresh)).toBe('local');
  expect(await startUp(true, fresh)).toBe('server');
  expect(await startUp(true, () => ({ kind: 'unchanged' }))).toBe('cached');
  const rows = {
    'unpaired: read 100,000 parties and learn them': await measure(RUNS, () => startUp(false, fresh), 1),
    'paired: the server’s model (JSON parsed, kept here)': await measure(RUNS, () => startUp(true, fresh), 1),
    'paired: unchanged (304), the copy kept here': await measure(
      RUNS,
      () => startUp(true, () => ({ kind: 'unchanged' })),
      1,
    ),
  };
  report(`Quotes at a tablet's start-up, ${HISTORY.toLocaleString('en')} parties of history (Chromium)`, rows);
  const [local, server, cached] = Object.values(rows).map((r) => r.median);
  console.log(
    `  relearning ÷ the server's model: ${(local! / server!).toFixed(1)}×; ÷ the copy kept here: ${(local! / cached!).toFixed(1)}×; model ${(text.length / 1024).toFixed(0)} kB\n`,
  );
  db.close();
  expect(server).toBeLessThan(local!);
});
