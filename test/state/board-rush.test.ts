import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { PartyInput } from '../../src/core/party-input.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';

const MIN = 60_000;
const form = (name: string, size = '2', note = ''): PartyInput => ({
  name,
  size,
  note,
  quoteMinutes: '',
  pushedId: '',
  email: '',
});

async function setup() {
  const db = await openWaitbellDb(`rush-${crypto.randomUUID()}`);
  const store = partyStore(db);
  let t = new Date(2026, 10, 27, 19, 0).getTime(); // a Friday, 7 pm on the tablet's clock
  let id = 0;
  const feed = fakeFeed();
  const model = createBoardModel({
    store,
    outbox: outboxStore(db),
    connectivity: fakeConnectivity().connectivity,
    deliver: () => {},
    clock: { now: () => t },
    newId: () => `p${++id}`,
    feed: feed.feed,
  });
  await model.refresh();
  const names = () => model.entries.value.map((e) => `${e.position} ${e.party.name}`);
  const idOf = (name: string) => model.parties.value.find((p) => p.name === name)!.id; // every caller names a party on the board
  return { store, model, feed, names, idOf, advance: (ms: number) => ((t += ms), vi.advanceTimersByTime(ms)) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the rush board model', () => {
  test('the filter narrows the rows, positions stay real, chip counts cover the whole board', async () => {
    const { model, names } = await setup();
    for (const [name, size, note] of [
      ['Ana', '2', ''],
      ['Bo', '6', 'Booth'],
      ['Cy', '2', 'booth, window'],
    ] as const) {
      await model.add(form(name, size, note));
    }
    model.filter.value = { bucket: null, query: 'booth' };
    expect(names()).toEqual(['2 Bo', '3 Cy']);
    model.filter.value = { bucket: '1-2', query: 'booth' };
    expect(names()).toEqual(['3 Cy']);
    expect(model.counts.value).toEqual({ '1-2': 2, '3-4': 0, '5-6': 1, '7+': 0 });
    model.clearFilter();
    expect(names()).toEqual(['1 Ana', '2 Bo', '3 Cy']);
  });

  test('move, undo, and a refusal at the top of the line in words', async () => {
    const { model, names, idOf } = await setup();
    // Added in the same millisecond: no room between their ranks, so the first move spaces the board out.
    for (const name of ['Ana', 'Bo', 'Cy']) await model.add(form(name));
    await model.move(idOf('Cy'), 'up');
    expect(names()).toEqual(['1 Ana', '2 Cy', '3 Bo']);
    expect(model.undoOffer.value).toMatchObject({ partyName: 'Cy', action: 'move' });
    await model.undo();
    expect(names()).toEqual(['1 Ana', '2 Bo', '3 Cy']);
    await model.move(idOf('Ana'), 'up');
    expect(model.problem.value).toEqual({
      kind: 'refused',
      error: { kind: 'at_edge', direction: 'up' },
      partyName: 'Ana',
    });
    expect(names()).toEqual(['1 Ana', '2 Bo', '3 Cy']);
  });

  test('edit keeps the place; a bad edit writes nothing and says which field', async () => {
    const { model, names, idOf, store } = await setup();
    for (const name of ['Ana', 'Bo']) await model.add(form(name));
    const outcome = await model.edit(idOf('Ana'), form('Ana Ruiz', '5', 'Window'));
    expect(outcome.ok).toBe(true);
    expect(names()).toEqual(['1 Ana Ruiz', '2 Bo']);
    expect(await store.get(idOf('Ana Ruiz'))).toMatchObject({ size: 5, note: 'Window' });
    const refused = await model.edit(idOf('Bo'), form('', '0'));
    expect(refused).toEqual({
      ok: false,
      fields: [expect.objectContaining({ field: 'name' }), expect.objectContaining({ field: 'size' })],
    });
    expect(names()).toEqual(['1 Ana Ruiz', '2 Bo']);
  });

  test("today's finished list fills as parties leave; recall puts one back in its place", async () => {
    const { model, names, idOf, advance } = await setup();
    for (const name of ['Ana', 'Bo', 'Cy']) await model.add(form(name));
    await model.act(idOf('Bo'), 'no_show');
    advance(MIN);
    await model.act(idOf('Ana'), 'seat');
    expect(model.finished.value.map((p) => `${p.name} ${p.status}`)).toEqual(['Ana seated', 'Bo no_show']);
    await model.recall(model.finished.value[1]!.id);
    expect(names()).toEqual(['1 Bo', '2 Cy']);
    expect(model.finished.value.map((p) => p.name)).toEqual(['Ana']);
  });

  test('late called parties: only marked no-show when the venue asks, with the reason and an undo', async () => {
    const { model, idOf, advance } = await setup();
    const stop = model.start(15_000);
    for (const name of ['Ana', 'Bo']) await model.add(form(name));
    await model.notify(idOf('Ana'));
    advance(11 * MIN);
    await vi.waitFor(() => expect(model.now.value).toBeGreaterThan(0));
    expect(model.parties.value.map((p) => p.name)).toEqual(['Ana', 'Bo']); // shown late, left alone by default

    model.rules.value = { lateAfterMinutes: 10, autoNoShow: true };
    advance(15_000);
    await vi.waitFor(() => expect(model.parties.value.map((p) => p.name)).toEqual(['Bo']));
    await vi.waitFor(() =>
      expect(model.finished.value).toEqual([
        expect.objectContaining({ name: 'Ana', status: 'no_show', finishReason: 'late' }),
      ]),
    );
    expect(model.undoOffer.value).toMatchObject({ partyName: 'Ana', action: 'late' });
    await model.undo();
    expect(model.parties.value.map((p) => `${p.name} ${p.status}`)).toEqual(['Ana notified', 'Bo waiting']);
    stop();
  });

  test('a party called again on another tab is not marked late by this one', async () => {
    const { model, idOf, advance, store } = await setup();
    await model.add(form('Ana'));
    await model.notify(idOf('Ana'));
    advance(11 * MIN);
    // Another tab calls Ana again a moment ago; this tab has not heard yet.
    await store.change(idOf('Ana'), (p) => ({ ok: true, value: { ...p, calledAt: Date.now() } }));
    model.rules.value = { lateAfterMinutes: 10, autoNoShow: true };
    const stop = model.start(15_000);
    advance(15_000);
    await vi.waitFor(async () => expect((await store.get(idOf('Ana')))?.status).toBe('notified'));
    expect(model.problem.value).toBeNull(); // quietly skipped: nothing for the host to act on
    stop();
  });

  test('several late parties at once: one offer names them all, and its Undo brings them all back, kept for good', async () => {
    const { model, idOf, advance } = await setup();
    for (const name of ['Ana', 'Bo', 'Cy']) await model.add(form(name));
    for (const name of ['Ana', 'Bo']) await model.notify(idOf(name));
    model.rules.value = { lateAfterMinutes: 10, autoNoShow: true };
    const stop = model.start(15_000);
    advance(11 * MIN);
    await vi.waitFor(() => expect(model.parties.value.map((p) => p.name)).toEqual(['Cy']));
    expect(model.undoOffer.value).toMatchObject({ partyName: 'Ana', action: 'late', others: [{ name: 'Bo' }] });
    await model.undo();
    expect(model.parties.value.map((p) => p.name)).toEqual(['Ana', 'Bo', 'Cy']);
    // Kept by staff: the next ticks leave them on the board although they were called long ago.
    advance(30 * MIN);
    await vi.waitFor(() => expect(model.now.value).toBeGreaterThan(0));
    expect(model.parties.value.map((p) => p.name)).toEqual(['Ana', 'Bo', 'Cy']);
    stop();
  });

  test('a late party recalled from Seated & gone is not marked no-show again until called again', async () => {
    const { model, idOf, advance } = await setup();
    await model.add(form('Ana'));
    await model.notify(idOf('Ana'));
    model.rules.value = { lateAfterMinutes: 10, autoNoShow: true };
    const stop = model.start(15_000);
    advance(11 * MIN);
    await vi.waitFor(() => expect(model.finished.value.map((p) => p.name)).toEqual(['Ana']));
    await model.recall(model.finished.value[0]!.id);
    advance(5 * MIN);
    await vi.waitFor(() => expect(model.now.value).toBeGreaterThan(0));
    expect(model.parties.value.map((p) => `${p.name} ${p.status}`)).toEqual(['Ana notified']);
    await model.notify(idOf('Ana')); // called again: the grace period starts over, and ends
    advance(11 * MIN);
    await vi.waitFor(() => expect(model.parties.value).toEqual([]));
    stop();
  });

  test("another tab's change updates this tab's Seated & gone list", async () => {
    const { model, idOf, feed, store } = await setup();
    model.start(15_000);
    await model.add(form('Ana'));
    expect(model.finished.value).toEqual([]);
    // The other tab seats Ana and says so.
    await store.change(idOf('Ana'), (p) => ({ ok: true, value: { ...p, status: 'seated', finishedAt: Date.now() } }));
    feed.otherTabChanged();
    await vi.waitFor(() => expect(model.finished.value.map((p) => p.name)).toEqual(['Ana']));
  });
});
