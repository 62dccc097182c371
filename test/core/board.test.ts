import { describe, expect, test } from 'vitest';
import { boardOrder, boardTotals, waitInfo } from '../../src/core/board.ts';
import { aParty } from '../support/parties.ts';

describe('board order and totals', () => {
  test('active parties in the order they joined, history left out, ties broken the same way everywhere', () => {
    const a = aParty({ id: 'b', joinedAt: 100 });
    const b = aParty({ id: 'a', joinedAt: 100 });
    const c = aParty({ joinedAt: 50, status: 'notified' });
    const gone = aParty({ joinedAt: 10, status: 'seated', finishedAt: 20 });
    expect(boardOrder([a, gone, b, c]).map((p) => p.id)).toEqual([c.id, 'a', 'b']);
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

  test('waited minutes against the quote; overdue only once past it', () => {
    const party = aParty({ joinedAt: 0, quoteMinutes: 20 });
    expect(waitInfo(party, 20 * 60_000)).toEqual({ waitedMinutes: 20, quoteMinutes: 20, overdue: false });
    expect(waitInfo(party, 21 * 60_000)).toEqual({ waitedMinutes: 21, quoteMinutes: 20, overdue: true });
    expect(waitInfo(party, 59_999).waitedMinutes).toBe(0);
  });

  test('no quote is never overdue, and a clock behind the join time shows 0, not a negative wait', () => {
    expect(waitInfo(aParty({ joinedAt: 0 }), 600 * 60_000).overdue).toBe(false);
    expect(waitInfo(aParty({ joinedAt: 60_000 }), 0).waitedMinutes).toBe(0);
    expect(waitInfo(aParty({ joinedAt: 0, quoteMinutes: 0 }), 60_000).overdue).toBe(true);
  });
});
