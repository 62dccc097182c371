import { afterEach, describe, expect, test, vi } from 'vitest';
import { applyAction } from '../../src/core/lifecycle.ts';
import type { PartyInput } from '../../src/core/party-input.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';

const form = (name: string, pushedId = ''): PartyInput => ({
  name,
  size: '2',
  note: '',
  quoteMinutes: '15',
  pushedId,
  email: '',
});

const opened: WaitbellDb[] = [];
const stops: (() => void)[] = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

/** One tab: the real board model over `db`, live (started), counting its calls to the delivery loop. */
async function tab(db: WaitbellDb, ids: string) {
  let id = 0;
  let delivered = 0;
  let checked = 0;
  const feed = fakeFeed();
  const outbox = outboxStore(db);
  const model = createBoardModel({
    store: partyStore(db),
    // Counts the transactions that looked for parties owed "Getting close", once each has ended.
    outbox: { ...outbox, sendGettingClose: (now) => outbox.sendGettingClose(now).finally(() => (checked += 1)) },
    connectivity: fakeConnectivity().connectivity,
    deliver: () => void (delivered += 1),
    clock: { now: () => 1_000_000 },
    newId: () => `${ids}${++id}`,
    feed: feed.feed,
  });
  await model.refresh();
  stops.push(model.start(3_600_000));
  return { model, feed, delivered: () => delivered, checked: () => checked };
}

describe('Getting close, by itself, in the board model', () => {
  test('two tabs on one database see a party reach place 2 at once: it is queued once', async () => {
    const db = await openWaitbellDb(`getting-close-${crypto.randomUUID()}`);
    opened.push(db);
    const a = await tab(db, 'a');
    const b = await tab(db, 'b');
    await a.model.add(form('First'));
    await a.model.add(form('Second'));
    await a.model.add(form('Mia', 'PidMia01'));
    await Promise.all([a.model.refresh(), b.model.refresh()]);
    expect(await outboxStore(db).count()).toBe(1); // On the list only: Mia joined 3rd

    // A third tab seats First; both tabs hear of it together and both see Mia now 2nd.
    await partyStore(db).change('a1', (p) => applyAction(p, 'seat', 1_000_000));
    a.feed.otherTabChanged();
    b.feed.otherTabChanged();

    await vi.waitFor(() => expect([a.checked(), b.checked()]).toEqual([1, 1])); // both looked, in their own transactions
    await Promise.all([a.model.refresh(), b.model.refresh()]);
    for (const { model } of [a, b])
      expect(model.parties.value.find((p) => p.name === 'Mia')?.messages.getting_close?.round).toBe(1);
    const entries = await db.getAll('outbox');
    expect(entries.map((e) => e.key)).toEqual(['a3_on_list_1', 'a3_getting_close_1']);
    expect(a.delivered() + b.delivered()).toBe(1 + 1); // On the list (tab a), Getting close (one tab)
    expect([a.model.problem.value, b.model.problem.value]).toEqual([null, null]); // the other tab's look found it done
  });

  test('a party added at place 2 is told its place, not “getting close” as well; one moved up by Undo-less Move is told', async () => {
    const db = await openWaitbellDb(`getting-close-${crypto.randomUUID()}`);
    opened.push(db);
    const { model } = await tab(db, 'p');
    await model.add(form('First'));
    await model.add(form('Noor', 'PidNoor01'));
    await model.add(form('Omar', 'PidOmar01'));
    await model.refresh();
    expect(model.parties.value.map((p) => p.lastMessage)).toEqual([null, 'on_list', 'on_list']);

    await model.move('p3', 'up'); // Omar up to place 2 from 3rd
    await vi.waitFor(async () =>
      expect((await db.getAll('outbox')).map((e) => e.key)).toEqual([
        'p2_on_list_1',
        'p3_on_list_1',
        'p3_getting_close_1',
      ]),
    );
    expect(model.parties.value.find((p) => p.name === 'Noor')?.messages.getting_close).toBeUndefined();
  });
});
