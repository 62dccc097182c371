import { describe, expect, test } from 'vitest';
import type { StaffPinRecord } from '../../src/core/staff-pin.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import { StorageError } from '../../src/storage/storage-error.ts';

describe('the staff PIN model (Web Crypto PBKDF2)', () => {
  test('set, unlock with the right PIN, count wrong ones, lock after five, refuse even the right one while locked', async () => {
    let stored: StaffPinRecord | null = null;
    let now = 1_000;
    const pin = createPinModel({
      store: { read: async () => stored, save: async (r) => void (stored = r) },
      clock: { now: () => now },
    });
    await pin.load();
    expect(pin.state.value).toEqual({ kind: 'unset' });
    expect(await pin.setPin('12a4', '12a4')).toEqual({ ok: false, problem: 'not_digits' });
    expect(await pin.setPin('123', '123')).toEqual({ ok: false, problem: 'not_digits' });
    expect(await pin.setPin('1234', '4321')).toEqual({ ok: false, problem: 'mismatch' });
    expect(await pin.setPin('1234', '1234')).toEqual({ ok: true });
    expect(JSON.stringify(stored)).not.toContain('1234');
    expect(await pin.unlock('1234')).toEqual({ ok: true });
    for (let left = 4; left >= 1; left--) expect(await pin.unlock('9999')).toEqual({ ok: false, triesLeft: left });
    expect(await pin.unlock('9999')).toEqual({ ok: false, lockedUntil: 61_000 });
    expect(await pin.unlock('1234')).toEqual({ ok: false, lockedUntil: 61_000 });
    now = 61_000;
    expect(await pin.unlock('1234')).toEqual({ ok: true });
    expect(pin.problem.value).toBeNull();
  });

  test('a store that fails is reported as the model’s problem, never thrown; it clears once the store works', async () => {
    let broken = true;
    const fail = () => Promise.reject(new StorageError('unavailable'));
    let stored: StaffPinRecord | null = null;
    const store = {
      read: async () => (broken ? fail() : stored),
      save: async (r: StaffPinRecord) => (broken ? fail() : void (stored = r)),
    };
    const pin = createPinModel({ store, clock: { now: () => 0 } });
    await expect(pin.load()).resolves.toBeUndefined();
    expect(pin.state.value).toEqual({ kind: 'loading' });
    expect(pin.problem.value).toEqual({ kind: 'storage', problem: 'unavailable' });
    expect(await pin.unlock('1234')).toEqual({ ok: false, storageFailed: true });
    broken = false;
    await pin.load();
    expect(pin.problem.value).toBeNull();
    expect(pin.state.value).toEqual({ kind: 'unset' });
    broken = true;
    expect(await pin.setPin('1234', '1234')).toEqual({ ok: false, problem: null });
    expect(pin.problem.value).toEqual({ kind: 'storage', problem: 'unavailable' });
  });
});
