import { afterEach, describe, expect, test } from 'vitest';
import type { Party } from '../../src/core/party.ts';
import type { PartyInput } from '../../src/core/party-input.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { mutation } from '../../src/core/sync/mutation.ts';
import { enConnection } from '../../src/ui/i18n/en-connection.ts';
import { enBoard } from '../../src/ui/i18n/en-board.ts';
import { enSync } from '../../src/ui/i18n/en-sync.ts';
import { esSync } from '../../src/ui/i18n/es-sync.ts';
import { esConnection } from '../../src/ui/i18n/es-connection.ts';
import { createBoardModel } from '../../src/state/board-model.ts';
import { createSyncEngine, type SyncEngine, type SyncTimers } from '../../src/state/sync-model.ts';
import { REPLACED_WAIT_MS } from '../../src/state/sync/live-stream.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { tabletSyncStore } from '../../src/storage/tablet-sync-store.ts';
import { fakeSyncServer, type FakeSyncServer } from '../support/fake-sync-server.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';
import { aParty } from '../support/parties.ts';
import { seededRandom } from '../support/seeded-random.ts';

const T0 = 1_800_000_000_000;
const PAIRED = { ...SANDBOX_SETTINGS, relayUrl: 'https://venue.example/1', deviceToken: 'TabletToken0001' };
const form = (name: string, size = 2): PartyInput => ({
  name,
  size: String(size),
  note: '',
  quoteMinutes: '',
  pushedId: '',
  email: '',
});

/** Timers the test fires by hand: a backoff waits until the test says time has passed. */
function manualTimers() {
  const due = new Map<number, () => void>();
  let next = 0;
  const delays: number[] = [];
  const timers: SyncTimers = {
    set: (fn, ms) => (delays.push(ms), due.set(++next, fn), next),
    clear: (handle) => void due.delete(handle as number),
  };
  return {
    timers,
    /** Every waiting timer fires (time enough passes for any backoff). */
    fireAll() {
      const fns = [...due.values()];
      due.clear();
      fns.forEach((fn) => fn());
    },
    waiting: () => due.size,
    /** The longest wait asked for so far, in ms. */
    longest: () => Math.max(0, ...delays),
  };
}

const opened: WaitbellDb[] = [];
const engines: { stop(): void }[] = [];
afterEach(() => {
  engines.splice(0).forEach((e) => e.stop());
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

/** One tablet: its own database, board model and sync engine, on the fake server as `device`. */
async function tablet(
  server: FakeSyncServer,
  device: string,
  {
    paired = true,
    before = [] as Party[],
    seed = 1,
    historyPage = undefined as number | undefined,
    watch = (_engine: SyncEngine) => {},
  } = {},
) {
  const db = await openWaitbellDb(`sync-${device}-${crypto.randomUUID()}`);
  opened.push(db);
  const settings = settingsStore(db);
  const store = partyStore(db);
  for (const party of before) await store.add(party);
  if (paired) await settings.save(PAIRED);
  let t = T0;
  const clock = { now: () => t };
  const time = manualTimers();
  const revoked: string[] = [];
  const updates: string[] = [];
  const net = fakeConnectivity();
  const sync = tabletSyncStore(db);
  const changedIds: string[] = [];
  const engine = createSyncEngine({
    store: sync,
    api: server.api(device, `${device} tablet`),
    clock,
    newId: () => crypto.randomUUID(),
    random: seededRandom(seed),
    timers: time.timers,
    connectivity: net.connectivity,
    onChanged: (ids) => changedIds.push(...ids),
    onRevoked: () => revoked.push(device),
    onUpdateRequired: () => updates.push(device),
    onRejected: (ids) => model.withdrawRefusedUndo(ids),
    ...(historyPage ? { historyPage } : {}),
  });
  const model = createBoardModel({
    store,
    outbox: outboxStore(db),
    connectivity: net.connectivity,
    deliver: () => {},
    clock,
    newId: () => crypto.randomUUID(),
    feed: fakeFeed().feed,
    recorded: () => engine.kick(),
  });
  await model.refresh();
  watch(engine);
  engine.start();
  engines.push(engine);
  await engine.settled();
  const all = async () => (await db.getAll('parties')).sort((a, b) => a.id.localeCompare(b.id));
  return {
    device,
    db,
    store,
    sync,
    model,
    engine,
    time,
    net,
    revoked,
    updates,
    changedIds,
    all,
    advance: (ms: number) => (t += ms),
    /** Runs the engine until it has nothing left to do (backoffs cut short). */
    async settle() {
      time.fireAll();
      engine.kick();
      await engine.settled();
      await model.refresh();
    },
    /** The party named `name` as this tablet has it. */
    named: async (name: string) => (await db.getAll('parties')).find((p) => p.name === name),
  };
}
type Tablet = Awaited<ReturnType<typeof tablet>>;

/** What every tablet must agree on about a party. */
const view = (p: Party) => ({
  id: p.id,
  name: p.name,
  size: p.size,
  note: p.note,
  status: p.status,
  rank: p.rank,
  callCount: p.callCount,
  quoteMinutes: p.quoteMinutes,
});

/** Syncs every tablet until none has anything pending and all have pulled the server's last version. */
async function converge(server: FakeSyncServer, tablets: Tablet[]) {
  for (let round = 0; round < 20; round++) {
    for (const t of tablets) await t.settle();
    const quiet = await Promise.all(
      tablets.map(
        async (t) => (await t.sync.countPending()) === 0 && (await t.sync.readMeta()).version === server.version,
      ),
    );
    if (quiet.every(Boolean)) return;
  }
  throw new Error('the tablets did not converge');
}

async function expectSameAsServer(server: FakeSyncServer, tablets: Tablet[]) {
  const truth = Object.values(server.state.parties)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(view);
  for (const t of tablets) expect((await t.all()).map(view), t.device).toEqual(truth);
}

describe('sync engine', () => {
  test('a party added on the door tablet shows on the bar tablet, pushed as it was recorded', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    door.engine.start();
    bar.engine.start();
    await door.engine.settled();
    await bar.engine.settled();
    await door.model.add(form('Ana', 4));
    await door.engine.settled();
    // The server's new version reached the bar tablet live: it pulls at once.
    await bar.engine.settled();
    expect((await bar.named('Ana'))?.size).toBe(4);
    expect(door.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
    expect(bar.changedIds).toContain((await bar.named('Ana'))!.id);
    door.engine.stop();
    bar.engine.stop();
  });

  test('unpaired, nothing is recorded and the engine is never needed: the board works as before', async () => {
    const server = fakeSyncServer();
    const solo = await tablet(server, 'solo', { paired: false });
    await solo.model.add(form('Ana'));
    await solo.model.act((await solo.named('Ana'))!.id, 'seat');
    expect(await solo.sync.countPending()).toBe(0);
    expect((await solo.named('Ana'))?.status).toBe('seated');
    expect(server.version).toBe(0);
  });

  test('Seated here, No-show there: the first to reach the server wins, the other tablet says so and shows the truth', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    await door.model.add(form('Ana'));
    await converge(server, [door, bar]);
    const id = (await door.named('Ana'))!.id;
    server.setOffline('bar', true);
    await bar.model.refresh();
    await bar.model.act(id, 'no_show');
    await bar.settle();
    expect(bar.engine.status.value).toEqual({ state: 'unreachable', pending: 1 });
    expect((await bar.named('Ana'))?.status).toBe('no_show'); // the host's change shows at once, offline or not
    expect(bar.model.undoOffer.value).toMatchObject({ partyName: 'Ana', action: 'no_show' });
    await door.model.act(id, 'seat');
    await door.settle();
    server.setOffline('bar', false);
    await bar.settle();
    expect((await bar.named('Ana'))?.status).toBe('seated');
    expect(bar.engine.notices.value).toMatchObject([
      {
        partyName: 'Ana',
        change: { kind: 'act', action: 'no_show' },
        reason: { kind: 'already_finished', by: 'seated' },
        tablet: 'door tablet',
      },
    ]);
    // "Your No-show was not applied": an Undo of it beside that would take back nothing of this tablet's.
    expect(bar.model.undoOffer.value).toBeNull();
    expect(bar.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
  });

  test('a lost answer is retried with the same mutation id: applied once, and no false "already" notice', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    await door.model.add(form('Ana'));
    await door.settle();
    const id = (await door.named('Ana'))!.id;
    await door.model.requote(id, 25);
    await door.model.act(id, 'seat');
    server.dropAnswer('door');
    door.engine.kick();
    await door.engine.settled();
    expect(door.engine.status.value.state).toBe('unreachable');
    expect(door.time.waiting()).toBeGreaterThan(0); // backing off, not hammering
    const appliedBefore = server.applied;
    await door.settle();
    expect(server.applied).toBe(appliedBefore); // the retry changed nothing on the server
    expect(server.state.parties[id]).toMatchObject({ status: 'seated', quoteMinutes: 25 });
    expect(door.engine.notices.value).toEqual([]);
    expect(door.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
  });

  test('Undo of a Seated goes as an undo naming it; a move goes as moves; both tablets agree', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    server.setOffline('door', true); // what was recorded waits, to be looked at
    for (const name of ['Ana', 'Bo', 'Cy']) {
      await door.model.add(form(name));
      door.advance(60_000);
    }
    const cy = (await door.named('Cy'))!.id;
    await door.model.move(cy, 'up');
    const ana = (await door.named('Ana'))!.id;
    await door.model.act(ana, 'seat');
    expect(door.model.undoOffer.value?.mutationId).toBeTruthy();
    await door.model.undo();
    const kinds = (await door.sync.readPending(50)).map((m) => m.kind);
    expect(kinds.slice(0, 3)).toEqual(['add', 'add', 'add']);
    expect(kinds.slice(3, -2).every((k) => k === 'move')).toBe(true); // the mover, and any party spaced out again
    expect(kinds.slice(-2)).toEqual(['act', 'undo']);
    server.setOffline('door', false);
    await converge(server, [door, bar]);
    expect(server.state.parties[ana]?.status).toBe('waiting');
    expect((await door.store.readBoard()).map((p) => p.name)).toEqual(['Ana', 'Cy', 'Bo']);
    expect((await bar.store.readBoard()).map((p) => p.name)).toEqual(['Ana', 'Cy', 'Bo']);
    await expectSameAsServer(server, [door, bar]);
  });

  test('Table ready on two tablets for the same round calls once; where its message stands shows on both', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    await door.model.add(form('Ana'));
    await converge(server, [door, bar]);
    const id = (await door.named('Ana'))!.id;
    server.setOffline('bar', true);
    server.setOffline('door', true); // what door records waits, to be looked at
    await bar.model.refresh();
    await bar.model.notify(id);
    await door.model.notify(id);
    const kinds = (await door.sync.readPending(10)).map((m) => m.kind);
    expect(kinds).toEqual(['act', 'message']); // the call, then its message's state
    server.setOffline('door', false);
    await door.settle();
    server.setOffline('bar', false);
    await converge(server, [door, bar]);
    expect(server.state.parties[id]?.callCount).toBe(1);
    expect(bar.engine.notices.value).toMatchObject([
      {
        partyName: 'Ana',
        partySize: 2,
        reason: { kind: 'already_called', round: 1 },
        tablet: 'door tablet',
        reachable: false, // no PushedID: nothing was held back
      },
    ]);
    const record = (await door.named('Ana'))?.messages.table_ready;
    expect(record?.round).toBe(1);
    expect((await bar.named('Ana'))?.messages.table_ready).toEqual(record);
  });

  test('a tablet of older sync rules than the server applies nothing more, says "Update Waitbell", and asks for the new app', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    await door.model.add(form('Ana'));
    await door.settle();
    server.upgrade();
    await bar.model.add(form('Bo'));
    await bar.settle();
    expect(bar.updates).toEqual(['bar']);
    expect(bar.engine.status.value).toEqual({ state: 'update_required', pending: 1 });
    expect(bar.time.waiting()).toBe(0); // no retry: it waits for the update
    const applied = server.applied;
    await bar.model.add(form('Cy'));
    bar.engine.kick();
    await bar.engine.settled();
    expect(server.applied).toBe(applied); // nothing pushed by other rules
    expect((await bar.named('Bo'))?.status).toBe('waiting'); // nothing on the tablet is lost
    expect(enConnection.updateRequired).toBe("Update Waitbell: this tablet's version is older than the venue server's");
    expect(esConnection.updateRequired).toMatch(/^Actualice Waitbell/);
  });

  test('a disconnected tablet stops syncing and says so', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    server.revoke('door');
    await door.model.add(form('Ana'));
    door.engine.start();
    await door.engine.settled();
    expect(door.revoked).toEqual(['door']);
    expect(door.engine.status.value).toEqual({ state: 'disconnected', pending: 1 });
    expect(door.time.waiting()).toBe(0); // no retry scheduled
    expect((await door.named('Ana'))?.status).toBe('waiting'); // nothing on the tablet is lost
  });
});

test('a tablet the server does not know says it is disconnected (not unreachable), keeps its changes, and syncs once it is known again', async () => {
  const server = fakeSyncServer();
  const door = await tablet(server, 'door');
  server.forget('door');
  await door.model.add(form('Ana'));
  door.engine.start();
  await door.engine.settled();
  expect(door.engine.status.value).toEqual({ state: 'disconnected', pending: 1 });
  server.forget('door', false);
  await door.settle();
  expect(door.engine.status.value.state).toBe('in_sync');
  expect(Object.values(server.state.parties).map((p) => p.name)).toEqual(['Ana']);
});

describe('joining a venue', () => {
  test('a tablet with a waitlist uploads it once, board first; a new tablet gets the board, then the history', async () => {
    const server = fakeSyncServer();
    const finished = aParty({ name: 'Done', status: 'seated', finishedAt: T0 - 1_000, joinedAt: T0 - 9_000 });
    const waiting = aParty({ name: 'Waiting', joinedAt: T0 - 5_000 });
    const old = await tablet(server, 'old', { before: [finished, waiting] });
    server.dropAnswer('old'); // the first upload's answer is lost: the retry must not duplicate anything
    await old.settle();
    await old.settle();
    expect(Object.values(server.state.parties).map((p) => p.name)).toEqual(['Waiting', 'Done']);
    expect(await old.sync.countPending()).toBe(0);

    const fresh = await tablet(server, 'new');
    fresh.engine.start();
    await fresh.engine.settled();
    expect((await fresh.store.readBoard()).map((p) => p.name)).toEqual(['Waiting']);
    expect(await fresh.store.readHistory(10)).toHaveLength(1); // the history came in the background
    expect(fresh.engine.history.value).toBeNull(); // done: no progress bar left
    expect(await fresh.sync.readMeta()).toMatchObject({ boardLoaded: true, historyDone: true });
    await expectSameAsServer(server, [old, fresh]);
    fresh.engine.stop();
  });
});

describe('a new tablet of a busy venue', () => {
  test('shows the board first, then reads the history a page at a time, saying how far it has got', async () => {
    const server = fakeSyncServer();
    const old = await tablet(server, 'old');
    for (let n = 0; n < 12; n++) {
      await old.model.add(form(`Past ${n}`));
      await old.settle();
      await old.model.act((await old.named(`Past ${n}`))!.id, 'seat');
      await old.settle();
    }
    await old.model.add(form('Waiting now'));
    await old.settle();
    const progress: ({ done: number; total: number } | null)[] = [];
    const fresh = await tablet(server, 'new', {
      historyPage: 5,
      watch: (engine) => engine.history.subscribe((value) => progress.push(value)),
    });
    expect((await fresh.store.readBoard()).map((p) => p.name)).toEqual(['Waiting now']);
    expect(progress.filter((p) => p !== null).map((p) => p.done)).toEqual([5, 10, 13]);
    expect(progress.filter((p) => p !== null).every((p) => p.total === 13)).toBe(true);
    expect(progress.at(-1)).toBeNull(); // done: the progress bar goes
    expect(await fresh.store.readHistory(50)).toHaveLength(12);
  });
});

describe('a new tablet of a venue whose board spans pages', () => {
  test('shows the whole board, read a page at a time, and what changed on it while it read', async () => {
    const server = fakeSyncServer();
    const old = await tablet(server, 'old');
    for (let n = 0; n < 7; n++) {
      await old.model.add(form(`Guest ${n}`));
      await old.settle(); // a version each, as through a rush
    }
    const first = (await old.named('Guest 0'))!;
    server.setBoardPage(2, () =>
      server.pushNow('old', [mutation('seat-0', 'old', T0, first.id, { kind: 'act', action: 'seat' })]),
    );
    const fresh = await tablet(server, 'new');
    expect((await fresh.store.readBoard()).map((p) => p.name).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `Guest ${n}`),
    );
    expect((await fresh.named('Guest 0'))?.status).toBe('seated');
    // The board came first, whole, page after page, before any read of what changed or of the history.
    const reads = server.reads('new');
    const board = reads.slice(
      0,
      reads.findIndex((r) => r.scope !== 'board'),
    );
    expect(board.map((r) => r.parties.length)).toEqual([2, 2, 2, 1]);
    expect(board.flatMap((r) => r.parties).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => `Guest ${n}`));
    expect(await fresh.sync.readMeta()).toMatchObject({ boardLoaded: true, version: server.version });
  });
});

describe('a venue whose board is full', () => {
  test('a party it refuses stays on the tablet that added it, which says so in words once; the others never get it', async () => {
    const server = fakeSyncServer();
    server.setBoardMax(2);
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    await door.model.add(form('Ana'));
    await door.model.add(form('Cy'));
    await door.settle();
    await bar.settle();
    await bar.model.add({ ...form('Bo'), pushedId: 'AbCdEfGh12' }); // an add and its message record go up together
    await bar.settle();

    expect((await bar.store.readBoard()).map((p) => p.name).sort()).toEqual(['Ana', 'Bo', 'Cy']);
    expect(bar.engine.notices.value.map((n) => enSync.rejected(n))).toEqual([
      'Bo is only on this tablet: the venue’s list is full (2 parties waiting), so the other tablets don’t see Bo. Once there is room, any change to Bo sends it to them.',
    ]);
    expect(await bar.sync.countPending()).toBe(0);
    await door.settle();
    expect((await door.store.readBoard()).map((p) => p.name).sort()).toEqual(['Ana', 'Cy']);

    // Room again: the next change to Bo on that tablet takes Bo to the others.
    await door.model.act((await door.named('Ana'))!.id, 'seat');
    await door.settle();
    await bar.settle();
    await bar.model.edit((await bar.named('Bo'))!.id, { ...form('Bo', 3), pushedId: 'AbCdEfGh12' });
    await bar.settle();
    await door.settle();
    expect((await door.store.readBoard()).map((p) => p.name).sort()).toEqual(['Bo', 'Cy']);
  });
});

describe('the badge', () => {
  test('no network: offline with what waits; the network back: it goes at once, without waiting out a backoff', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    door.net.set(false);
    server.setOffline('door', true);
    await door.model.add(form('Ana'));
    await door.engine.settled();
    expect(door.engine.status.value).toEqual({ state: 'offline', pending: 1 });
    server.setOffline('door', false);
    door.net.set(true);
    await door.engine.settled();
    expect(door.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
    expect(Object.values(server.state.parties).map((p) => p.name)).toEqual(['Ana']);
  });

  test('the venue server stops while the Wi-Fi is fine: the badge says unreachable at once, and In sync again when it is back', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    expect(door.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
    server.setOffline('door', true); // the server is gone: its live stream ends; no change is waiting to be pushed
    // Nothing from the other tablets can arrive now: "In sync" would be a lie.
    await expect.poll(() => door.engine.status.value).toEqual({ state: 'unreachable', pending: 0 });
    server.setOffline('door', false);
    door.time.fireAll(); // the live stream's wait before reconnecting, and the cycle's backoff
    await door.engine.settled();
    expect(door.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
  });

  test('a live stream the server ends (at its maximum age) is opened again once, not in a loop, and what changed meanwhile shows', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    const opened = server.streamsOpened('bar');
    server.endStreams('bar');
    await door.model.add(form('Ana')); // while the bar tablet's stream is down
    await door.engine.settled();
    await bar.engine.settled();
    expect(server.streamsOpened('bar')).toBe(opened + 1); // one round to catch up, then its new stream at once
    expect(bar.time.waiting()).toBe(0);
    expect(await bar.named('Ana')).toBeDefined();
    await door.model.add(form('Bo')); // and the new stream is live
    await door.engine.settled();
    await bar.engine.settled();
    expect(await bar.named('Bo')).toBeDefined();
    expect(server.streamsOpened('bar')).toBe(opened + 1);
    expect(bar.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
  });

  test('a stream another tab of this tablet took over waits a minute before opening again, instead of taking it back at once', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    const opened = server.streamsOpened('bar');
    server.replaceStreams('bar');
    await bar.engine.settled();
    expect(server.streamsOpened('bar')).toBe(opened); // not reopened: that would end the other tab's
    expect(bar.time.waiting()).toBeGreaterThan(0);
    expect(bar.time.longest()).toBeGreaterThanOrEqual(REPLACED_WAIT_MS);
    // Changes still reach it by its own pulls, and after the wait it listens again.
    bar.time.fireAll();
    await door.model.add(form('Ana'));
    await door.engine.settled();
    await bar.engine.settled();
    expect(server.streamsOpened('bar')).toBe(opened + 1);
    expect(await bar.named('Ana')).toBeDefined();
  });

  test('the live stream comes back with the network: a change on another tablet shows without waiting out a backoff', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    server.setOffline('bar', true); // its live stream ends; reconnecting waits a backoff
    bar.net.set(false);
    server.setOffline('bar', false);
    bar.net.set(true);
    await bar.engine.settled();
    await door.model.add(form('Ana'));
    await door.engine.settled();
    await bar.engine.settled();
    expect(await bar.named('Ana')).toBeDefined();
  });
});

describe('convergence', () => {
  /** One random host action on `t`, as a host could do it. */
  async function randomAction(t: Tablet, random: () => number, n: number): Promise<void> {
    const board = await t.store.readBoard();
    const finished = await t.store.readHistory(20);
    const pick = <T>(list: T[]): T | undefined => list[Math.floor(random() * list.length)];
    const r = random();
    await t.model.refresh();
    const party = pick(board);
    if (r < 0.3 || !party) await t.model.add(form(`${t.device}-${n}`, 1 + Math.floor(random() * 6)));
    else if (r < 0.45) await t.model.act(party.id, pick(['seat', 'no_show', 'remove'] as const)!);
    else if (r < 0.6) await t.model.edit(party.id, { ...form(party.name), size: String(1 + Math.floor(random() * 8)) });
    else if (r < 0.7) await t.model.move(party.id, random() < 0.5 ? 'up' : 'down');
    else if (r < 0.78) await t.model.requote(party.id, 5 + Math.floor(random() * 40));
    else if (r < 0.86) await t.model.undo();
    else if (r < 0.93) {
      const back = pick(finished);
      if (back) await t.model.recall(back.id);
    } else await t.model.edit(party.id, { ...form(party.name, party.size), note: `note ${n}` });
  }

  test.each([1, 2, 3])(
    'two tablets, random actions and outages in any interleaving, end with the same board (seed %i)',
    async (seed) => {
      const random = seededRandom(seed);
      const server = fakeSyncServer();
      const tablets = [await tablet(server, 'door', { seed }), await tablet(server, 'bar', { seed: seed + 100 })];
      for (let n = 0; n < 120; n++) {
        const t = tablets[Math.floor(random() * tablets.length)]!;
        const r = random();
        if (r < 0.1) server.setOffline(t.device, random() < 0.5);
        else if (r < 0.3) await t.settle();
        else await randomAction(t, random, n);
        t.advance(1_000);
      }
      for (const t of tablets) server.setOffline(t.device, false);
      await converge(server, tablets);
      await expectSameAsServer(server, tablets);
      expect(Object.keys(server.state.parties).length).toBeGreaterThan(10);
    },
  );

  test('a tablet offline for an hour with 200 changes waiting rejoins and converges', async () => {
    const random = seededRandom(7);
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    for (let n = 0; n < 10; n++) await door.model.add(form(`early-${n}`));
    await converge(server, [door, bar]);
    server.setOffline('door', true);
    let n = 0;
    while ((await door.sync.countPending()) < 200) {
      await randomAction(door, random, n++);
      door.advance(18_000); // an hour of changes
      if (n % 10 === 0) await randomAction(bar, random, n); // the other tablet carries on meanwhile
    }
    await bar.settle();
    await door.settle();
    expect(door.engine.status.value.state).toBe('unreachable');
    expect(door.engine.status.value.pending).toBeGreaterThanOrEqual(200);
    server.setOffline('door', false);
    server.setMaxBatch(64); // a server that takes smaller bodies: the batches shrink until they go
    await converge(server, [door, bar]);
    expect(door.engine.status.value).toEqual({ state: 'in_sync', pending: 0 });
    await expectSameAsServer(server, [door, bar]);
  });
});

describe('what the guest does from their own phone', () => {
  test('a guest’s cancel takes the party off every tablet’s board, each saying so once in words, and Seated & gone says who cancelled', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    await door.model.add(form('Ana', 2));
    await door.model.add(form('Luis', 4));
    await converge(server, [door, bar]);
    const id = (await door.named('Ana'))!.id;
    expect(server.guest(id, 'cancel', T0 + 60_000)).toMatchObject({ outcome: 'applied' });
    await converge(server, [door, bar]);
    for (const t of [door, bar]) {
      const ana = (await t.named('Ana'))!;
      expect(ana).toMatchObject({ status: 'removed', finishReason: 'guest_cancelled' });
      expect(
        t.model.parties.value.map((p) => p.name),
        t.device,
      ).toEqual(['Luis']);
      expect(t.engine.guestCancels.value, t.device).toEqual([{ id, partyName: 'Ana', partySize: 2 }]);
      expect(enSync.guestCancelled('Ana', 2)).toBe('Ana (party of 2) cancelled from their phone.');
      expect(enBoard.finishedHow(ana)).toMatch(/^Cancelled by the guest \d/);
      expect(t.engine.notices.value, t.device).toEqual([]); // news, not a refusal
    }
    // Read again (another round), the same cancel is not news twice; dismissed, it is gone.
    await door.settle();
    expect(door.engine.guestCancels.value).toHaveLength(1);
    door.engine.dismiss(id);
    expect(door.engine.guestCancels.value).toEqual([]);
    // A tablet that joins later never had Ana on its board: nothing to tell its host.
    const late = await tablet(server, 'late');
    await converge(server, [late]);
    expect(late.engine.guestCancels.value).toEqual([]);
  });

  test('a host’s Seated that comes after the guest’s cancel is refused in words that name the guest, not a tablet', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    await door.model.add(form('Ana', 2));
    await converge(server, [door]);
    const id = (await door.named('Ana'))!.id;
    server.setOffline('door', true);
    await door.model.act(id, 'seat');
    await door.settle();
    server.guest(id, 'cancel', T0 + 1_000);
    server.setOffline('door', false);
    await door.settle();
    const [notice] = door.engine.notices.value;
    expect(notice).toMatchObject({
      partyName: 'Ana',
      reason: { kind: 'already_finished', by: 'removed' },
      byGuest: true,
    });
    expect(enSync.rejected(notice!)).toMatch(
      /^Ana had already cancelled from their phone at .+ — your Seated was not applied\.$/,
    );
    expect(esSync.rejected(notice!)).toMatch(
      /^Ana ya había cancelado desde su teléfono a las .+: Sentar no se aplicó\.$/,
    );
    expect((await door.named('Ana'))?.finishReason).toBe('guest_cancelled');
  });

  test('“On my way” reaches every tablet with the next pull', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    const bar = await tablet(server, 'bar');
    await door.model.add(form('Ana', 2));
    await converge(server, [door, bar]);
    const id = (await door.named('Ana'))!.id;
    await door.model.notify(id);
    await converge(server, [door, bar]);
    server.guest(id, 'on_my_way', T0 + 90_000);
    await converge(server, [door, bar]);
    for (const t of [door, bar])
      expect(await t.named('Ana'), t.device).toMatchObject({ status: 'notified', onMyWayAt: T0 + 90_000 });
    expect(bar.changedIds).toContain(id);
  });
});

describe('a guest the owner erased while this tablet was offline', () => {
  test('back online, its changes to them are dropped with one line that names no one, and its queued message is gone', async () => {
    const server = fakeSyncServer();
    const door = await tablet(server, 'door');
    await door.model.add({ ...form('Ana'), pushedId: 'AbCdEfGh12' });
    await door.settle();
    const ana = (await door.named('Ana'))!;
    server.setOffline('door', true);
    await door.model.notify(ana.id); // Table ready, and where its message stands: two changes waiting to go
    await door.model.edit(ana.id, { ...form('Ana', 3), pushedId: 'AbCdEfGh12' });
    await door.settle();
    expect(await outboxStore(door.db).count()).toBe(2); // On the list, then Table ready
    expect(server.erase('host', ana.id, T0 + 1_000)).toMatchObject({ outcome: 'applied' });

    server.setOffline('door', false);
    await door.settle();
    expect(door.engine.notices.value.map((n) => enSync.rejected(n))).toEqual([
      'This guest’s details were erased by the owner — your Table ready was not applied.',
    ]);
    expect(esSync.rejected(door.engine.notices.value[0]!)).toBe(
      'El dueño borró los datos de este cliente: Mesa lista no se aplicó.',
    );
    expect(await door.sync.countPending()).toBe(0);
    expect(await outboxStore(door.db).count()).toBe(0);
    expect(await door.store.get(ana.id)).toMatchObject({
      name: '',
      pushedId: null,
      status: 'removed',
      erasedAt: T0 + 1_000,
    });
    expect((await door.store.readBoard()).map((p) => p.id)).not.toContain(ana.id);
  });
});
