import { describe, expect, test } from 'vitest';
import { boardTotals, waitInfo } from '../../src/core/board.ts';
import { onBoard } from '../support/parties.ts';
import { aParty } from '../support/parties.ts';

describe('board order and totals', () => {
  test('active parties in the order they joined, history left out, ties broken the same way everywhere', () => {
    const a = aParty({ id: 'b', joinedAt: 100 });
    const b = aParty({ id: 'a', joinedAt: 100 });
    const c = aParty({ joinedAt: 50, status: 'notified' });
    const gone = aParty({ joinedAt: 10, status: 'seated', finishedAt: 20 });
    expect(onBoard([a, gone, b, c]).map((p) => p.id)).toEqual([c.id, 'a', 'b']);
  });

  test('totals count waiting and notified parties and their guests, not history', () => {
    const parties = [
      aParty({ size: 4 }),
      aParty({ size: 2, status: 'notified' }),
      aParty({ size: 8, status: 'seated' }),
      aParty({ size: 3, status: 'no_show' }),
      aParty({ size: 1, status: 'removed' }),
    ];
    expect(boardTotals(parties)).toEqual({ parties: 2, covers: 6 });
    expect(boardTotals([])).toEqual({ parties: 0, covers: 0 });
  });

  test('waited minutes against the quote, and by how much it is past it', () => {
    const party = aParty({ joinedAt: 0, quoteMinutes: 20 });
    expect(waitInfo(party, 20 * 60_000)).toEqual({
      waitedMinutes: 20,
      quoteMinutes: 20,
      overrunMinutes: 0,
      lateness: 'within',
    });
    expect(waitInfo(party, 21 * 60_000)).toEqual({
      waitedMinutes: 21,
      quoteMinutes: 20,
      overrunMinutes: 1,
      lateness: 'over',
    });
    expect(waitInfo(party, 59_999).waitedMinutes).toBe(0);
  });

  test('far over: more than 15 minutes past the quote, or more than half of it again', () => {
    const at = (quote: number, waited: number) =>
      waitInfo(aParty({ joinedAt: 0, quoteMinutes: quote }), waited * 60_000).lateness;
    expect(at(60, 75)).toBe('over'); // +15 of 60: neither rule yet
    expect(at(60, 76)).toBe('far_over'); // +16 minutes
    expect(at(10, 15)).toBe('over'); // +5 is exactly half
    expect(at(10, 16)).toBe('far_over'); // +6 is over half
    expect(at(0, 1)).toBe('far_over'); // any wait on a zero quote is past half of it
  });

  test('no quote is never late, and a clock behind the join time shows 0, not a negative wait', () => {
    expect(waitInfo(aParty({ joinedAt: 0 }), 600 * 60_000)).toMatchObject({
      waitedMinutes: 600,
      overrunMinutes: 0,
      lateness: 'within',
    });
    expect(waitInfo(aParty({ joinedAt: 60_000 }), 0).waitedMinutes).toBe(0);
  });
});
