import { signal } from '@preact/signals';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { historyCsv } from '../support/history-csv-writer.ts';
import type { PartyInput } from '../../src/core/party-input.ts';
import * as estimator from '../../src/core/quote-estimator.ts';
import type { PastParty } from '../../src/core/quote-history.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { parseHistoryCsv } from '../../src/state/history-csv-reader.ts';
import { createQuotes } from '../../src/state/quotes-model.ts';
import { historyStore } from '../../src/storage/history-store.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';

// The estimator's own rules are tested in test/core; here, what the app feeds it and when.
vi.mock('../../src/core/quote-estimator.ts', { spy: true });

const MINUTE = 60_000;
const form = (name: string, size: number, quote: number | '' = ''): PartyInput => ({
  name,
  size: String(size),
  note: '',
  quoteMinutes: String(quote),
  pushedId: '',
  email: '',
});
const past = (joinedAt: number, overrides: Partial<PastParty> = {}): PastParty => ({
  joinedAt,
  utcOffsetMinutes: 0,
  size: 4,
  quotedMinutes: 20,
  seatedAt: joinedAt + 25 * MINUTE,
  leftAt: null,
  outcome: 'seated',
  ...overrides,
});

const opened: WaitbellDb[] = [];
afterEach(() => {
  vi.clearAllMocks();
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

async function setup() {
  const db = await openWaitbellDb(`quotes-${crypto.randomUUID()}`);
  opened.push(db);
  let t = Date.UTC(2026, 2, 6, 19, 0);
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
  const now = signal(t);
  const defaults = signal<estimator.DefaultQuotes>([15, 20, 30, 40]);
  const failures: unknown[] = [];
  const quotes = createQuotes(
    { history: historyStore(db), clock, loadCsvReader: async () => parseHistoryCsv, defaults },
    { parties: board.parties, finished: board.finished, now },
    (error) => failures.push(error),
  );
  return {
    db,
    board,
    quotes,
    defaults,
    failures,
    /** The clock moves and the board ticks. */
    tick: (ms: number) => ((t += ms), (now.value = t)),
  };
}

describe('quotes model', () => {
  test('with no history, Add party is suggested the venue’s usual quote for the size, and follows the setting', async () => {
    const { quotes, defaults } = await setup();
    await quotes.learn();
    expect(quotes.suggest(2).minutes).toBe(15);
    expect(quotes.suggest(4)).toMatchObject({ minutes: 20, basis: { kind: 'default' }, learnedFrom: 0 });
    defaults.value = [10, 25, 35, 50];
    expect(quotes.suggest(3).minutes).toBe(25);
  });

  test('learns from the whole history store once asked (after start-up), never from guests’ names', async () => {
    const { board, quotes } = await setup();
    await board.add(form('Ana', 2));
    await board.act(board.parties.value[0]!.id, 'seat');
    expect(estimator.learnQuoteModel).toHaveBeenCalledTimes(1); // the empty model it starts with, nothing read yet
    await quotes.learn();
    const learned = vi.mocked(estimator.learnQuoteModel).mock.lastCall![0];
    expect(learned).toEqual([expect.objectContaining({ id: 'p1', size: 2, outcome: 'seated' })]);
    expect(JSON.stringify(learned)).not.toContain('Ana');
  });

  test('a party that finishes is added to the model once; Undo takes it out again by learning anew', async () => {
    const { board, quotes } = await setup();
    await quotes.learn();
    await board.add(form('Ana', 3, 20));
    await board.add(form('Bo', 2));
    await board.act('p1', 'seat');
    expect(vi.mocked(estimator.addToModel).mock.calls.map(([, p]) => p)).toEqual([
      expect.objectContaining({ size: 3, quotedMinutes: 20, outcome: 'seated' }),
    ]);
    await board.act('p2', 'no_show');
    expect(estimator.addToModel).toHaveBeenCalledTimes(2);
    const learnsBefore = vi.mocked(estimator.learnQuoteModel).mock.calls.length;
    await board.undo();
    await vi.waitFor(() => expect(estimator.learnQuoteModel).toHaveBeenCalledTimes(learnsBefore + 1));
    expect(vi.mocked(estimator.learnQuoteModel).mock.lastCall![0].map((p) => p.size)).toEqual([3]);
    expect(estimator.addToModel).toHaveBeenCalledTimes(2);
  });

  test('the suggestion is computed from tonight: the board and today’s finished parties, as of now', async () => {
    const { board, quotes } = await setup();
    await board.add(form('Ana', 4));
    await board.add(form('Bo', 3));
    await board.act('p1', 'seat');
    quotes.suggest(4);
    const [, tonight, size] = vi.mocked(estimator.suggestQuote).mock.lastCall!;
    expect(size).toBe(4);
    expect(tonight.map((p) => [p.size, p.outcome])).toEqual([
      [3, null],
      [4, 'seated'],
    ]);
  });

  test('a waiting party whose wait runs 10+ min past its quote is offered a re-quote, rounded up to 5; one tap sets it, Undo puts it back', async () => {
    const { board, quotes, tick } = await setup();
    await board.add(form('Ana', 2, 10));
    await board.add(form('Bo', 2, 60));
    await board.add(form('Cy', 2, 5));
    await board.notify('p3'); // called: no re-quote, the table is ready
    expect(quotes.requotes.value.size).toBe(0);
    tick(33 * MINUTE);
    const offered = quotes.requotes.value;
    expect([...offered.keys()]).toEqual(['p1']);
    const minutes = offered.get('p1')!;
    expect(minutes % 5).toBe(0);
    expect(minutes).toBeGreaterThanOrEqual(Math.max(quotes.expected.value.get('p1')!, 35));
    await board.requote('p1', minutes);
    expect(board.parties.value[0]!.quoteMinutes).toBe(minutes);
    expect(quotes.requotes.value.has('p1')).toBe(false);
    expect(board.undoOffer.value).toMatchObject({ partyName: 'Ana', action: 'requote' });
    await board.undo();
    expect(board.parties.value[0]!.quoteMinutes).toBe(10);
  });

  test('a bad history file is refused line by line and nothing is imported', async () => {
    const { db, quotes } = await setup();
    const good = historyCsv([past(Date.UTC(2026, 1, 27, 19)), past(Date.UTC(2026, 1, 28, 19))]);
    const bad = `${good}2026-03-06T19:00:00+01:00,four,,,,seated\r\nyesterday,2,10,,,seated\r\n`;
    const preview = await quotes.preview(bad);
    expect(preview.ok).toBe(false);
    expect(!preview.ok && preview.problems.map((p) => [p.line, p.column])).toEqual(
      expect.arrayContaining([
        [4, 'party_size'],
        [5, 'joined_at'],
      ]),
    );
    expect(await db.count('history')).toBe(0);
  });

  test('a history file imports whole, is learned from at once, and importing it again adds nothing twice', async () => {
    const { db, quotes } = await setup();
    await quotes.learn();
    const [a, b] = [Date.UTC(2026, 1, 27, 19), Date.UTC(2026, 1, 28, 20)];
    const rows = [past(a), past(b, { outcome: 'removed', seatedAt: null, leftAt: b + 10 * MINUTE })];
    const tooOld = past(Date.UTC(2024, 11, 31, 19));
    const preview = await quotes.preview(historyCsv([...rows, rows[0]!, tooOld]));
    if (!preview.ok) throw new Error('the file should read');
    expect(preview.summary).toMatchObject({ count: 4, seated: 3, noShow: 0, removed: 1, from: tooOld.joinedAt, to: b });
    expect(preview.tooOld).toBe(1); // said before the import, as well as after
    expect(await quotes.importHistory(preview.parties)).toEqual({ added: 3, alreadyThere: 0, tooOld: 1 });
    expect(vi.mocked(estimator.learnQuoteModel).mock.lastCall![0]).toHaveLength(3);
    expect(await quotes.importHistory(preview.parties)).toEqual({ added: 0, alreadyThere: 3, tooOld: 1 });
    expect(await db.count('history')).toBe(3);
  });
});
