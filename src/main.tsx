import { render } from 'preact';
import { broadcastChangeFeed } from './platform/change-feed.ts';
import { readDebugFlags } from './platform/debug-flags.ts';
import { systemClock } from './platform/system-clock.ts';
import { createBoardModel, type BoardModel } from './state/board-model.ts';
import { openWaitbellDb, type WaitbellDb } from './storage/open-db.ts';
import { partyStore } from './storage/parties-store.ts';
import { DB_NAME } from './storage/schema.ts';
import { toStorageError } from './storage/storage-error.ts';
import { App } from './ui/App.tsx';
import { StartupProblem } from './ui/StartupProblem.tsx';
import './ui/app.css';

/** The performance mark set once the board's first read has finished. */
const BOARD_READY_MARK = 'waitbell:board-ready';

// The one composition root: the real adapters are built here and nowhere else.
const root = document.getElementById('app')!; // index.html always has it

async function start(): Promise<void> {
  const { waitlist } = readDebugFlags(location.search);
  const dbName = waitlist ? `${DB_NAME}-${waitlist}` : DB_NAME;
  let model: BoardModel | undefined;
  let db: WaitbellDb;
  try {
    db = await openWaitbellDb(dbName, {
      onBlocked: () => render(<StartupProblem problem="blocked" />, root),
      onOutdated: () => model?.reportStorageProblem('outdated'),
    });
  } catch (error) {
    render(<StartupProblem problem={toStorageError(error).problem} />, root);
    return;
  }
  model = createBoardModel({
    store: partyStore(db),
    clock: systemClock,
    newId: () => crypto.randomUUID(),
    feed: broadcastChangeFeed(`${dbName}-changes`),
  });
  render(<App model={model} waitlist={waitlist} />, root);
  model.start();
  await model.refresh();
  performance.mark(BOARD_READY_MARK); // read by the start-up benchmark
}

void start();
