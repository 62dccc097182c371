import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Delivery } from '../../../src/core/delivery.ts';
import { MESSAGE_KINDS } from '../../../src/core/guest-message.ts';
import type { PartyAction } from '../../../src/core/lifecycle.ts';
import { isActive } from '../../../src/core/party.ts';
import { applyServerOrder, rebase, type SyncState } from '../../../src/core/sync/merge.ts';
import { emptySyncState } from '../../support/parties.ts';
import { mutation, type Mutation, type MutationChange } from '../../../src/core/sync/mutation.ts';
import { readMutation } from '../../../src/core/wire/sync.ts';
import { aParty } from '../../support/parties.ts';

const T = 1_800_000_000_000;
const TABLETS = ['door', 'stand', 'bar'];
const PARTIES = ['p0', 'p1', 'p2', 'p3'];
const RUNS = { seed: 20261129, numRuns: 300 };

// What a host did, before it is made a mutation: which tablet, which party, what.
const change = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'add' as const }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({
        kind: fc.constant('edit' as const),
        field: fc.constant('size' as const),
        value: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({
        kind: fc.constant('edit' as const),
        field: fc.constant('note' as const),
        value: fc.constantFrom('', 'booth', 'high chair'),
      }),
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      action: fc.constantFrom<PartyAction>('notify', 'seat', 'no_show', 'remove', 'recall'),
      round: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), rank: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'undo' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('message' as const),
      message: fc.constantFrom(...MESSAGE_KINDS),
      round: fc.integer({ min: 1, max: 3 }),
      state: fc.constantFrom('queued' as const, 'sent' as const, 'failed' as const),
    }),
  },
);
const intent = fc.record({ tablet: fc.nat(TABLETS.length - 1), party: fc.nat(PARTIES.length - 1), change });
type Intent = typeof intent extends fc.Arbitrary<infer I> ? I : never;

/** Each tablet's own mutations, in the order it made them (and pushes them: oldest first). */
function tabletQueues(intents: Intent[]): Mutation[][] {
  const queues: Mutation[][] = TABLETS.map(() => []);
  intents.forEach((it, i) => {
    const tablet = TABLETS[it.tablet]!;
    const partyId = PARTIES[it.party]!;
    const at = T + i * 1_000;
    const own = queues[it.tablet]!;
    const c = it.change;
    let body: MutationChange;
    if (c.kind === 'add') {
      const joinedAt = T + it.party * 10;
      body = {
        kind: 'add',
        party: aParty({ id: partyId, name: `${partyId} from ${tablet}`, joinedAt, rank: joinedAt }),
      };
    } else if (c.kind === 'edit') body = { kind: 'edit', changes: { [c.field]: c.value } };
    else if (c.kind === 'act')
      body = c.round === undefined || c.action !== 'notify' ? { kind: 'act', action: c.action } : c;
    else if (c.kind === 'move') body = { kind: 'move', rank: T + c.rank * 7 };
    else if (c.kind === 'message') {
      const delivery: Delivery =
        c.state === 'queued'
          ? { state: 'queued', since: at, retryAt: null }
          : c.state === 'sent'
            ? { state: 'sent', at, shipmentId: `s-${i}` }
            : { state: 'failed', at, errorType: 'invalid_target', message: 'No such PushedID.' };
      body = {
        kind: 'message',
        message: c.message,
        record: { round: c.round, at, delivery, sent: c.state === 'sent' ? 1 : 0 },
      };
    } else {
      // Undo of this tablet's last change of the party (or of nothing, if it made none).
      const last = own.findLast((m) => m.partyId === partyId && m.kind !== 'add' && m.kind !== 'edit');
      body = { kind: 'undo', undoes: last?.id ?? 'none' };
    }
    own.push(mutation(`${tablet}-${i}`, tablet, at, partyId, body));
  });
  return queues;
}

/** One order in which the server might receive the queues: each tablet's own order kept, the tablets interleaved. */
function interleave(queues: Mutation[][], picks: number[]): Mutation[] {
  const rest = queues.map((q) => [...q]);
  const order: Mutation[] = [];
  let k = 0;
  while (rest.some((q) => q.length > 0)) {
    let t = (picks[k++ % Math.max(1, picks.length)] ?? 0) % rest.length;
    while (rest[t]!.length === 0) t = (t + 1) % rest.length;
    order.push(rest[t]!.shift()!);
  }
  return order;
}

/** The same order with some mutations delivered again, each some time after it first arrived. */
function withRedeliveries(order: Mutation[], again: [number, number][]): Mutation[] {
  const out = [...order];
  for (const [which, later] of again) {
    if (order.length === 0) break;
    const i = which % order.length;
    const at = out.indexOf(order[i]!) + 1 + (later % (out.length - out.indexOf(order[i]!)));
    out.splice(at, 0, order[i]!);
  }
  return out;
}

// Most runs open with a few parties joining, so that later changes find them.
const opener = fc.record({
  tablet: fc.nat(TABLETS.length - 1),
  party: fc.nat(PARTIES.length - 1),
  change: fc.constant({ kind: 'add' as const }),
});
const scenario = fc.record({
  intents: fc
    .tuple(fc.array(opener, { maxLength: 6 }), fc.array(intent, { maxLength: 40 }))
    .map(([a, b]) => [...a, ...b]),
  picks: fc.array(fc.nat(2), { minLength: 1, maxLength: 60 }),
  again: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
  cut: fc.nat(),
});

// A board that a tablet could show: every party once under its own id, finished exactly when off the board.
function problemsOf(state: SyncState): string[] {
  const problems: string[] = [];
  for (const [id, p] of Object.entries(state.parties)) {
    if (p.id !== id) problems.push(`${id} holds ${p.id}`);
    if (isActive(p.status) !== (p.finishedAt === null))
      problems.push(`${id} is ${p.status} with finishedAt ${p.finishedAt}`);
    if (!Number.isFinite(p.rank)) problems.push(`${id} has rank ${p.rank}`);
    if (p.callCount < 0 || p.size < 1) problems.push(`${id} has callCount ${p.callCount}, size ${p.size}`);
  }
  for (const id of Object.keys(state.lastChange)) if (!Object.hasOwn(state.parties, id)) problems.push(`undo of ${id}`);
  return problems;
}

// A replica elsewhere: it receives the state as JSON, as over the wire.
const overTheWire = (state: SyncState): SyncState => JSON.parse(JSON.stringify(state)) as SyncState;

describe('merge rules hold for any mutations from three tablets, in any interleaving (seeded)', () => {
  test('every replica that reads the same server order off the wire ends identical, board valid at every step', () => {
    fc.assert(
      fc.property(scenario, ({ intents, picks }) => {
        const order = interleave(tabletQueues(intents), picks);
        const here = applyServerOrder(emptySyncState(), order);
        let there = overTheWire(emptySyncState());
        for (const m of order) {
          const read = readMutation(JSON.parse(JSON.stringify(m)));
          expect(read).toEqual({ ok: true, value: m });
          there = overTheWire(applyServerOrder(there, [(read as { value: Mutation }).value]).state);
          expect(problemsOf(there)).toEqual([]);
        }
        expect(there).toEqual(here.state);
      }),
      RUNS,
    );
  });

  test('applying any prefix, then the rest, equals applying all at once (outcomes too)', () => {
    fc.assert(
      fc.property(scenario, ({ intents, picks, cut }) => {
        const order = interleave(tabletQueues(intents), picks);
        const k = cut % (order.length + 1);
        const all = applyServerOrder(emptySyncState(), order);
        const first = applyServerOrder(emptySyncState(), order.slice(0, k));
        const rest = applyServerOrder(first.state, order.slice(k));
        expect(rest.state).toEqual(all.state);
        expect([...first.outcomes, ...rest.outcomes]).toEqual(all.outcomes);
      }),
      RUNS,
    );
  });

  test('re-delivering any mutation, any number of times, changes nothing', () => {
    fc.assert(
      fc.property(scenario, ({ intents, picks, again }) => {
        const order = interleave(tabletQueues(intents), picks);
        const once = applyServerOrder(emptySyncState(), order);
        const twice = applyServerOrder(emptySyncState(), withRedeliveries(order, again));
        expect(twice.state).toEqual(once.state);
        const applied = (r: typeof once) => r.outcomes.filter((o) => o.outcome === 'applied').map((o) => o.id);
        expect(applied(twice)).toEqual(applied(once));
      }),
      RUNS,
    );
  });

  test('no add is ever lost or duplicated: exactly the parties some tablet added, each once, as first added', () => {
    fc.assert(
      fc.property(scenario, ({ intents, picks, again }) => {
        const order = withRedeliveries(interleave(tabletQueues(intents), picks), again);
        const { state } = applyServerOrder(emptySyncState(), order);
        const adds = order.filter((m) => m.kind === 'add');
        expect(Object.keys(state.parties).sort()).toEqual([...new Set(adds.map((m) => m.partyId))].sort());
        for (const id of Object.keys(state.parties)) {
          const firstAdd = adds.find((m) => m.partyId === id)!;
          expect(state.parties[id]?.name).toBe(firstAdd.kind === 'add' && firstAdd.party.name);
        }
      }),
      RUNS,
    );
  });

  test('a mutation needs only its own party: applied to that party alone (as a server loading one row would), it does the same', () => {
    fc.assert(
      fc.property(scenario, ({ intents, picks }) => {
        let whole = emptySyncState();
        for (const m of interleave(tabletQueues(intents), picks)) {
          const only = (r: Readonly<Record<string, unknown>>) =>
            Object.hasOwn(r, m.partyId) ? { [m.partyId]: r[m.partyId] } : {};
          const slice = { ...whole, parties: only(whole.parties), lastChange: only(whole.lastChange) } as SyncState;
          const alone = applyServerOrder(slice, [m]);
          const all = applyServerOrder(whole, [m]);
          expect(alone.outcomes).toEqual(all.outcomes);
          expect(alone.state.parties[m.partyId]).toEqual(all.state.parties[m.partyId]);
          expect(alone.state.lastChange[m.partyId]).toEqual(all.state.lastChange[m.partyId]);
          whole = all.state;
        }
      }),
      RUNS,
    );
  });

  test("every tablet's view converges: once the server has all, server state + its pending = the server state", () => {
    fc.assert(
      fc.property(scenario, ({ intents, picks, cut }) => {
        const queues = tabletQueues(intents);
        const order = interleave(queues, picks);
        const k = cut % (order.length + 1);
        const midway = applyServerOrder(emptySyncState(), order.slice(0, k)).state;
        const final = applyServerOrder(midway, order.slice(k)).state;
        for (const own of queues) {
          // Mid-way, each tablet's view is a valid board; at the end, every view is the server's.
          expect(problemsOf(rebase(midway, own).state)).toEqual([]);
          expect(rebase(final, own).state).toEqual(final);
        }
      }),
      RUNS,
    );
  });
});
