import { createBoardModel, type BoardModel } from '../../src/state/board-model.ts';
import type { WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';

/** The real board model over `db`, always online, alone (no other tabs), sending nothing, its board read. */
export async function benchBoardModel(db: WaitbellDb): Promise<BoardModel> {
  let id = 0;
  const model = createBoardModel({
    store: partyStore(db),
    outbox: outboxStore(db),
    connectivity: { isOnline: () => true, onChange: () => () => {} },
    deliver: () => {},
    clock: { now: () => Date.now() },
    newId: () => `bench-${++id}`,
    feed: { announce() {}, listen: () => () => {} },
  });
  await model.refresh();
  return model;
}
