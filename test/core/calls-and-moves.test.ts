import { describe, expect, test } from 'vitest';
import { onBoard } from '../support/parties.ts';
import { callInfo, lateParties, markLate } from '../../src/core/calls.ts';
import { applyEdit } from '../../src/core/edit-party.ts';
import { applyAction, undoLast } from '../../src/core/lifecycle.ts';
import { applyMove, planMove } from '../../src/core/move.ts';
import type { Party } from '../../src/core/party.ts';
import { aParty } from '../support/parties.ts';

const T = 1_800_000_000_000;
const MIN = 60_000;
const called = (calledAt: number, overrides: Partial<Party> = {}) =>
  aParty({ status: 'notified', calledAt, callCount: 1, ...overrides });

describe('called parties', () => {
  test('minutes since the call count up; late from the grace period on', () => {
    const party = called(T, { callCount: 2 });
    expect(callInfo(party, T + 4 * MIN + 59_999, 10)).toEqual({ minutesSinceCall: 4, calls: 2, late: false });
    expect(callInfo(party, T + 10 * MIN, 10)).toEqual({ minutesSinceCall: 10, calls: 2, late: true });
    expect(callInfo(aParty(), T, 10)).toBeNull();
  });

  test('only late called parties are marked no-show by themselves, with the reason kept', () => {
    const late = called(T - 11 * MIN);
    const recent = called(T - 2 * MIN);
    const waiting = aParty({ joinedAt: T - 60 * MIN });
    expect(lateParties([late, recent, waiting], T, 10)).toEqual([late]);
    const marked = markLate(late, T, 10);
    expect(marked.ok && marked.value).toMatchObject({ status: 'no_show', finishedAt: T, finishReason: 'late' });
    expect(markLate(recent, T, 10).ok).toBe(false);
    // Called again meanwhile (another tab): no longer late, so not marked.
    expect(markLate({ ...late, calledAt: T - MIN }, T, 10).ok).toBe(false);
  });

  test('brought back by staff (Recall, or Undo of a no-show), a late party is not late again until called again', () => {
    const marked = markLate(called(T - 11 * MIN), T, 10);
    if (!marked.ok) throw new Error('not marked');
    const recalled = applyAction(marked.value, 'recall', T + MIN);
    if (!recalled.ok) throw new Error('recall refused');
    expect(callInfo(recalled.value, T + 60 * MIN, 10)).toMatchObject({ late: false, minutesSinceCall: 71 });
    expect(markLate(recalled.value, T + 60 * MIN, 10).ok).toBe(false);
    const undone = undoLast(marked.value, T + 1_000);
    if (!undone.ok) throw new Error('undo refused');
    expect(lateParties([undone.value], T + 60 * MIN, 10)).toEqual([]);
    // Called again: the grace period runs from the new call.
    const again = applyAction(recalled.value, 'notify', T + 2 * MIN);
    if (!again.ok) throw new Error('call refused');
    expect(callInfo(again.value, T + 11 * MIN, 10)?.late).toBe(false);
    expect(callInfo(again.value, T + 12 * MIN, 10)?.late).toBe(true);
  });

  test('undo of a late no-show puts the called party back, reason cleared', () => {
    const marked = markLate(called(T - 11 * MIN), T, 10);
    if (!marked.ok) throw new Error('not marked');
    const undone = undoLast(marked.value, T + 1_000);
    expect(undone.ok && undone.value).toMatchObject({ status: 'notified', finishReason: null, finishedAt: null });
  });
});

describe('moving a party', () => {
  const board = () => {
    const parties = [1, 2, 3, 4].map((n) => aParty({ id: `p${n}`, joinedAt: T + n * MIN }));
    return onBoard(parties);
  };
  const moved = (parties: Party[], id: string, direction: 'up' | 'down') => {
    const plan = planMove(parties, id, direction);
    if (!plan.ok) throw new Error(`refused: ${plan.error.kind}`);
    const ranks = new Map(plan.value.map((c) => [c.id, c.rank]));
    return onBoard(
      parties.map((p) => {
        const rank = ranks.get(p.id);
        if (rank === undefined) return p;
        const party = applyMove(p, rank, T);
        if (!party.ok) throw new Error('move refused');
        return party.value;
      }),
    );
  };

  test('up and down one place, nobody else moves', () => {
    expect(moved(board(), 'p3', 'up').map((p) => p.id)).toEqual(['p1', 'p3', 'p2', 'p4']);
    expect(moved(board(), 'p2', 'up').map((p) => p.id)).toEqual(['p2', 'p1', 'p3', 'p4']);
    expect(moved(board(), 'p2', 'down').map((p) => p.id)).toEqual(['p1', 'p3', 'p2', 'p4']);
    expect(moved(board(), 'p3', 'down').map((p) => p.id)).toEqual(['p1', 'p2', 'p4', 'p3']);
  });

  test('the first cannot go up, the last cannot go down', () => {
    expect(planMove(board(), 'p1', 'up')).toEqual({ ok: false, error: { kind: 'at_edge', direction: 'up' } });
    expect(planMove(board(), 'p4', 'down')).toEqual({ ok: false, error: { kind: 'at_edge', direction: 'down' } });
    expect(planMove(board(), 'nobody', 'down')).toEqual({ ok: false, error: { kind: 'not_on_board' } });
  });

  test('a party can climb from last to first and back, one place at a time', () => {
    let parties = board();
    for (let i = 0; i < 3; i++) parties = moved(parties, 'p4', 'up');
    expect(parties.map((p) => p.id)).toEqual(['p4', 'p1', 'p2', 'p3']);
    for (let i = 0; i < 3; i++) parties = moved(parties, 'p4', 'down');
    expect(parties.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  test('moving back and forth between the same two parties many times never jumps anyone', () => {
    let parties = board();
    for (let i = 0; i < 200; i++) {
      parties = moved(parties, i % 2 ? 'p2' : 'p3', 'up');
      expect(parties.map((p) => p.id)).toEqual(i % 2 ? ['p1', 'p2', 'p3', 'p4'] : ['p1', 'p3', 'p2', 'p4']);
    }
    expect(planMove(board(), 'p3', 'up')).toEqual({
      ok: true,
      value: [{ id: 'p3', rank: (board()[0]!.rank + board()[1]!.rank) / 2 }],
    });
  });

  test('a move is undone like any other change', () => {
    const parties = board();
    const plan = planMove(parties, 'p3', 'up');
    if (!plan.ok) throw new Error('refused');
    const party = applyMove(parties[2]!, plan.value[0]!.rank, T);
    if (!party.ok) throw new Error('refused');
    const undone = undoLast(party.value, T + 1);
    expect(undone.ok && undone.value.rank).toBe(parties[2]!.rank);
  });

  test('a finished party keeps its rank, so recall puts it back in its place', () => {
    const parties = board();
    const seated = applyAction(parties[1]!, 'seat', T);
    if (!seated.ok) throw new Error('refused');
    const back = applyAction(seated.value, 'recall', T + 60 * MIN);
    if (!back.ok) throw new Error('refused');
    expect(onBoard([parties[0]!, parties[2]!, parties[3]!, back.value]).map((p) => p.id)).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
    ]);
  });
});

describe('editing a party', () => {
  test('details change; place in line, join time and calls stay', () => {
    const party = called(T, { name: 'Ana', size: 2, rank: 7, joinedAt: T - 5 * MIN });
    const edited = applyEdit(
      party,
      { name: 'Ana Ruiz', size: 3, note: 'Booth', quoteMinutes: 25, pushedId: null, email: 'ana@example.com' },
      T + 1,
    );
    expect(edited.ok && edited.value).toMatchObject({
      name: 'Ana Ruiz',
      size: 3,
      note: 'Booth',
      quoteMinutes: 25,
      email: 'ana@example.com',
      rank: 7,
      joinedAt: T - 5 * MIN,
      calledAt: T,
      status: 'notified',
    });
    expect(
      applyEdit(
        aParty({ status: 'seated' }),
        { name: 'X', size: 1, note: '', quoteMinutes: null, pushedId: null, email: null },
        T,
      ).ok,
    ).toBe(false);
  });
});
