import { describe, expect, test } from 'vitest';
import { checkGuestInput, classOf, NAME_MAX, normalisePhone, NOTE_MAX, SIZE_MAX } from '../../src/guest/guest-input.ts';
import {
  NAME_MAX_LENGTH,
  normalisePhone as coreNormalisePhone,
  NOTE_MAX_LENGTH,
  PARTY_SIZE_MAX,
} from '../../src/core/party-input.ts';
import { classOf as coreClassOf } from '../../src/core/quote-model.ts';

const form = { name: 'Ana', size: '2', note: '', phone: '' };

describe('the check-in form’s rules', () => {
  test('are the Add party form’s limits and the estimator’s size classes', () => {
    expect([NAME_MAX, NOTE_MAX, SIZE_MAX]).toEqual([NAME_MAX_LENGTH, NOTE_MAX_LENGTH, PARTY_SIZE_MAX]);
    for (let size = 1; size <= 20; size++) expect(classOf(size), `size ${size}`).toBe(coreClassOf(size));
  });

  test('refuse what the server refuses, every field at once', () => {
    expect(checkGuestInput(form, 8)).toEqual([]);
    expect(checkGuestInput({ name: ' ', size: '9', note: 'x'.repeat(201), phone: '12' }, 8)).toEqual([
      { field: 'name', problem: 'required' },
      { field: 'size', problem: 'out_of_range' },
      { field: 'note', problem: 'too_long' },
      { field: 'phone', problem: 'not_a_phone' },
    ]);
    expect(checkGuestInput({ ...form, name: '😀'.repeat(60) }, 8)).toEqual([]);
    expect(checkGuestInput({ ...form, name: 'x'.repeat(61) }, 8)).toEqual([{ field: 'name', problem: 'too_long' }]);
  });

  test('phones are read exactly as Add party reads them', () => {
    const typed = [
      '+1 (555) 123-4567',
      '(+1) 555 1234',
      '555.123.4567',
      '1+2345678',
      ' +34 612 345 678 ',
      '12',
      '+' + '1'.repeat(16),
      '555 CALL ME',
      '1 '.repeat(21),
    ];
    for (const text of typed) expect(normalisePhone(text), text).toBe(coreNormalisePhone(text));
  });

  test('phones are kept as digits with an optional +', () => {
    expect(normalisePhone(' +1 (555) 123-45.67 ')).toBe('+15551234567');
    expect(normalisePhone('123456')).toBeNull();
    expect(normalisePhone('1234567890123456')).toBeNull();
    expect(normalisePhone('555 CALL ME')).toBeNull();
  });
});
