import { describe, expect, test } from 'vitest';
import { applyAction, canApply, undoLast, UNDO_WINDOW_MS, type PartyAction } from '../../src/core/lifecycle.ts';
import type { PartyStatus } from '../../src/core/party.ts';
import { aParty } from '../support/parties.ts';

const ACTIONS: PartyAction[] = ['notify', 'seat', 'no_show', 'remove'];
const T = 1_800_000_000_000;

// The whole table: every status × every action, legal or not.
const LEGAL: Record<PartyStatus, Partial<Record<PartyAction, PartyStatus>>> = {
  waiting: { notify: 'notified', seat: 'seated', no_show: 'no_show', remove: 'removed' },
  notified: { notify: 'notified', seat: 'seated', no_show: 'no_show', remove: 'removed' },
  seated: {},
  no_show: {},
  removed: {},
};

describe('party lifecycle', () => {
  for (const [from, targets] of Object.entries(LEGAL) as [PartyStatus, Partial<Record<PartyAction, PartyStatus>>][]) {
    for (const action of ACTIONS) {
      const to = targets[action];
      if (to) {
        test(`${from} --${action}--> ${to}`, () => {
          const party = aParty({ status: from });
          const result = applyAction(party, action, T);
          expect(result).toEqual({
            ok: true,
            value: {
              ...party,
              status: to,
              updatedAt: T,
              finishedAt: to === 'notified' ? null : T,
              previous: { status: from, finishedAt: party.finishedAt, changedAt: T },
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
});
