import { expect, test } from 'vitest';
import { benchBoardModel } from './bench-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { HISTORY, seedParty, WAITING } from './seed.ts';
import { measure, report } from './stats.ts';

const BATCH = 5_000;

/** A venue's history: 100,000 finished parties over the last weeks, plus tonight's 60 waiting. */
async function seed(name: string): Promise<void> {
  const db = await openWaitbellDb(name);
  const now = Date.now();
  for (let start = 0; start < HISTORY + WAITING; start += BATCH) {
    const tx = db.transaction('parties', 'readwrite');
    for (let i = start; i < Math.min(start + BATCH, HISTORY + WAITING); i++) void tx.store.put(seedParty(i, now));
    await tx.done;
  }
  db.close();
}

test('waitlist with 100,000 parties of history and 60 waiting', async () => {
  const name = `waitbell-bench-${crypto.randomUUID()}`;
  const seedStart = performance.now();
  await seed(name);
  const seedMs = performance.now() - seedStart;

  const openAndRead = await measure(20, async () => {
    const db = await openWaitbellDb(name);
    const board = await partyStore(db).readBoard();
    if (board.length !== WAITING) throw new Error(`board has ${board.length} parties`);
    db.close();
  });

  const db = await openWaitbellDb(name);
  const store = partyStore(db);
  const readBoard = await measure(50, () => store.readBoard());
  // What the board would cost without its index: every stored party read and filtered.
  const fullScan = await measure(5, async () => (await db.getAll('parties')).filter((p) => p.finishedAt === null), 1);

  const model = await benchBoardModel(db);
  const form = { name: 'Bench Guest', size: '4', note: 'Booth', quoteMinutes: '20', pushedId: 'AbC123xyz', email: '' };
  const addParty = await measure(200, () => model.add(form));
  const added = model.parties.value.filter((p) => p.id.startsWith('bench-'));
  const statusChange = await measure(200, (i) => model.act(added[i < 0 ? added.length + i : i]!.id, 'seat'));
  const rawAdd = await measure(200, (i) =>
    store.add({ ...added[0]!, id: `raw-${i}`, status: 'seated', finishedAt: Date.now() }),
  );

  // Every party added was seated again, and the raw writes went to history: the board is as seeded.
  expect(await store.readBoard()).toHaveLength(WAITING);
  db.close();
  indexedDB.deleteDatabase(name);

  console.log(
    `\nSeeded ${HISTORY.toLocaleString('en')} finished + ${WAITING} waiting parties in ${(seedMs / 1000).toFixed(1)} s`,
  );
  report('Board (Chromium, IndexedDB)', {
    'open a new connection and read the board': openAndRead,
    'read the board (open database, status index)': readBoard,
    'read the board by full scan, for comparison': fullScan,
    'add party (validate, write, update the board)': addParty,
    'status change: Seated (transaction, update the board)': statusChange,
    'store.add alone (one write transaction)': rawAdd,
  });
  console.log(`  full scan ÷ index read (medians): ${(fullScan.median / readBoard.median).toFixed(0)}×\n`);
});
