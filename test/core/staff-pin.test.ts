import { describe, expect, test } from 'vitest';
import {
  afterRightPin,
  afterWrongPin,
  checkNewPin,
  lockedUntil,
  PIN_LOCK_CAP_MS,
  PIN_LOCK_MS,
  type StaffPinRecord,
} from '../../src/core/staff-pin.ts';

const record: StaffPinRecord = { salt: 's', hash: 'h', iterations: 310_000, failures: 0, lockouts: 0, lockedUntil: 0 };

describe('staff PIN rules', () => {
  test.each([
    ['1234', '1234', null],
    ['12345678', '12345678', null],
    ['123', '123', 'not_digits'],
    ['123456789', '123456789', 'not_digits'],
    ['12a4', '12a4', 'not_digits'],
    ['1234', '4321', 'mismatch'],
  ])('new PIN %s / %s → %s', (pin, again, problem) => {
    const result = checkNewPin(pin, again);
    expect(result.ok ? null : result.error).toBe(problem);
  });

  test('four wrong tries only count; the fifth locks for 60 s; the next lock is longer, up to a cap', () => {
    let r = record;
    for (let i = 0; i < 4; i++) r = afterWrongPin(r, 1_000);
    expect(r).toMatchObject({ failures: 4, lockedUntil: 0 });
    r = afterWrongPin(r, 1_000);
    expect(r).toMatchObject({ failures: 0, lockouts: 1, lockedUntil: 1_000 + PIN_LOCK_MS });
    expect(lockedUntil(r, 1_000 + PIN_LOCK_MS - 1)).toBe(1_000 + PIN_LOCK_MS);
    expect(lockedUntil(r, 1_000 + PIN_LOCK_MS)).toBeNull();
    for (let i = 0; i < 5; i++) r = afterWrongPin(r, 100_000);
    expect(r.lockedUntil).toBe(100_000 + 2 * PIN_LOCK_MS);
    for (let k = 0; k < 10; k++) for (let i = 0; i < 5; i++) r = afterWrongPin(r, 0);
    expect(r.lockedUntil).toBe(PIN_LOCK_CAP_MS);
  });

  test('the right PIN starts the counters over', () => {
    expect(afterRightPin({ ...record, failures: 3, lockouts: 2 })).toMatchObject({
      failures: 0,
      lockouts: 0,
      lockedUntil: 0,
    });
  });
});
