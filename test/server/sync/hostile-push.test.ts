import { afterEach, describe, expect, test } from 'vitest';
import { DatabaseError, type Database, type Queryable } from '../../../src/server/db/database.ts';
import type { ChangesPage, PushResult } from '../../../src/server/sync/server-sync-store.ts';
import { fakeUpstream, TOKEN } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';
import { api, useVenueServer, type VenueServer } from '../venue/venue-client.ts';
import { addOf, change, syncChanges, syncPush } from './sync-client.ts';

let env!: VenueServer;
useVenueServer((started) => (env = started));
const url = () => env.server.url;

const partiesOf = async (base = url()) => ((await syncChanges(base, TOKEN)).json as ChangesPage).parties;
const namesOf = async (base = url()) => (await partiesOf(base)).map((r) => r.party.name).sort();

/** A batch of a good party, the hostile change, and another good party: the two good ones must land. */
async function sandwich(hostile: (name: string) => unknown) {
  const before = addOf('Before');
  const after = addOf('After');
  const answer = await syncPush(url(), TOKEN, [before.add, hostile('Hostile'), after.add]);
  return { answer, result: answer.json as PushResult };
}

describe('POST /1/sync/push from a tablet that sends what no tablet makes', () => {
  test('a party with a field of its own (1.9 MB stored as sent, slowing every venue) is refused on its own, in words; the rest lands', async () => {
    const { answer, result } = await sandwich((name) => {
      const { party, add } = addOf(name);
      return { ...add, party: { ...party, blob: 'x'.repeat(1_000_000) } };
    });
    expect(answer.status).toBe(200);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['applied', 'rejected', 'applied']);
    expect(result.outcomes[1]).toMatchObject({ reason: { kind: 'invalid', at: 'party', problem: 'unknown_field' } });
    expect(await namesOf()).toEqual(['After', 'Before']);
    expect(JSON.stringify(await partiesOf()).length).toBeLessThan(10_000);
  });

  test('a name padded with 600,000 spaces is stored trimmed, never 600,002 characters', async () => {
    const padded = addOf('x');
    const add = { ...padded.add, party: { ...padded.party, name: `${' '.repeat(300_000)}Al${' '.repeat(300_000)}` } };
    const answer = await syncPush(url(), TOKEN, [add]);
    expect(answer.json.outcomes[0].outcome).toBe('applied');
    const [row] = await partiesOf();
    expect(row!.party.name).toBe('Al');
    const edit = change(padded.party.id, { kind: 'edit', changes: { name: `Bo${' '.repeat(600_000)}` } });
    expect((await syncPush(url(), TOKEN, [edit])).json.outcomes[0].outcome).toBe('applied');
    expect((await partiesOf())[0]!.party.name).toBe('Bo');
  });

  test.each([
    ['a NUL in a name', (n: string) => ({ name: `${n}\u0000` }), 'party.name', 'control_character'],
    ['a lone surrogate in a name', (n: string) => ({ name: `${n}\ud800` }), 'party.name', 'lone_surrogate'],
    ['a NUL in a note', () => ({ note: 'window\u0000' }), 'party.note', 'control_character'],
    ['a lone surrogate in a note', () => ({ note: '\udfff window' }), 'party.note', 'lone_surrogate'],
    ['an escape sequence in a note', () => ({ note: '\u001b[2J' }), 'party.note', 'control_character'],
    // "1.6e295 of 15 min" on every board, and first in line for good, its row's button pushed off a portrait screen.
    ['a joining time of 1e300', () => ({ joinedAt: 1e300 }), 'party.joinedAt', 'out_of_range'],
    ['a place in line of -1e300', () => ({ rank: -1e300 }), 'party.rank', 'out_of_range'],
    ['a change made in 1970', () => ({ updatedAt: 1 }), 'party.updatedAt', 'out_of_range'],
    // One more Table ready would make it 2^53: a count no tablet could read back, the party stuck on every board.
    [
      'a call count at the largest safe integer',
      () => ({ callCount: Number.MAX_SAFE_INTEGER }),
      'party.callCount',
      'out_of_range',
    ],
  ])(
    '%s: that change is refused in words, the good changes of its batch land, and no 503',
    async (_, fields, at, problem) => {
      const { answer, result } = await sandwich((name) => {
        const { party, add } = addOf(name);
        return { ...add, party: { ...party, ...fields(name) } };
      });
      expect(answer.status).toBe(200);
      expect(result.outcomes.map((o) => o.outcome)).toEqual(['applied', 'rejected', 'applied']);
      expect(result.outcomes[1]).toMatchObject({ reason: { kind: 'invalid', at, problem } });
      expect(await namesOf()).toEqual(['After', 'Before']);
    },
  );

  test('a NUL or a lone surrogate in a mutation id: refused by its place in the batch, the rest lands, no 503', async () => {
    const nul = addOf('Nul');
    const lone = addOf('Lone');
    const good = addOf('Good');
    const answer = await syncPush(url(), TOKEN, [
      { ...nul.add, id: 'm\u0000' },
      { ...lone.add, id: 'm\ud800' },
      good.add,
    ]);
    expect(answer.status).toBe(200);
    expect(answer.json.outcomes).toEqual([
      { id: '#0', outcome: 'rejected', reason: { kind: 'invalid', at: 'id', problem: 'control_character' } },
      { id: '#1', outcome: 'rejected', reason: { kind: 'invalid', at: 'id', problem: 'lone_surrogate' } },
      { id: good.add.id, outcome: 'applied' },
    ]);
    expect(await namesOf()).toEqual(['Good']);
  });

  test('5,000 levels of nesting in a field: that change is refused in words, no 500', async () => {
    const deep = addOf('Deep');
    const good = addOf('Good');
    const nested = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const body = `{"mutations":[${JSON.stringify(good.add)},${JSON.stringify({ ...deep.add, party: { ...deep.party, x: 0 } }).replace('"x":0', `"x":${nested}`)}]}`;
    const response = await fetch(`${url()}/1/sync/push`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as PushResult;
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['applied', 'rejected']);
    expect(result.outcomes[1]).toMatchObject({ reason: { kind: 'invalid', at: 'party', problem: 'unknown_field' } });
    expect(await namesOf()).toEqual(['Good']);
  });

  test('a body far over the limit is refused with 413, in words', async () => {
    const big = addOf('Big');
    const answer = await api(url(), '/1/sync/push', {
      token: TOKEN,
      body: { mutations: [{ ...big.add, party: { ...big.party, note: 'x'.repeat(5 * 1024 * 1024) } }] },
    });
    expect(answer.status).toBe(413);
    expect(answer.json.error.message).toMatch(/over 2097152 bytes/);
  });
});

describe('a value the database itself refuses', () => {
  let poisoned: Awaited<ReturnType<typeof startRelayServer>> | undefined;
  let upstream: Awaited<ReturnType<typeof fakeUpstream>> | undefined;
  afterEach(async () => {
    await poisoned?.close();
    await upstream?.close();
  });

  /** The database refusing, as data (SQLSTATE 22P05), any row that names "Poison". */
  const refusePoison = (db: Database): Database => {
    const guard = (q: Queryable): Queryable => ({
      exec: (sql) => q.exec(sql),
      query: async (sql, params) => {
        if (sql.includes('INSERT INTO sync_parties') && JSON.stringify(params ?? []).includes('Poison'))
          throw new DatabaseError('22P05');
        return q.query(sql, params);
      },
    });
    return { ...db, ...guard(db), transaction: (work) => db.transaction((tx) => work(guard(tx))) };
  };

  test('refuses that change alone, in words, never "unavailable": the rest of the batch lands', async () => {
    upstream = await fakeUpstream();
    poisoned = await startRelayServer(upstream.url, { wrapDb: refusePoison });
    const good = addOf('Good');
    const poison = addOf('Poison');
    const also = addOf('Also');
    const answer = await syncPush(poisoned.url, TOKEN, [good.add, poison.add, also.add]);
    expect(answer.status).toBe(200);
    expect(answer.json.outcomes).toEqual([
      { id: good.add.id, outcome: 'applied' },
      { id: poison.add.id, outcome: 'rejected', reason: { kind: 'invalid', at: 'mutation', problem: 'not_allowed' } },
      { id: also.add.id, outcome: 'applied' },
    ]);
    expect(await namesOf(poisoned.url)).toEqual(['Also', 'Good']);
    // Alone, it is a refusal in words too, never a 503 to retry for good.
    const alone = await syncPush(poisoned.url, TOKEN, [addOf('Poison again').add]);
    expect(alone.status).toBe(200);
    expect(alone.json.outcomes[0]).toMatchObject({ outcome: 'rejected', reason: { kind: 'invalid' } });
  });
});
