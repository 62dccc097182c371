import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { UNDO_WINDOW_MS } from '../../src/core/lifecycle.ts';
import type { PartyInput } from '../../src/core/party-input.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore, type OutboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore, type PartyStore } from '../../src/storage/parties-store.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';

const form = (name: string, size = '2'): PartyInput => ({
  name,
  size,
  note: '',
  quoteMinutes: '',
  pushedId: '',
  email: '',
});

async function setup(
  wrap: (store: PartyStore) => PartyStore = (s) => s,
  wrapOutbox: (outbox: OutboxStore) => OutboxStore = (o) => o,
) {
  const db = await openWaitbellDb(`model-${crypto.randomUUID()}`);
  const store = partyStore(db);
  let t = 1_000_000;
  let id = 0;
  const clock = { now: () => t };
  const feed = fakeFeed();
  const net = fakeConnectivity();
  let delivered = 0;
  const model = createBoardModel({
    store: wrap(store),
    outbox: wrapOutbox(outboxStore(db)),
    connectivity: net.connectivity,
    deliver: () => void (delivered += 1),
    clock,
    newId: () => `p${++id}`,
    feed: feed.feed,
  });
  await model.refresh();
  return {
    db,
    store,
    model,
    feed,
    net,
    deliverCalls: () => delivered,
    /** Time passes, and the timers due in it fire. */
    advance: (ms: number) => ((t += ms), vi.advanceTimersByTime(ms)),
    /** The clock moves, but no timer has had its turn yet. */
    moveClock: (ms: number) => (t += ms),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('board model', () => {
  test('a refused form writes nothing and announces nothing', async () => {
    const { model, store, feed } = await setup();
    const outcome = await model.add(form('', '0'));
    expect(outcome).toEqual({
      ok: false,
      fields: [
        { field: 'name', problem: 'required' },
        { field: 'size', problem: 'out_of_range' },
      ],
    });
    expect(await store.readBoard()).toEqual([]);
    expect(feed.announced()).toBe(0);
  });

  test('adding shows the party, updates the totals and tells the other tabs', async () => {
    const { model, feed } = await setup();
    await model.add(form('Ana', '4'));
    await model.add(form('Bo', '2'));
    expect(model.parties.value.map((p) => p.name)).toEqual(['Ana', 'Bo']);
    expect(model.totals.value).toEqual({ parties: 2, covers: 6 });
    expect(feed.announced()).toBe(2);
  });

  test('seating offers an undo that puts the party back, for the undo window only', async () => {
    const { model, advance } = await setup();
    await model.add(form('Ana'));
    const [ana] = model.parties.value;
    await model.act(ana!.id, 'seat');
    expect(model.parties.value).toEqual([]);
    expect(model.undoOffer.value).toMatchObject({ partyName: 'Ana', action: 'seat' });
    await model.undo();
    expect(model.parties.value.map((p) => p.name)).toEqual(['Ana']);
    expect(model.undoOffer.value).toBeNull();

    await model.act(ana!.id, 'no_show');
    advance(UNDO_WINDOW_MS + 1);
    expect(model.undoOffer.value).toBeNull();
  });

  test('an undo tapped just too late says so and changes nothing', async () => {
    const { model, store, moveClock } = await setup();
    await model.add(form('Ana'));
    const [ana] = model.parties.value;
    await model.act(ana!.id, 'remove');
    moveClock(UNDO_WINDOW_MS + 1); // the bar is still up (its timer has not fired), the window has passed
    await model.undo();
    expect(model.problem.value).toMatchObject({ kind: 'refused', error: { kind: 'undo_expired' } });
    expect(model.parties.value).toEqual([]);
    expect((await store.readHistory(1))[0]).toMatchObject({ name: 'Ana', status: 'removed' });
  });

  test('a party already seated on another screen: the host is told, and the board shows the truth', async () => {
    const { model, store } = await setup();
    await model.add(form('Ana'));
    const [ana] = model.parties.value;
    await store.change(ana!.id, (p) => ({ ok: true, value: { ...p, status: 'seated', finishedAt: 1 } }));
    await model.act(ana!.id, 'no_show');
    expect(model.problem.value).toEqual({
      kind: 'refused',
      partyName: 'Ana',
      error: { kind: 'illegal_transition', from: 'seated', action: 'no_show' },
    });
    expect(model.parties.value).toEqual([]);
    expect(model.undoOffer.value).toBeNull();
  });

  test('when storage is full the add fails with "quota" and the board keeps what it had', async () => {
    let full = false;
    const { model } = await setup(undefined, (outbox) => ({
      ...outbox,
      addParty: (party, now) =>
        full ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : outbox.addParty(party, now),
    }));
    await model.add(form('Ana'));
    full = true;
    const outcome = await model.add(form('Bo'));
    expect(outcome).toEqual({ ok: false, fields: [] });
    expect(model.problem.value).toEqual({ kind: 'storage', problem: 'quota' });
    expect(model.parties.value.map((p) => p.name)).toEqual(['Ana']);
  });

  test('a change announced by another tab is read in', async () => {
    const { model, store, feed } = await setup();
    const stop = model.start(60_000);
    await model.add(form('Seen here'));
    await store.add({ ...model.parties.value[0]!, id: 'other', name: 'Other tab', joinedAt: 2_000_000 });
    expect(model.parties.value.map((p) => p.name)).toEqual(['Seen here']);
    feed.otherTabChanged();
    await vi.waitFor(() => expect(model.parties.value.map((p) => p.name)).toEqual(['Seen here', 'Other tab']));
    stop();
  });

  test('the minutes waited move on by themselves while the board is live, and stop when it is not', async () => {
    const { model, advance } = await setup();
    const stop = model.start(15_000);
    const before = model.now.value;
    advance(15_000);
    expect(model.now.value).toBe(before + 15_000);
    stop();
    advance(15_000);
    expect(model.now.value).toBe(before + 15_000);
  });
});
