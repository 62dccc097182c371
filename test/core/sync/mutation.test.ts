import { describe, expect, test } from 'vitest';
import { mutation, type Mutation } from '../../../src/core/sync/mutation.ts';
import { readMutation } from '../../../src/core/wire/sync.ts';
import { aParty } from '../../support/parties.ts';

const T = 1_800_000_000_000;
const wire = (m: unknown): unknown => JSON.parse(JSON.stringify(m));
const seated = aParty({ id: 'p1', status: 'seated', finishedAt: T });

const EVERY_KIND: Mutation[] = [
  mutation('m1', 'door', T, 'p1', { kind: 'add', party: aParty({ id: 'p1' }) }),
  mutation('m2', 'door', T, 'p1', { kind: 'add', party: seated }),
  mutation('m3', 'bar', T, 'p1', {
    kind: 'edit',
    changes: { name: 'Ana', size: 4, quoteMinutes: null, pushedId: null },
  }),
  mutation('m4', 'bar', T, 'p1', { kind: 'act', action: 'seat' }),
  mutation('m5', 'bar', T, 'p1', { kind: 'act', action: 'notify', round: 2 }),
  mutation('m6', 'bar', T, 'p1', { kind: 'move', rank: T - 30_000.5 }),
  mutation('m7', 'bar', T, 'p1', { kind: 'undo', undoes: 'm4' }),
  mutation('m8', 'bar', T, 'p1', {
    kind: 'message',
    message: 'table_ready',
    record: { round: 2, at: T, delivery: { state: 'sent', at: T + 900, shipmentId: 'abc' }, sent: 2 },
  }),
  // A party that checked in online: its phone, how it joined, and the guest's "on my way" travel with it.
  mutation('m9', 'door', T, 'p1', {
    kind: 'add',
    party: aParty({ id: 'p1', joinedVia: 'online', phone: '+34612345678', onMyWayAt: T }),
  }),
  mutation('m10', 'bar', T, 'p1', { kind: 'edit', changes: { phone: '+14155550100' } }),
  mutation('m11', 'door', T, 'p1', {
    kind: 'add',
    party: aParty({ id: 'p1', status: 'removed', finishedAt: T, finishReason: 'guest_cancelled' }),
  }),
];

const messageRecord = (EVERY_KIND[7] as Extract<Mutation, { kind: 'message' }>).record;

describe('a mutation read back from the wire', () => {
  test.each(EVERY_KIND.map((m) => [m.kind, m] as const))('%s: travels as JSON and reads back the same', (_, m) => {
    expect(readMutation(wire(m))).toEqual({ ok: true, value: m });
  });

  test.each([
    ['not an object', 'seat', 'mutation'],
    ['no id', { ...EVERY_KIND[3], id: '' }, 'id'],
    ['an id too long to be one', { ...EVERY_KIND[3], id: 'x'.repeat(101) }, 'id'],
    ['no tablet', { ...EVERY_KIND[3], tablet: 7 }, 'tablet'],
    // As a key it would be the records' prototype: such a party could never be seated, moved or removed again.
    [
      'an add of a party named by the id __proto__',
      { ...EVERY_KIND[0], partyId: '__proto__', party: { ...aParty({ id: '__proto__' }) } },
      'partyId',
    ],
    ['a mutation id of __proto__', { ...EVERY_KIND[3], id: '__proto__' }, 'id'],
    ['a time that is not one', { ...EVERY_KIND[3], at: 'now' }, 'at'],
    ['an unknown kind', { ...EVERY_KIND[3], kind: 'delete' }, 'kind'],
    ['an unknown action', { ...EVERY_KIND[3], action: 'eat' }, 'action'],
    ['a round on Seated', { ...EVERY_KIND[3], round: 1 }, 'round'],
    ['a round of 0', { ...EVERY_KIND[4], round: 0 }, 'round'],
    ['a message of an unknown kind', { ...EVERY_KIND[7], message: 'dessert' }, 'message'],
    ['a message record of round 0', { ...EVERY_KIND[7], record: { ...messageRecord, round: 0 } }, 'record.round'],
    [
      'a message record in no known state',
      { ...EVERY_KIND[7], record: { ...messageRecord, delivery: { state: 'lost', at: T } } },
      'record.delivery',
    ],
    [
      'a queued message record without its time',
      { ...EVERY_KIND[7], record: { ...messageRecord, delivery: { state: 'queued', retryAt: null } } },
      'record.delivery',
    ],
    ['an add of another party than it names', { ...EVERY_KIND[0], partyId: 'p2' }, 'party.id'],
    [
      'an added party with no status',
      { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), status: 'gone' } },
      'party.status',
    ],
    [
      'a seated party with no finish time',
      { ...EVERY_KIND[1], party: { ...seated, finishedAt: null } },
      'party.finishedAt',
    ],
    // A paired tablet's token is all it takes to push: what the Add party form refuses, every other tablet must not show.
    ['an added party of -5 guests', { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), size: -5 } }, 'party.size'],
    ['an added party of 2.5 guests', { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), size: 2.5 } }, 'party.size'],
    [
      'an added party with a name of a million letters',
      { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), name: 'H'.repeat(1_000_000) } },
      'party.name',
    ],
    [
      'an added party quoted "abc" minutes',
      { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), quoteMinutes: 'abc' } },
      'party.quoteMinutes',
    ],
    [
      'an added party with a message record the merge cannot read',
      { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), messages: { table_ready: { round: 1 } } } },
      'party.messages',
    ],
    [
      'an added party with a message of an unknown kind',
      { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), messages: { dessert: messageRecord } } },
      'party.messages',
    ],
    [
      'an added party with an undo snapshot in no known state',
      { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), previous: { status: 'gone', rank: T, changedAt: T } } },
      'party.previous',
    ],
    [
      'an added party called -1 times',
      { ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), callCount: -1 } },
      'party.callCount',
    ],
    ['an edit of a field a host cannot edit', { ...EVERY_KIND[2], changes: { status: 'seated' } }, 'changes'],
    ['an edit with a size in words', { ...EVERY_KIND[2], changes: { size: 'four' } }, 'changes.size'],
    ['a move to no place', { ...EVERY_KIND[5], rank: null }, 'rank'],
    ['an undo of nothing named', { ...EVERY_KIND[6], undoes: '' }, 'undoes'],
  ])('%s is refused, naming the part that is wrong', (_, value, at) => {
    expect(readMutation(wire(value))).toEqual({
      ok: false,
      error: { kind: 'malformed', at, problem: expect.any(String) },
    });
  });

  test('an edit a host would have been refused on the form is refused with the same field problems', () => {
    const edit = { ...EVERY_KIND[2], changes: { name: '  ', size: 40 } };
    expect(readMutation(wire(edit))).toEqual({
      ok: false,
      error: {
        kind: 'invalid_fields',
        problems: [
          { field: 'name', problem: 'required' },
          { field: 'size', problem: 'out_of_range' },
        ],
      },
    });
  });
});

describe('a mutation from a hostile tablet', () => {
  const add = (party: object) => ({ ...EVERY_KIND[0], party: { ...aParty({ id: 'p1' }), ...party } });
  // As JSON text: the stringify a test would use overflows the stack on it, as the server's own once did.
  const deep = (field: string, levels = 5_000) => {
    const json = JSON.stringify(add({ [field]: 0 })).replace(
      `"${field}":0`,
      `"${field}":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`,
    );
    return { json };
  };

  test.each([
    [
      'a party with a field of its own (1.9 MB stored as sent)',
      add({ blob: 'x'.repeat(1000) }),
      'party',
      'unknown_field',
    ],
    ['a mutation with a field of its own', { ...EVERY_KIND[3], extra: 1 }, 'mutation', 'unknown_field'],
    [
      'an edit with a field of its own',
      { ...EVERY_KIND[2], changes: { name: 'Ana', x: 1 } },
      'changes',
      'unknown_field',
    ],
    [
      'a message record with a field of its own',
      { ...EVERY_KIND[7], record: { ...messageRecord, x: 1 } },
      'record',
      'unknown_field',
    ],
    [
      'a delivery with a field of its own',
      { ...EVERY_KIND[7], record: { ...messageRecord, delivery: { ...messageRecord.delivery, x: 1 } } },
      'record.delivery',
      'unknown_field',
    ],
    ['5,000 levels of nesting in a field', deep('nested'), 'party', 'unknown_field'],
    ['5,000 levels of nesting in a known field', deep('previous'), 'party.previous', 'missing'],
    ['a NUL in a name', add({ name: 'Ana\u0000' }), 'party.name', 'control_character'],
    ['a lone surrogate in a name', add({ name: 'Ana\ud800' }), 'party.name', 'lone_surrogate'],
    ['a control character in a note', add({ note: 'window\u001b[2J' }), 'party.note', 'control_character'],
    ['a C1 control character in a note', add({ note: 'window\u0085' }), 'party.note', 'control_character'],
    ['a line break in a name', add({ name: 'Ana\nBo' }), 'party.name', 'control_character'],
    ['a NUL in a mutation id', { ...EVERY_KIND[3], id: 'm\u0000' }, 'id', 'control_character'],
    ['a lone surrogate in a mutation id', { ...EVERY_KIND[3], id: 'm\udc00' }, 'id', 'lone_surrogate'],
    [
      'a NUL in an edited name',
      { ...EVERY_KIND[2], changes: { name: 'A\u0000' } },
      'changes.name',
      'control_character',
    ],
    [
      'a NUL in a failed message’s words',
      {
        ...EVERY_KIND[7],
        record: { ...messageRecord, delivery: { state: 'failed', at: T, errorType: 'x', message: 'no\u0000' } },
      },
      'record.delivery',
      'control_character',
    ],
  ])('%s is refused, naming where and why', (_, value, at, problem) => {
    const sent = 'json' in value ? JSON.parse(value.json) : wire(value);
    expect(readMutation(sent)).toEqual({ ok: false, error: { kind: 'malformed', at, problem } });
  });

  test('a name padded with 600,000 spaces is stored as the form keeps it: trimmed, within 60 characters', () => {
    const padded = `${' '.repeat(300_000)}Ana${' '.repeat(300_000)}`;
    const read = readMutation(wire(add({ name: padded })));
    expect(read.ok && read.value.kind === 'add' && read.value.party.name).toBe('Ana');
    const edit = readMutation(wire({ ...EVERY_KIND[2], changes: { name: `  Bo${' '.repeat(600_000)}`, note: ' x ' } }));
    expect(edit.ok && edit.value.kind === 'edit' && edit.value.changes).toEqual({ name: 'Bo', note: 'x' });
  });

  test('a name of 61 letters behind its spaces is refused as too long', () => {
    expect(readMutation(wire(add({ name: `   ${'a'.repeat(61)}   ` })))).toEqual({
      ok: false,
      error: { kind: 'malformed', at: 'party.name', problem: 'too_long' },
    });
  });

  test('a name in decomposed form is stored composed (NFC), and counted as a person counts it', () => {
    const read = readMutation(wire(add({ name: 'Jose\u0301' })));
    expect(read.ok && read.value.kind === 'add' && read.value.party.name).toBe('Jos\u00e9');
  });
});

describe('the guest side of a party on the wire', () => {
  test('a phone is stored as one string to dial; one that is not a phone is refused as the form refuses it', () => {
    const typed = mutation('g1', 'bar', T, 'p1', { kind: 'edit', changes: { phone: ' +34 612 34 56 78 ' } });
    expect(readMutation(wire(typed))).toMatchObject({ ok: true, value: { changes: { phone: '+34612345678' } } });
    const bad = mutation('g2', 'door', T, 'p1', { kind: 'add', party: aParty({ id: 'p1', phone: 'later' }) });
    expect(readMutation(wire(bad))).toMatchObject({ ok: false, error: { kind: 'malformed', at: 'party.phone' } });
  });

  test('a party stored before phones reads back without one; only the venue server makes a guest’s own changes', () => {
    const older = mutation('g3', 'door', T, 'p1', { kind: 'add', party: aParty({ id: 'p1' }) });
    const read = readMutation(wire(older));
    expect(read.ok && read.value.kind === 'add' && 'phone' in read.value.party).toBe(false);
    const forged = { ...(wire(older) as object), kind: 'guest', action: 'cancel' };
    expect(readMutation(forged)).toMatchObject({ ok: false, error: { kind: 'malformed', at: 'kind' } });
    const erase = { ...(wire(older) as object), kind: 'erase', erasure: 'e-1' };
    expect(readMutation(erase)).toMatchObject({ ok: false, error: { kind: 'malformed', at: 'kind' } });
    expect(
      readMutation({ ...(wire(older) as object), party: { ...aParty({ id: 'p1' }), joinedVia: 'tablet' } }),
    ).toMatchObject({ ok: false, error: { kind: 'malformed', at: 'party.joinedVia' } });
  });
});

describe('Waitbell’s suggestion on a party', () => {
  test('travels with the add; a tablet from before sends none; one that is no suggestion is refused', () => {
    // `as never`: a value no tablet of ours would send, as a hostile one might.
    const add = (suggestedMinutes?: unknown) =>
      readMutation(
        wire(
          mutation('s1', 'door', T, 'p1', {
            kind: 'add',
            party: { ...aParty({ id: 'p1' }), suggestedMinutes } as never,
          }),
        ),
      );
    expect(add(25)).toMatchObject({ ok: true, value: { party: { suggestedMinutes: 25 } } });
    expect(add(null)).toMatchObject({ ok: true, value: { party: { suggestedMinutes: null } } });
    const older = add();
    expect(older.ok && older.value.kind === 'add' && 'suggestedMinutes' in older.value.party).toBe(false);
    for (const wrong of [601, -1, 12.5, '20'])
      expect(add(wrong)).toMatchObject({ ok: false, error: { kind: 'malformed', at: 'party.suggestedMinutes' } });
  });
});
