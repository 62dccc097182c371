import { signal } from '@preact/signals';
import { afterEach, describe, expect, test } from 'vitest';
import { importKeys } from '../../src/core/past-party.ts';
import type { PartyInput } from '../../src/core/party-input.ts';
import * as estimator from '../../src/core/quote-estimator.ts';
import type { PastParty } from '../../src/core/quote-history.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { parseHistoryCsv } from '../../src/state/history-csv-reader.ts';
import { createQuotes, type VenueQuotesAnswer } from '../../src/state/quotes-model.ts';
import { historyStore } from '../../src/storage/history-store.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { quoteModelStore } from '../../src/storage/quote-model-store.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';

// Which model a tablet starts with: the venue server's, the copy of it kept here, or its own history's.

const MINUTE = 60_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 6, 19, 0);
const form = (name: string, size: number): PartyInput => ({
  name,
  size: String(size),
  note: '',
  quoteMinutes: '',
  pushedId: '',
  email: '',
});
/** Ten earlier nights of parties of 4, each seated after `wait` minutes, the one before it still waiting. */
const nights = (wait: number): (PastParty & { id: string })[] =>
  Array.from({ length: 10 }, (_, night) =>
    Array.from({ length: 6 }, (_, i) => {
      const joinedAt = START - (night + 1) * DAY + i * 5 * MINUTE;
      return {
        id: `n${night}-${i}`,
        joinedAt,
        utcOffsetMinutes: 0,
        size: 4,
        quotedMinutes: null,
        seatedAt: joinedAt + wait * MINUTE,
        leftAt: null,
        outcome: 'seated' as const,
      };
    }),
  ).flat();
/** What the venue server learned: waits of an hour. */
const SERVER_MODEL = estimator.serializeQuoteModel(estimator.learnQuoteModel(nights(60)));

const opened: WaitbellDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

/** A tablet whose own history says waits of 15 minutes, and a venue server as `answer` says. */
async function tablet(paired: boolean, answer: () => VenueQuotesAnswer, db?: WaitbellDb) {
  if (!db) {
    db = await openWaitbellDb(`quotes-start-${crypto.randomUUID()}`);
    opened.push(db);
    await historyStore(db).importAll(nights(15));
  }
  let t = START;
  let id = 0;
  const clock = { now: () => t };
  const board = createBoardModel({
    store: partyStore(db),
    outbox: outboxStore(db),
    connectivity: fakeConnectivity().connectivity,
    deliver: () => {},
    clock,
    newId: () => `p${++id}`,
    feed: fakeFeed().feed,
  });
  await board.refresh();
  const asked: (string | null)[] = [];
  const quotes = createQuotes(
    {
      history: historyStore(db),
      clock,
      loadCsvReader: async () => parseHistoryCsv,
      defaults: signal<estimator.DefaultQuotes>([15, 20, 30, 40]),
      venue: {
        paired: async () => paired,
        fetch: async (tag) => (asked.push(tag), answer()),
        cache: quoteModelStore(db),
      },
    },
    { parties: board.parties, finished: board.finished, now: signal(t) },
    (error) => {
      throw error;
    },
  );
  return { db, board, quotes, asked, later: (ms: number) => (t += ms) };
}

const fresh = (): VenueQuotesAnswer => ({
  kind: 'model',
  model: SERVER_MODEL,
  throughFinishedAt: START - DAY,
  tag: '"q1"',
});
const away = (): VenueQuotesAnswer => ({ kind: 'unavailable' });

describe('the quotes a tablet starts with', () => {
  test('paired: the venue server’s model, not its own history relearned; kept for the next start', async () => {
    const { db, quotes, asked } = await tablet(true, fresh);
    await quotes.learn();
    expect(quotes.source.value).toBe('server');
    expect(quotes.suggest(4).minutes).toBeGreaterThan(35); // learned from waits of an hour, not the tablet's 15 minutes
    expect(asked).toEqual([null]);
    expect(await quoteModelStore(db).read()).toEqual({
      model: SERVER_MODEL,
      throughFinishedAt: START - DAY,
      tag: '"q1"',
    });

    // The next start: the held model's tag is sent; unchanged, or the server out of reach, the copy kept here is used.
    for (const answer of [(): VenueQuotesAnswer => ({ kind: 'unchanged' }), away]) {
      const next = await tablet(true, answer, db);
      await next.quotes.learn();
      expect(next.asked).toEqual(['"q1"']);
      expect(next.quotes.source.value).toBe('cached');
      expect(next.quotes.suggest(4).minutes).toBe(quotes.suggest(4).minutes);
    }
  });

  test('paired, with a history file imported here: its own history, which the venue server never saw', async () => {
    const db = await openWaitbellDb(`quotes-start-${crypto.randomUUID()}`);
    opened.push(db);
    const old = nights(15).map((p) => ({ ...p, joinedAt: p.joinedAt - 30 * DAY, seatedAt: p.seatedAt! - 30 * DAY }));
    await historyStore(db).importAll(old.map((p, i) => ({ ...p, id: importKeys(old)[i]! })));
    const { quotes } = await tablet(true, fresh, db);
    await quotes.learn();
    expect(quotes.source.value).toBe('local');
    expect(quotes.suggest(4).minutes).toBeLessThan(30); // the file's 15 minutes, not the server's hour
  });

  test('paired, the server out of reach and nothing kept: its own history, as before', async () => {
    const { quotes } = await tablet(true, away);
    await quotes.learn();
    expect(quotes.source.value).toBe('local');
    expect(quotes.suggest(4).minutes).toBeLessThan(30);
  });

  test('unpaired: its own history, the server never asked', async () => {
    const { quotes, asked } = await tablet(false, fresh);
    await quotes.learn();
    expect([quotes.source.value, asked]).toEqual(['local', []]);
    expect(quotes.suggest(4).minutes).toBeLessThan(30);
  });

  test('a model of another version is not used: the tablet relearns', async () => {
    const { quotes } = await tablet(true, () => ({
      kind: 'model',
      model: { v: 99 },
      throughFinishedAt: 0,
      tag: '"x"',
    }));
    await quotes.learn();
    expect(quotes.source.value).toBe('local');
  });

  test('tonight’s parties finished after the server’s model are added to it on the tablet; those it holds are not', async () => {
    const { board, quotes, later } = await tablet(true, () => ({
      kind: 'model',
      model: SERVER_MODEL,
      throughFinishedAt: START,
      tag: '"q2"',
    }));
    await board.add(form('Ana', 4));
    await board.act('p1', 'seat'); // at START: another tablet's sync brought it to the server's model already
    later(MINUTE);
    await board.add(form('Bo', 2));
    await board.act('p2', 'seat');
    await quotes.learn();
    expect(quotes.model.value.learnedFrom).toBe(61); // the server's 60 and Bo: Ana, already in them, is not counted twice
  });
});
