import { afterEach, describe, expect, test } from 'vitest';
import { applyAction, undoLast } from '../../src/core/lifecycle.ts';
import { importKeys } from '../../src/core/past-party.ts';
import type { PastParty } from '../../src/core/quote-history.ts';
import { historyStore, type HistoryRecord } from '../../src/storage/history-store.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { StorageError } from '../../src/storage/storage-error.ts';
import { aParty } from '../support/parties.ts';

// Runs twice: in Node over fake-indexeddb, and in real Chromium (the "chromium" project).
const opened: WaitbellDb[] = [];
async function fresh() {
  const db = await openWaitbellDb(`waitbell-test-${crypto.randomUUID()}`);
  opened.push(db);
  return { db, parties: partyStore(db), history: historyStore(db) };
}
afterEach(() => {
  for (const db of opened.splice(0)) {
    db.close();
    indexedDB.deleteDatabase(db.name);
  }
});

const past = (joinedAt: number, overrides: Partial<PastParty> = {}): PastParty => ({
  joinedAt,
  utcOffsetMinutes: 60,
  size: 2,
  quotedMinutes: 15,
  seatedAt: joinedAt + 20 * 60_000,
  leftAt: null,
  outcome: 'seated',
  ...overrides,
});
const withKeys = (rows: PastParty[]): HistoryRecord[] => {
  const keys = importKeys(rows);
  return rows.map((p, i) => ({ id: keys[i]!, ...p }));
};

describe('history kept for quotes', () => {
  test('a seated party leaves an anonymous copy: size, quote, times and outcome, never its name or contact', async () => {
    const { parties, history } = await fresh();
    const party = aParty({
      name: 'Ana',
      note: 'Booth',
      pushedId: 'PidAna',
      size: 3,
      quoteMinutes: 20,
      joinedAt: 1_000,
    });
    await parties.add(party);
    expect(await history.readAll()).toEqual([]);
    await parties.change(party.id, (p) => applyAction(p, 'seat', 61_000));
    const [copy, ...rest] = await history.readAll();
    expect(rest).toEqual([]);
    expect(copy).toMatchObject({ id: party.id, size: 3, quotedMinutes: 20, joinedAt: 1_000, seatedAt: 61_000 });
    expect(copy).toMatchObject({ leftAt: null, outcome: 'seated' });
    expect(JSON.stringify(copy)).not.toMatch(/Ana|Booth|PidAna/);
  });

  test('Undo of a no-show and Recall of a removed party take the copy away again; finishing again puts it back', async () => {
    const { parties, history } = await fresh();
    const a = aParty();
    const b = aParty();
    await parties.add(a);
    await parties.add(b);
    await parties.change(a.id, (p) => applyAction(p, 'no_show', 5_000));
    await parties.change(b.id, (p) => applyAction(p, 'remove', 5_000));
    expect((await history.readAll()).map((r) => [r.id, r.outcome, r.leftAt])).toEqual([
      [a.id, 'no_show', 5_000],
      [b.id, 'removed', 5_000],
    ]);
    await parties.change(a.id, (p) => undoLast(p, 6_000));
    await parties.change(b.id, (p) => applyAction(p, 'recall', 6_000));
    expect(await history.readAll()).toEqual([]);
    await parties.change(b.id, (p) => applyAction(p, 'seat', 9_000));
    expect((await history.readAll()).map((r) => [r.id, r.outcome, r.seatedAt])).toEqual([[b.id, 'seated', 9_000]]);
  });

  test('several parties finished together (late no-shows) each get their copy; a refused change writes none', async () => {
    const { parties, history } = await fresh();
    const a = aParty();
    const b = aParty();
    await parties.add(a);
    await parties.add(b);
    const noShow = (p: Parameters<typeof applyAction>[0]) => applyAction(p, 'no_show', 7_000);
    expect(
      (
        await parties.changeMany(
          new Map([
            [a.id, noShow],
            [b.id, noShow],
          ]),
        )
      ).ok,
    ).toBe(true);
    expect((await history.readAll()).map((r) => r.id)).toEqual([a.id, b.id]);
    const c = aParty();
    await parties.add(c);
    const refused = await parties.changeMany(
      new Map([
        [c.id, noShow],
        ['nobody', noShow],
      ]),
    );
    expect(refused.ok).toBe(false);
    expect((await history.readAll()).map((r) => r.id)).toEqual([a.id, b.id]);
  });

  test('purging guests after 30 days keeps their anonymous copies; copies go after about 13 months', async () => {
    const { parties, history } = await fresh();
    const old = aParty({ joinedAt: 1_000 });
    await parties.add(old);
    await parties.change(old.id, (p) => applyAction(p, 'seat', 2_000));
    expect(await parties.purgeFinishedBefore(10_000)).toBe(1);
    expect(await parties.get(old.id)).toBeUndefined();
    expect((await history.readAll()).map((r) => r.id)).toEqual([old.id]);
    expect(await history.purgeBefore(1_000)).toBe(0);
    expect(await history.purgeBefore(1_001)).toBe(1);
    expect(await history.readAll()).toEqual([]);
  });

  test('read a page at a time, every past party comes once, however the pages fall', async () => {
    const { history } = await fresh();
    const rows = Array.from({ length: 7 }, (_, i) => past(1_000 + i));
    await history.importAll(importKeys(rows).map((id, i) => ({ id, ...rows[i]! })));
    const seen: string[][] = [];
    for await (const page of history.pages(3)) seen.push(page.map((r) => r.id));
    expect(seen.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(seen.flat().sort()).toEqual((await history.readAll()).map((r) => r.id).sort());
    expect(new Set(seen.flat()).size).toBe(7);
  });

  test('importing the same file twice adds its rows once, identical rows included, and says how many were there', async () => {
    const { history } = await fresh();
    const rows = [past(1_000), past(2_000, { outcome: 'no_show', seatedAt: null, leftAt: 3_000 }), past(1_000)];
    expect(await history.importAll(withKeys(rows))).toEqual({ added: 3, alreadyThere: 0 });
    expect(await history.importAll(withKeys([...rows, past(4_000)]))).toEqual({ added: 1, alreadyThere: 3 });
    expect((await history.readAll()).map((r) => r.joinedAt)).toEqual([1_000, 1_000, 2_000, 4_000]);
  });

  test('an import that fails part-way stores nothing', async () => {
    const { history } = await fresh();
    await history.importAll(withKeys([past(500)]));
    const broken = { ...past(3_000), id: undefined } as unknown as HistoryRecord; // a row without a key: the store refuses it
    await expect(history.importAll([...withKeys([past(1_000), past(2_000)]), broken])).rejects.toBeInstanceOf(
      StorageError,
    );
    expect((await history.readAll()).map((r) => r.joinedAt)).toEqual([500]);
  });
});
