import { describe, expect, test } from 'vitest';
import { createParty, validatePartyInput, type PartyInput } from '../../src/core/party-input.ts';

const form = (overrides: Partial<PartyInput> = {}): PartyInput => ({
  name: 'Ana',
  size: '2',
  note: '',
  quoteMinutes: '',
  pushedId: '',
  email: '',
  ...overrides,
});
const problems = (overrides: Partial<PartyInput>) => {
  const result = validatePartyInput(form(overrides));
  return result.ok ? [] : result.error;
};

describe('Add party validation', () => {
  test('a minimal form is valid: trimmed name, no note, no quote, no PushedID', () => {
    expect(validatePartyInput(form({ name: '  Ana   María  ' }))).toEqual({
      ok: true,
      value: { name: 'Ana María', size: 2, note: '', quoteMinutes: null, pushedId: null, email: null },
    });
  });

  test.each([
    ['', 'required'],
    ['   \t ', 'required'],
    ['x'.repeat(61), 'too_long'],
  ])('name %j is refused (%s)', (name, problem) => {
    expect(problems({ name })).toEqual([{ field: 'name', problem }]);
  });

  test('name limits count characters as people see them: 60 accepted, emoji count once', () => {
    expect(problems({ name: 'x'.repeat(60) })).toEqual([]);
    expect(problems({ name: '😀'.repeat(60) })).toEqual([]);
    expect(problems({ name: '😀'.repeat(61) })).toEqual([{ field: 'name', problem: 'too_long' }]);
  });

  test.each([
    ['1', 1],
    ['20', 20],
    [' 7 ', 7],
    [5, 5],
  ])('party size %j is accepted as %d', (size, value) => {
    const result = validatePartyInput(form({ size }));
    expect(result.ok && result.value.size).toBe(value);
  });

  test.each([
    ['0', 'out_of_range'],
    ['21', 'out_of_range'],
    ['', 'not_whole_number'],
    ['2.5', 'not_whole_number'],
    ['-1', 'not_whole_number'],
    ['two', 'not_whole_number'],
    ['1e1', 'not_whole_number'],
  ])('party size %j is refused (%s)', (size, problem) => {
    expect(problems({ size })).toEqual([{ field: 'size', problem }]);
  });

  test.each([
    ['0', 0],
    ['240', 240],
    ['', null],
    ['  ', null],
  ])('quoted wait %j becomes %j', (quoteMinutes, value) => {
    const result = validatePartyInput(form({ quoteMinutes }));
    expect(result.ok && result.value.quoteMinutes).toBe(value);
  });

  test.each([
    ['241', 'out_of_range'],
    ['-5', 'not_whole_number'],
    ['ten', 'not_whole_number'],
    ['15.5', 'not_whole_number'],
  ])('quoted wait %j is refused (%s)', (quoteMinutes, problem) => {
    expect(problems({ quoteMinutes })).toEqual([{ field: 'quoteMinutes', problem }]);
  });

  test('note up to 200 characters, trimmed', () => {
    const result = validatePartyInput(form({ note: ` ${'n'.repeat(200)} ` }));
    expect(result.ok && result.value.note).toBe('n'.repeat(200));
    expect(problems({ note: 'n'.repeat(201) })).toEqual([{ field: 'note', problem: 'too_long' }]);
  });

  test('the PushedID goes through the payload parser', () => {
    const result = validatePartyInput(form({ pushedId: ' https://example.com/?pushedId=Abc12345 ' }));
    expect(result.ok && result.value.pushedId).toBe('Abc12345');
    expect(problems({ pushedId: 'https://pushed.co/s/AbC1234' })).toEqual([
      { field: 'pushedId', problem: 'subscription_link' },
    ]);
  });

  test('the guest’s Pushed email, when given instead of a PushedID, must look like one', () => {
    const result = validatePartyInput(form({ email: ' ana@example.com ' }));
    expect(result.ok && result.value.email).toBe('ana@example.com');
    expect(problems({ email: 'ana@example' })).toEqual([{ field: 'email', problem: 'not_an_email' }]);
    expect(problems({ email: 'not an email@x.y' })).toEqual([{ field: 'email', problem: 'not_an_email' }]);
  });

  test('every problem is reported at once, in form order', () => {
    expect(
      problems({ name: '', size: '99', note: 'n'.repeat(300), quoteMinutes: 'x', pushedId: 'a b' }).map((p) => p.field),
    ).toEqual(['name', 'size', 'quoteMinutes', 'note', 'pushedId']);
  });

  test('a new party starts waiting, joined now, last in line, never called, with nothing to undo', () => {
    const result = validatePartyInput(form({ quoteMinutes: '15' }));
    if (!result.ok) throw new Error('refused');
    expect(createParty(result.value, 'id-1', 1234)).toEqual({
      id: 'id-1',
      name: 'Ana',
      size: 2,
      note: '',
      quoteMinutes: 15,
      pushedId: null,
      email: null,
      status: 'waiting',
      joinedAt: 1234,
      updatedAt: 1234,
      finishedAt: null,
      previous: null,
      messages: {},
      lastMessage: null,
      joinedPosition: null,
      rank: 1234,
      calledAt: null,
      callCount: 0,
      finishReason: null,
      excusedAt: null,
    });
  });
});
