import { describe, expect, test } from 'vitest';
import {
  addToModel,
  expectedWait,
  learnQuoteModel,
  readQuoteModel,
  serializeQuoteModel,
  suggestQuote,
} from '../../src/core/quote-estimator.ts';
import type { KnownParty } from '../../src/core/quote-history.ts';
import { simulateVenue, VENUES } from '../quotes/restaurant-sim.ts';

const MINUTE = 60_000;
const history = simulateVenue(VENUES[1]!, 4, 11);
const NOW = history[history.length - 1]!.joinedAt + 2 * 86_400_000;
const line: KnownParty[] = [2, 4, 2, 6, 3].map((size, rank) => ({
  joinedAt: NOW - (5 - rank) * MINUTE,
  size,
  quotedMinutes: null,
  outcome: null,
  endedAt: null,
  rank,
}));

/** What a host would see from a model: the suggestion for every size, and each waiting party's expected wait. */
const seen = (model: ReturnType<typeof learnQuoteModel>) => ({
  learnedFrom: model.learnedFrom,
  suggestions: [1, 2, 3, 4, 5, 6, 7, 9].map((size) => suggestQuote(model, line, size, NOW)),
  waits: line.map((p) => expectedWait(model, line, p, NOW)),
});

describe('a quote model as JSON (what the venue server stores)', () => {
  test('read back through JSON text, it suggests exactly what the learned model does', () => {
    const model = learnQuoteModel(history);
    const read = readQuoteModel(JSON.parse(JSON.stringify(serializeQuoteModel(model))));
    expect(read).not.toBeNull();
    expect(seen(read!)).toEqual(seen(model));
  });

  test('a model read back keeps learning as the original does', () => {
    const [first, rest] = [history.slice(0, 300), history.slice(300)];
    const read = readQuoteModel(JSON.parse(JSON.stringify(serializeQuoteModel(learnQuoteModel(first)))))!;
    const grown = rest.reduce(addToModel, read);
    expect(seen(grown)).toEqual(seen(rest.reduce(addToModel, learnQuoteModel(first))));
  });

  test('an empty model round-trips to the venue’s defaults', () => {
    const read = readQuoteModel(serializeQuoteModel(learnQuoteModel([])))!;
    expect(seen(read)).toEqual(seen(learnQuoteModel([])));
  });

  test('another version, or statistics of another shape, read as none (the tablet relearns)', () => {
    const json = serializeQuoteModel(learnQuoteModel(history)) as Record<string, unknown>;
    expect(readQuoteModel({ ...json, v: 2 })).toBeNull();
    expect(readQuoteModel({ ...json, folded: (json.folded as unknown[]).slice(1) })).toBeNull();
    expect(readQuoteModel({ ...json, latest: [{ joinedAt: 'yesterday' }] })).toBeNull();
    expect(readQuoteModel(null)).toBeNull();
    expect(readQuoteModel('{"v":1}')).toBeNull();
  });
});
