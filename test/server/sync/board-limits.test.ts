import { afterEach, describe, expect, test } from 'vitest';
import { TOKEN, TOKEN_B } from '../server-process.ts';
import type { ServerAppConfig } from '../../../src/server/setup/server-config.ts';
import type { ChangesPage, PushResult } from '../../../src/server/sync/server-sync-store.ts';
import { TEST_ENGINE } from '../../support/test-database.ts';
import { startRelayServer } from '../in-process-server.ts';
import type { ApiAnswer } from '../venue/venue-client.ts';
import { addOf, change, syncChanges, syncPush } from './sync-client.ts';

let server: Awaited<ReturnType<typeof startRelayServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A venue server whose board and pages are bounded as given (sync needs no Pushed: nothing listens upstream). */
async function venue(board: ServerAppConfig['board']) {
  server = await startRelayServer('http://127.0.0.1:9', { board });
  return server.url;
}

const outcomesOf = (answer: ApiAnswer) => (answer.json as PushResult).outcomes;
const NOTE = 'x'.repeat(150); // each party about 600 bytes as JSON

/** Every page of a read, from `since=0`, as a tablet follows them. */
async function readPages(url: string, scope: 'board' | 'all') {
  const pages: ChangesPage[] = [];
  let since = 0;
  for (;;) {
    const answer = await syncChanges(url, TOKEN, `since=${since}${scope === 'board' ? '&scope=board' : ''}`);
    expect(answer.status).toBe(200);
    const page = answer.json as ChangesPage;
    pages.push(page);
    since = page.version;
    if (!page.more) return pages;
  }
}

describe(`a sync read pages by bytes as well as rows (${TEST_ENGINE})`, () => {
  test('a board larger than a page comes in pages within the bound, each saying truly what is left; a history read too', async () => {
    const url = await venue({ pageBytes: 2_000 });
    const names = Array.from({ length: 10 }, (_, i) => `Guest ${i}`);
    for (const name of names) await syncPush(url, TOKEN, [addOf(name, { note: NOTE }).add]); // versions 1–10
    const gone = addOf('Seated', { note: NOTE });
    await syncPush(url, TOKEN, [gone.add]);
    await syncPush(url, TOKEN, [change(gone.party.id, { kind: 'act', action: 'seat' })]); // version 12, off the board

    const board = await readPages(url, 'board');
    expect(board.length).toBeGreaterThanOrEqual(4);
    const sizes = board.map((p) => p.parties.map((r) => JSON.stringify(r).length).reduce((a, b) => a + b, 0));
    for (const size of sizes) expect(size).toBeLessThanOrEqual(2_000);
    expect(board.flatMap((p) => p.parties.map((r) => r.party.name))).toEqual(names);
    let read = 0;
    for (const page of board.slice(0, -1)) {
      read += page.parties.length;
      expect(page).toMatchObject({ more: true, remaining: names.length - read, current: 12 });
    }
    expect(board.at(-1)).toMatchObject({ more: false, version: 12, remaining: 1 }); // the one off the board

    const history = await readPages(url, 'all');
    expect(history.length).toBeGreaterThanOrEqual(4);
    expect(history.flatMap((p) => p.parties.map((r) => r.party.name))).toEqual([...names, 'Seated']);
    expect(history.at(-1)).toMatchObject({ more: false, version: 12, remaining: 0 });
  });
});

describe(`a venue's board is bounded (${TEST_ENGINE})`, () => {
  test('a push that would add a party past the most waiting is refused for that party alone, in a reason; a seat makes room', async () => {
    const url = await venue({ maxParties: 3 });
    const adds = ['Ana', 'Bo', 'Cy', 'Di'].map((name) => addOf(name));
    const first = await syncPush(
      url,
      TOKEN,
      adds.map((a) => a.add),
    );
    expect(first.status).toBe(200);
    const full = { outcome: 'rejected', reason: { kind: 'board_full', bound: 'parties', max: 3 } };
    expect(outcomesOf(first)).toEqual([
      { id: adds[0]!.add.id, outcome: 'applied' },
      { id: adds[1]!.add.id, outcome: 'applied' },
      { id: adds[2]!.add.id, outcome: 'applied' },
      { id: adds[3]!.add.id, ...full },
    ]);
    // A change to a party already there still applies; a Recall onto the full board does not.
    const ana = adds[0]!.party.id;
    const edit = change(adds[1]!.party.id, { kind: 'edit', changes: { note: 'by the window' } });
    expect(outcomesOf(await syncPush(url, TOKEN, [edit]))[0]!.outcome).toBe('applied');
    await syncPush(url, TOKEN, [change(ana, { kind: 'act', action: 'seat' })]);
    const late = addOf('Ed');
    const recall = change(ana, { kind: 'act', action: 'recall' });
    expect(outcomesOf(await syncPush(url, TOKEN_B, [late.add, recall]))).toEqual([
      { id: late.add.id, outcome: 'applied' },
      { id: recall.id, ...full },
    ]);

    const board = (await syncChanges(url, TOKEN, 'scope=board')).json as ChangesPage;
    expect(board.parties.map((r) => r.party.name).sort()).toEqual(['Bo', 'Cy', 'Ed']);
    // Nothing stored was lost: the seated party is still seated, with its history.
    const all = (await syncChanges(url, TOKEN)).json as ChangesPage;
    expect(all.parties.find((r) => r.party.id === ana)?.party.status).toBe('seated');
  });

  test('a party that would take the board past its most bytes is refused as such', async () => {
    const url = await venue({ maxBytes: 2_000 });
    const adds = [1, 2, 3, 4].map((n) => addOf(`Guest ${n}`, { note: NOTE }));
    const answer = await syncPush(
      url,
      TOKEN,
      adds.map((a) => a.add),
    );
    expect(outcomesOf(answer).map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied', 'rejected']);
    expect(outcomesOf(answer)[3]).toMatchObject({ reason: { kind: 'board_full', bound: 'bytes', max: 2_000 } });
  });

  test('the bytes bound counts a party the same whether it came in one push with others or alone', async () => {
    const guests = () => [1, 2, 3].map((n) => addOf(`Guest ${n}`, { note: NOTE }));
    // Just above three parties as compact JSON, below them as the database stores them.
    const bound = guests().reduce((sum, g) => sum + JSON.stringify(g.party).length, 0) + 10;
    const together = await venue({ maxBytes: bound });
    const inOne = outcomesOf(
      await syncPush(
        together,
        TOKEN,
        guests().map((g) => g.add),
      ),
    ).map((o) => o.outcome);
    await server!.close();
    const alone = await venue({ maxBytes: bound });
    const oneByOne: string[] = [];
    for (const g of guests()) oneByOne.push(outcomesOf(await syncPush(alone, TOKEN, [g.add]))[0]!.outcome);
    expect(oneByOne).toEqual(['applied', 'applied', 'rejected']);
    expect(inOne).toEqual(oneByOne);
  });

  test('two tablets racing for the last places cannot pass the bound together', async () => {
    const url = await venue({ maxParties: 6 });
    const batch = (prefix: string) => Array.from({ length: 6 }, (_, i) => addOf(`${prefix} ${i}`).add);
    const answers = await Promise.all([
      syncPush(url, TOKEN, batch('Front')),
      syncPush(url, TOKEN_B, batch('Back')),
      syncPush(url, TOKEN, batch('Front again')),
    ]);
    const outcomes = answers.flatMap(outcomesOf);
    expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(6);
    expect(outcomes.filter((o) => o.outcome === 'rejected')).toHaveLength(12);
    const board = (await syncChanges(url, TOKEN, 'scope=board')).json as ChangesPage;
    expect(board.parties).toHaveLength(6);
  });
});
