import { describe, expect, test } from 'vitest';
import type { GuestMessage, MessageKind } from '../../../src/core/guest-message.ts';
import { UNDO_WINDOW_MS } from '../../../src/core/lifecycle.ts';
import { applyServerOrder, rebase, type SyncState } from '../../../src/core/sync/merge.ts';
import { emptySyncState } from '../../support/parties.ts';
import {
  GUEST_PAGE_DEVICE,
  mutation,
  type GuestAction,
  type Mutation,
  type MutationChange,
} from '../../../src/core/sync/mutation.ts';
import { aParty } from '../../support/parties.ts';

const T = 1_800_000_000_000;
let n = 0;
const on = (tablet: string, partyId: string, change: MutationChange, at = T + n): Mutation =>
  mutation(`m-${++n}`, tablet, at, partyId, change);

const ana = aParty({ id: 'ana', name: 'Ana', joinedAt: T - 60_000 });
const bo = aParty({ id: 'bo', name: 'Bo', joinedAt: T - 30_000 });
const addAna = on('door', 'ana', { kind: 'add', party: ana });
const addBo = on('bar', 'bo', { kind: 'add', party: bo });
const withBoth = (): SyncState => applyServerOrder(emptySyncState(), [addAna, addBo]).state;

describe('merge rules: the server applies mutations in the order they reach it', () => {
  test('a party added on any tablet is on the board, once, however often the add is re-sent', () => {
    const { state, outcomes } = applyServerOrder(emptySyncState(), [addAna, addBo, addAna, addBo]);
    expect(Object.keys(state.parties).sort()).toEqual(['ana', 'bo']);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'duplicate', 'duplicate']);
  });

  test('an add of a party already there (under another mutation id) keeps the party as it is, never a second copy', () => {
    const seated = applyServerOrder(withBoth(), [on('door', 'ana', { kind: 'act', action: 'seat' })]).state;
    const again = on('bar', 'ana', { kind: 'add', party: ana });
    const { state, outcomes } = applyServerOrder(seated, [again]);
    expect(outcomes).toEqual([{ id: again.id, outcome: 'duplicate' }]);
    expect(state.parties['ana']?.status).toBe('seated');
  });

  test("Seated here, No-show there: the first to reach the server wins; the other tablet is told 'already seated'", () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' }, T + 10);
    const noShow = on('bar', 'ana', { kind: 'act', action: 'no_show' }, T + 5);
    const { state, outcomes } = applyServerOrder(withBoth(), [seat, noShow]);
    expect(state.parties['ana']?.status).toBe('seated');
    expect(outcomes[1]).toEqual({
      id: noShow.id,
      outcome: 'rejected',
      reason: { kind: 'already_finished', by: 'seated', tablet: 'door', finishedAt: T + 10 },
    });
  });

  test('the same two finishes reaching the server the other way round: No-show wins, whatever the tablet clocks said', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' }, T + 10);
    const noShow = on('bar', 'ana', { kind: 'act', action: 'no_show' }, T + 5);
    const { state, outcomes } = applyServerOrder(withBoth(), [noShow, seat]);
    expect(state.parties['ana']?.status).toBe('no_show');
    expect(outcomes[1]).toMatchObject({ outcome: 'rejected', reason: { by: 'no_show', tablet: 'bar' } });
  });

  test('edits of different fields on two tablets both stand', () => {
    const size = on('door', 'ana', { kind: 'edit', changes: { size: 6 } });
    const note = on('bar', 'ana', { kind: 'edit', changes: { note: 'high chair' } });
    const { state } = applyServerOrder(withBoth(), [size, note]);
    expect(state.parties['ana']).toMatchObject({ size: 6, note: 'high chair', name: 'Ana' });
  });

  test('edits of the same field: the later to reach the server stands', () => {
    const first = on('door', 'ana', { kind: 'edit', changes: { name: 'Ana M.' } }, T + 50);
    const second = on('bar', 'ana', { kind: 'edit', changes: { name: 'Ana Moreno' } }, T + 1);
    expect(applyServerOrder(withBoth(), [first, second]).state.parties['ana']?.name).toBe('Ana Moreno');
    expect(applyServerOrder(withBoth(), [second, first]).state.parties['ana']?.name).toBe('Ana M.');
  });

  test('an edit of a party another tablet has already seated is refused, and says it was seated', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const edit = on('bar', 'ana', { kind: 'edit', changes: { size: 3 } });
    const { state, outcomes } = applyServerOrder(withBoth(), [seat, edit]);
    expect(state.parties['ana']?.size).toBe(2);
    expect(outcomes[1]).toMatchObject({ outcome: 'rejected', reason: { kind: 'already_finished', by: 'seated' } });
  });

  test('a move puts the party in its new place; a move of a party that has left the board is refused', () => {
    const move = on('door', 'bo', { kind: 'move', rank: ana.rank - 1 });
    const moved = applyServerOrder(withBoth(), [move]).state;
    expect(moved.parties['bo']?.rank).toBe(ana.rank - 1);
    const remove = on('bar', 'ana', { kind: 'act', action: 'remove' });
    const late = on('door', 'ana', { kind: 'move', rank: 0 });
    const { outcomes } = applyServerOrder(moved, [remove, late]);
    expect(outcomes[1]).toMatchObject({ outcome: 'rejected', reason: { kind: 'already_finished', by: 'removed' } });
  });

  test('Undo of a seat puts the party back on the board, as on the tablet', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' }, T);
    const undo = on('door', 'ana', { kind: 'undo', undoes: seat.id }, T + 3_000);
    const { state, outcomes } = applyServerOrder(withBoth(), [seat, undo]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    expect(state.parties['ana']).toMatchObject({ status: 'waiting', finishedAt: null });
  });

  test('Undo reaching the server late (a tablet back online after minutes) still undoes, if nothing changed since', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' }, T);
    const undo = on('door', 'ana', { kind: 'undo', undoes: seat.id }, T + 10 * UNDO_WINDOW_MS);
    expect(applyServerOrder(withBoth(), [seat, undo]).state.parties['ana']?.status).toBe('waiting');
  });

  test('Undo of a No-show that lost to a Seated elsewhere is refused: there is nothing of its own to undo', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const noShow = on('bar', 'ana', { kind: 'act', action: 'no_show' });
    const undo = on('bar', 'ana', { kind: 'undo', undoes: noShow.id });
    const { state, outcomes } = applyServerOrder(withBoth(), [seat, noShow, undo]);
    expect(state.parties['ana']?.status).toBe('seated');
    expect(outcomes[2]).toMatchObject({ outcome: 'rejected', reason: { kind: 'changed_since', tablet: 'door' } });
  });

  test('Undo after another tablet recalled the party is refused and names that tablet', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const recall = on('bar', 'ana', { kind: 'act', action: 'recall' });
    const undo = on('door', 'ana', { kind: 'undo', undoes: seat.id });
    const { outcomes } = applyServerOrder(withBoth(), [seat, recall, undo]);
    expect(outcomes[2]).toMatchObject({ outcome: 'rejected', reason: { kind: 'changed_since', tablet: 'bar' } });
  });

  test('Recall on two tablets: the party comes back once; the second is told it is already on the board', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const recallA = on('door', 'ana', { kind: 'act', action: 'recall' });
    const recallB = on('bar', 'ana', { kind: 'act', action: 'recall' });
    const { state, outcomes } = applyServerOrder(withBoth(), [seat, recallA, recallB]);
    expect(state.parties['ana']?.status).toBe('waiting');
    expect(outcomes[2]).toMatchObject({ outcome: 'rejected', reason: { kind: 'already_on_board', tablet: 'door' } });
  });

  test('Table ready tapped on two tablets for the same round calls the party once, and says who called when', () => {
    const a = on('door', 'ana', { kind: 'act', action: 'notify', round: 1 });
    const b = on('bar', 'ana', { kind: 'act', action: 'notify', round: 1 });
    const again = on('bar', 'ana', { kind: 'act', action: 'notify', round: 2 });
    const { state, outcomes } = applyServerOrder(withBoth(), [a, b, again]);
    expect(outcomes[1]).toMatchObject({
      outcome: 'rejected',
      reason: { kind: 'already_called', round: 1, tablet: 'door', calledAt: a.at },
    });
    expect(state.parties['ana']).toMatchObject({ status: 'notified', callCount: 2 });
  });

  test('a change to a party no tablet ever added is refused, not invented', () => {
    const ghost = on('door', 'ghost', { kind: 'act', action: 'seat' });
    const { state, outcomes } = applyServerOrder(withBoth(), [ghost]);
    expect(outcomes).toEqual([{ id: ghost.id, outcome: 'rejected', reason: { kind: 'unknown_party' } }]);
    expect(Object.keys(state.parties)).not.toContain('ghost');
  });

  test('a refused mutation re-delivered later stays refused, even if it would fit now', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const noShow = on('bar', 'ana', { kind: 'act', action: 'no_show' });
    const recall = on('door', 'ana', { kind: 'act', action: 'recall' });
    const { state } = applyServerOrder(withBoth(), [seat, noShow, recall, noShow]);
    expect(state.parties['ana']?.status).toBe('waiting');
  });

  test('the input state is never changed', () => {
    const before = withBoth();
    const copy = structuredClone(before);
    applyServerOrder(before, [on('door', 'ana', { kind: 'act', action: 'seat' })]);
    expect(before).toEqual(copy);
  });
});

describe("rebase: a tablet's view is the server's state with its own pending changes on top", () => {
  test('pending changes show at once; those the server already has change nothing', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const server = applyServerOrder(withBoth(), [seat]).state;
    const note = on('door', 'bo', { kind: 'edit', changes: { note: 'booth' } });
    const { state, outcomes } = rebase(server, [seat, note]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'applied']);
    expect(state.parties['ana']?.status).toBe('seated');
    expect(state.parties['bo']?.note).toBe('booth');
  });

  test("a pending No-show that another tablet's Seated overtook is reported, not shown", () => {
    const server = applyServerOrder(withBoth(), [on('door', 'ana', { kind: 'act', action: 'seat' })]).state;
    const noShow = on('bar', 'ana', { kind: 'act', action: 'no_show' });
    const { state, outcomes } = rebase(server, [noShow]);
    expect(state.parties['ana']?.status).toBe('seated');
    expect(outcomes[0]).toMatchObject({ outcome: 'rejected', reason: { kind: 'already_finished', by: 'seated' } });
  });
});

describe('every tablet shows where each guest message stands, whichever tablet sent it', () => {
  const queued = (round: number, at: number): GuestMessage => ({
    round,
    at,
    delivery: { state: 'queued', since: at, retryAt: null },
    sent: 0,
  });
  const sent = (round: number, at: number, count = 1): GuestMessage => ({
    round,
    at,
    delivery: { state: 'sent', at: at + 500, shipmentId: `s${round}` },
    sent: count,
  });
  const message = (tablet: string, record: GuestMessage, kind: MessageKind = 'table_ready') =>
    on(tablet, 'ana', { kind: 'message', message: kind, record });

  test("the sending tablet's record reaches the others: queued, then sent, and the row shows it", () => {
    const { state } = applyServerOrder(withBoth(), [message('door', queued(1, T)), message('door', sent(1, T))]);
    expect(state.parties['ana']?.messages.table_ready).toEqual(sent(1, T));
    expect(state.parties['ana']?.lastMessage).toBe('table_ready');
  });

  test('two tablets sending the same round: a "sent" is not taken back by the other tablet\'s later "queued"', () => {
    const late = message('bar', queued(1, T + 50));
    const { state, outcomes } = applyServerOrder(withBoth(), [message('door', sent(1, T)), late]);
    expect(state.parties['ana']?.messages.table_ready?.delivery.state).toBe('sent');
    expect(outcomes[1]).toEqual({ id: late.id, outcome: 'duplicate' });
  });

  test('a record of an earlier round arriving late changes nothing; a later round replaces it', () => {
    const { state } = applyServerOrder(withBoth(), [
      message('door', sent(2, T + 100, 2)),
      message('bar', sent(1, T, 1)),
    ]);
    expect(state.parties['ana']?.messages.table_ready).toMatchObject({ round: 2, sent: 2 });
  });

  test('the row shows the kind queued last, whatever order the kinds arrive in', () => {
    const { state } = applyServerOrder(withBoth(), [
      message('door', queued(1, T + 200), 'table_ready'),
      message('bar', sent(1, T, 1), 'on_list'),
    ]);
    expect(state.parties['ana']?.lastMessage).toBe('table_ready');
    expect(state.parties['ana']?.messages.on_list?.delivery.state).toBe('sent');
  });

  test('a message settling after the party was seated still shows (and Undo of the seat is not disturbed)', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const settled = applyServerOrder(withBoth(), [seat, message('door', sent(1, T))]);
    expect(settled.state.parties['ana']).toMatchObject({ status: 'seated' });
    expect(settled.state.parties['ana']?.messages.table_ready?.delivery.state).toBe('sent');
    const undo = applyServerOrder(settled.state, [on('door', 'ana', { kind: 'undo', undoes: seat.id })]);
    expect(undo.outcomes[0]?.outcome).toBe('applied');
    expect(undo.state.parties['ana']?.status).toBe('waiting');
  });
});

describe('what a guest does from their own phone, made by the venue server', () => {
  const guest = (action: GuestAction, at = T + 1_000) => on(GUEST_PAGE_DEVICE, 'ana', { kind: 'guest', action }, at);

  test('a cancel takes the party off the board as cancelled by the guest, with nothing for Undo; Recall still brings it back', () => {
    const { state, outcomes } = applyServerOrder(withBoth(), [guest('cancel')]);
    expect(outcomes[0]?.outcome).toBe('applied');
    expect(state.parties['ana']).toMatchObject({ status: 'removed', finishReason: 'guest_cancelled', previous: null });
    const undo = applyServerOrder(state, [on('door', 'ana', { kind: 'undo', undoes: outcomes[0]!.id })]);
    expect(undo.outcomes[0]).toMatchObject({ outcome: 'rejected', reason: { kind: 'nothing_to_undo' } });
    const recall = applyServerOrder(state, [on('door', 'ana', { kind: 'act', action: 'recall' })]);
    expect(recall.state.parties['ana']).toMatchObject({ status: 'waiting', finishReason: null });
  });

  test('“on my way” is kept on the party; after the party left, both are refused as already finished', () => {
    const called = applyServerOrder(withBoth(), [on('door', 'ana', { kind: 'act', action: 'notify', round: 1 })]);
    const coming = applyServerOrder(called.state, [guest('on_my_way', T + 5_000)]);
    expect(coming.state.parties['ana']).toMatchObject({ status: 'notified', onMyWayAt: T + 5_000 });
    // Called again (they did not come): the new call asks again, and the row no longer says they are on their way.
    const again = applyServerOrder(coming.state, [on('door', 'ana', { kind: 'act', action: 'notify', round: 2 })]);
    expect(again.state.parties['ana']).toMatchObject({ callCount: 2, onMyWayAt: null });
    const seated = applyServerOrder(coming.state, [on('door', 'ana', { kind: 'act', action: 'seat' })]);
    const late = applyServerOrder(seated.state, [guest('cancel'), guest('on_my_way')]);
    expect(late.outcomes.map((o) => (o.outcome === 'rejected' ? o.reason.kind : o.outcome))).toEqual([
      'already_finished',
      'already_finished',
    ]);
  });

  test('a Pushed permission is every tablet’s to see; when it stops counting it says since when, once', () => {
    const allowed = applyServerOrder(withBoth(), [guest('pushed_allowed', T + 2_000)]);
    expect(allowed.state.parties['ana']?.pushedUser).toEqual({ allowedAt: T + 2_000, lostAt: null });
    const lost = applyServerOrder(allowed.state, [guest('pushed_lost', T + 3_000), guest('pushed_lost', T + 4_000)]);
    expect(lost.state.parties['ana']?.pushedUser).toEqual({ allowedAt: T + 2_000, lostAt: T + 3_000 });
    expect(lost.outcomes.map((o) => o.outcome)).toEqual(['applied', 'duplicate']);
    // Allowed again from the status page: it counts again.
    const again = applyServerOrder(lost.state, [guest('pushed_allowed', T + 5_000)]);
    expect(again.state.parties['ana']?.pushedUser).toEqual({ allowedAt: T + 5_000, lostAt: null });
    // A party that never allowed anything has nothing to lose.
    expect(applyServerOrder(withBoth(), [guest('pushed_lost')]).outcomes[0]?.outcome).toBe('duplicate');
  });
});

describe('the owner erases a guest’s details, made by the venue server', () => {
  const erase = (partyId = 'ana', at = T + 9_000) =>
    on(GUEST_PAGE_DEVICE, partyId, { kind: 'erase', erasure: 'e-1' }, at);

  test('a party on the board leaves it erased, its details gone; a second erasure of it changes nothing', () => {
    const { state, outcomes } = applyServerOrder(withBoth(), [erase(), erase()]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'duplicate']);
    expect(state.parties['ana']).toMatchObject({
      name: '',
      status: 'removed',
      finishReason: 'erased',
      erasedAt: T + 9_000,
      size: 2,
    });
    expect(state.parties['bo']?.name).toBe('Bo');
  });

  test('a finished party is erased too, and keeps how it finished', () => {
    const seated = applyServerOrder(withBoth(), [on('door', 'ana', { kind: 'act', action: 'seat' })]);
    const { state } = applyServerOrder(seated.state, [erase()]);
    expect(state.parties['ana']).toMatchObject({ name: '', status: 'seated', erasedAt: T + 9_000 });
  });

  test('after the erasure no tablet can change, call, move or message the party, nor undo what came before', () => {
    const seat = on('door', 'ana', { kind: 'act', action: 'seat' });
    const erased = applyServerOrder(withBoth(), [seat, erase()]).state;
    const record: GuestMessage = { round: 1, at: T, delivery: { state: 'sent', at: T, shipmentId: null }, sent: 1 };
    const later = applyServerOrder(erased, [
      on('bar', 'ana', { kind: 'edit', changes: { name: 'Ana again' } }),
      on('bar', 'ana', { kind: 'act', action: 'recall' }),
      on('bar', 'ana', { kind: 'message', message: 'on_list', record }),
      on('bar', 'ana', { kind: 'move', rank: 5 }),
      on('door', 'ana', { kind: 'undo', undoes: seat.id }),
    ]);
    expect(later.outcomes.map((o) => (o.outcome === 'rejected' ? o.reason.kind : o.outcome))).toEqual([
      'erased',
      'erased',
      'erased',
      'erased',
      'nothing_to_undo',
    ]);
    expect(later.state.parties['ana']).toEqual(erased.parties['ana']);
  });
});
