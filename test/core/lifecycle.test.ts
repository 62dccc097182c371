import { describe, expect, test } from 'vitest';
import { applyAction, canApply, undoLast, UNDO_WINDOW_MS, type PartyAction } from '../../src/core/lifecycle.ts';
import { MAX_ROUNDS, type PartyStatus } from '../../src/core/party.ts';
import { aParty } from '../support/parties.ts';

const ACTIONS: PartyAction[] = ['notify', 'seat', 'no_show', 'remove', 'recall'];
const T = 1_800_000_000_000;

// The whole table: every status × every action, legal or not.
const LEGAL: Record<PartyStatus, Partial<Record<PartyAction, PartyStatus>>> = {
  waiting: { notify: 'notified', seat: 'seated', no_show: 'no_show', remove: 'removed' },
  notified: { notify: 'notified', seat: 'seated', no_show: 'no_show', remove: 'removed' },
  seated: { recall: 'waiting' },
  no_show: { recall: 'waiting' },
  removed: { recall: 'waiting' },
};

describe('party lifecycle', () => {
  for (const [from, targets] of Object.entries(LEGAL) as [PartyStatus, Partial<Record<PartyAction, PartyStatus>>][]) {
    for (const action of ACTIONS) {
      const to = targets[action];
      if (to) {
        test(`${from} --${action}--> ${to}`, () => {
          const party = aParty({ status: from, ...(to === 'waiting' ? { finishedAt: T - 5 } : {}) });
          const result = applyAction(party, action, T);
          expect(result).toEqual({
            ok: true,
            value: {
              ...party,
              status: to,
              updatedAt: T,
              finishedAt: to === 'notified' || to === 'waiting' ? null : T,
              ...(action === 'notify' ? { calledAt: T, callCount: 1 } : {}),
              ...(action === 'recall' ? { excusedAt: T } : {}),
              previous: {
                status: from,
                finishedAt: party.finishedAt,
                finishReason: null,
                rank: party.rank,
                changedAt: T,
              },
            },
          });
          expect(canApply(from, action)).toBe(true);
          expect(party.status).toBe(from); // never mutated
        });
      } else {
        test(`${from} --${action}--> refused with a typed error`, () => {
          const party = aParty({ status: from, finishedAt: T - 1 });
          expect(applyAction(party, action, T)).toEqual({
            ok: false,
            error: { kind: 'illegal_transition', from, action },
          });
          expect(canApply(from, action)).toBe(false);
        });
      }
    }
  }

  test('a party called MAX_ROUNDS times is not called again: its count stays a number every tablet reads', () => {
    const almost = applyAction(aParty({ status: 'notified', callCount: MAX_ROUNDS - 1 }), 'notify', T);
    expect(almost.ok && almost.value.callCount).toBe(MAX_ROUNDS);
    const past = applyAction(aParty({ status: 'notified', callCount: MAX_ROUNDS }), 'notify', T);
    expect(past).toEqual({ ok: false, error: { kind: 'illegal_transition', from: 'notified', action: 'notify' } });
    // Seating it still works.
    expect(applyAction(aParty({ status: 'notified', callCount: MAX_ROUNDS }), 'seat', T).ok).toBe(true);
  });

  test('undo returns a seated party to where it was, notified included, and clears its finish time', () => {
    const notified = applyAction(aParty(), 'notify', T);
    if (!notified.ok) throw new Error('notify refused');
    const seated = applyAction(notified.value, 'seat', T + 1_000);
    if (!seated.ok) throw new Error('seat refused');
    const undone = undoLast(seated.value, T + 2_000);
    expect(undone.ok && undone.value).toMatchObject({
      status: 'notified',
      finishedAt: null,
      updatedAt: T + 2_000,
      previous: null,
    });
  });

  test('undo works up to the end of the window and not after', () => {
    const seated = applyAction(aParty(), 'seat', T);
    if (!seated.ok) throw new Error('seat refused');
    expect(undoLast(seated.value, T + UNDO_WINDOW_MS).ok).toBe(true);
    expect(undoLast(seated.value, T + UNDO_WINDOW_MS + 1)).toEqual({ ok: false, error: { kind: 'undo_expired' } });
  });

  test('undo is one step: undoing twice, or a party never changed, is refused', () => {
    expect(undoLast(aParty(), T)).toEqual({ ok: false, error: { kind: 'nothing_to_undo' } });
    const removed = applyAction(aParty(), 'remove', T);
    if (!removed.ok) throw new Error('remove refused');
    const once = undoLast(removed.value, T + 1);
    if (!once.ok) throw new Error('undo refused');
    expect(undoLast(once.value, T + 2)).toEqual({ ok: false, error: { kind: 'nothing_to_undo' } });
  });

  test('each Table ready counts as a call and moves the call time on', () => {
    const once = applyAction(aParty(), 'notify', T);
    if (!once.ok) throw new Error('notify refused');
    const twice = applyAction(once.value, 'notify', T + 60_000);
    expect(twice.ok && twice.value).toMatchObject({ status: 'notified', calledAt: T + 60_000, callCount: 2 });
  });

  test('recall puts a finished party back as it was before it left: called if it had been, place in line kept', () => {
    const called = applyAction(aParty({ rank: 42 }), 'notify', T);
    if (!called.ok) throw new Error('notify refused');
    const gone = applyAction(called.value, 'no_show', T + 1);
    if (!gone.ok) throw new Error('no-show refused');
    const back = applyAction({ ...gone.value, finishReason: 'late' }, 'recall', T + 2);
    expect(back.ok && back.value).toMatchObject({
      status: 'notified',
      finishedAt: null,
      finishReason: null,
      rank: 42,
      callCount: 1,
    });
  });
});
