import { describe, expect, test } from 'vitest';
import type { StaffPinRecord } from '../../src/core/staff-pin.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import { hashPin, newSalt, toBase64 } from '../../src/platform/pin-hash.ts';
import { StorageError } from '../../src/storage/storage-error.ts';

/** A PIN model over an in-memory record, with a clock the test moves. */
function setup(initial: StaffPinRecord | null = null) {
  const box = { stored: initial, now: 1_000 };
  const pin = createPinModel({
    store: {
      read: async () => box.stored,
      save: async (r) => void (box.stored = r),
      clear: async () => void (box.stored = null),
    },
    clock: { now: () => box.now },
  });
  return { pin, box };
}

/** Chooses a PIN on a new tablet and confirms the recovery code; returns the code. */
async function choose(pin: ReturnType<typeof setup>['pin'], value: string): Promise<string> {
  const chosen = await pin.choosePin(value, value);
  if (!chosen.ok) throw new Error(`PIN refused: ${String(chosen.problem)}`);
  expect(await pin.confirmRecoveryCode()).toBe(true);
  return chosen.recoveryCode;
}

describe('the staff PIN model (Web Crypto PBKDF2)', () => {
  test('set, unlock with the right PIN, count wrong ones, lock after five, refuse even the right one while locked', async () => {
    const { pin, box } = setup();
    await pin.load();
    expect(pin.state.value).toEqual({ kind: 'unset' });
    expect(await pin.choosePin('12a4', '12a4')).toEqual({ ok: false, problem: 'not_digits' });
    expect(await pin.choosePin('123', '123')).toEqual({ ok: false, problem: 'not_digits' });
    expect(await pin.choosePin('1234', '4321')).toEqual({ ok: false, problem: 'mismatch' });
    await choose(pin, '1234');
    expect(JSON.stringify(box.stored)).not.toContain('1234');
    expect(await pin.unlock('1234')).toEqual({ ok: true });
    for (let left = 4; left >= 1; left--) expect(await pin.unlock('9999')).toEqual({ ok: false, triesLeft: left });
    expect(await pin.unlock('9999')).toEqual({ ok: false, lockedUntil: 61_000 });
    expect(await pin.unlock('1234')).toEqual({ ok: false, lockedUntil: 61_000 });
    box.now = 61_000;
    expect(await pin.unlock('1234')).toEqual({ ok: true });
    expect(pin.problem.value).toBeNull();
  });

  test('the PIN that opened Settings is held in memory for the venue server, never stored, and forgotten when they close', async () => {
    const { pin, box } = setup();
    await choose(pin, '4821');
    expect(pin.staffPin()).toBeNull(); // a first PIN counts once the venue server has it
    pin.pinUploaded();
    expect(pin.staffPin()).toBe('4821');
    pin.forget();
    expect(pin.staffPin()).toBeNull();
    expect(await pin.unlock('0000')).toMatchObject({ ok: false });
    expect(pin.staffPin()).toBeNull();
    expect(await pin.unlock('4821')).toEqual({ ok: true });
    expect(pin.staffPin()).toBe('4821');
    expect(JSON.stringify(box.stored)).not.toContain('4821');
    pin.forget();
    expect(pin.staffPin()).toBeNull();
  });

  test('a new PIN is saved only once its recovery code is confirmed; the record keeps only hashes of both', async () => {
    const { pin, box } = setup();
    const chosen = await pin.choosePin('2468', '2468');
    expect(chosen).toMatchObject({ ok: true, recoveryCode: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/) });
    expect(box.stored).toBeNull(); // not confirmed yet
    pin.cancel();
    expect(await pin.confirmRecoveryCode()).toBe(false);
    expect(box.stored).toBeNull();
    const code = await choose(pin, '2468');
    expect(box.stored?.recovery).toMatchObject({ salt: expect.any(String), hash: expect.any(String) });
    expect(JSON.stringify(box.stored)).not.toContain(code);
    expect(JSON.stringify(box.stored)).not.toContain(code.replace(/-/g, ''));
    expect(pin.state.value).toEqual({ kind: 'set', lockedUntil: null, hasRecovery: true });
  });

  test('Forgot PIN: the recovery code, typed loosely, allows a new PIN and a new code; the old code and PIN stop working', async () => {
    const { pin } = setup();
    const first = await choose(pin, '1111');
    expect(await pin.choosePin('2222', '2222')).toEqual({ ok: false, problem: 'not_allowed' }); // no code yet
    expect(await pin.recover(first.toLowerCase().replace(/-/g, ' '))).toEqual({ ok: true });
    const second = await choose(pin, '2222');
    expect(second).not.toBe(first);
    expect(await pin.unlock('2222')).toEqual({ ok: true });
    expect(await pin.unlock('1111')).toEqual({ ok: false, triesLeft: 4 });
    expect(await pin.recover(first)).toEqual({ ok: false, triesLeft: 3 });
    expect(await pin.recover(second)).toEqual({ ok: true });
  });

  test('wrong recovery codes count toward the same lockout as wrong PINs; what cannot be a code is not counted', async () => {
    const { pin, box } = setup();
    const code = await choose(pin, '1234');
    expect(await pin.recover('not a code')).toEqual({ ok: false, notACode: true });
    expect(await pin.unlock('0000')).toEqual({ ok: false, triesLeft: 4 });
    expect(await pin.recover('0000-0000-0000-0000')).toEqual({ ok: false, triesLeft: 3 });
    expect(await pin.unlock('0000')).toEqual({ ok: false, triesLeft: 2 });
    expect(await pin.recover('0000-0000-0000-0001')).toEqual({ ok: false, triesLeft: 1 });
    expect(await pin.recover('0000-0000-0000-0002')).toEqual({ ok: false, lockedUntil: 61_000 });
    expect(await pin.recover(code)).toEqual({ ok: false, lockedUntil: 61_000 }); // even the right one, while locked
    box.now = 61_000;
    for (let i = 0; i < 5; i++) await pin.recover('0000-0000-0000-0000');
    expect(pin.state.value).toMatchObject({ lockedUntil: 61_000 + 120_000 }); // the second lock is twice as long
  });

  test('a PIN saved before recovery codes: Forgot PIN says there is none; the right PIN gets one, shown once', async () => {
    const salt = newSalt();
    const old: StaffPinRecord = {
      salt: toBase64(salt),
      hash: await hashPin('1357', salt, 1_000),
      iterations: 1_000,
      failures: 0,
      lockouts: 0,
      lockedUntil: 0,
    };
    const { pin, box } = setup(old);
    await pin.load();
    expect(pin.state.value).toEqual({ kind: 'set', lockedUntil: null, hasRecovery: false });
    expect(await pin.recover('0000-0000-0000-0000')).toEqual({ ok: false, noRecovery: true });
    const unlocked = await pin.unlock('1357');
    expect(unlocked).toMatchObject({ ok: true, recoveryCode: expect.any(String) });
    expect(box.stored?.recovery).toBeUndefined(); // until confirmed
    expect(await pin.confirmRecoveryCode()).toBe(true);
    expect(await pin.unlock('1357')).toEqual({ ok: true }); // the PIN is unchanged, no second code
    const code = unlocked.ok ? unlocked.recoveryCode! : ''; // checked to be a string just above
    expect(await pin.recover(code)).toEqual({ ok: true });
  });

  test('a store that fails is reported as the model’s problem, never thrown; it clears once the store works', async () => {
    let broken = true;
    const fail = () => Promise.reject(new StorageError('unavailable'));
    let stored: StaffPinRecord | null = null;
    const store = {
      read: async () => (broken ? fail() : stored),
      save: async (r: StaffPinRecord) => (broken ? fail() : void (stored = r)),
      clear: async () => (broken ? fail() : void (stored = null)),
    };
    const pin = createPinModel({ store, clock: { now: () => 0 } });
    await expect(pin.load()).resolves.toBeUndefined();
    expect(pin.state.value).toEqual({ kind: 'loading' });
    expect(pin.problem.value).toEqual({ kind: 'storage', problem: 'unavailable' });
    expect(await pin.unlock('1234')).toEqual({ ok: false, storageFailed: true });
    expect(await pin.recover('0000-0000-0000-0000')).toEqual({ ok: false, storageFailed: true });
    broken = false;
    await pin.load();
    expect(pin.problem.value).toBeNull();
    expect(pin.state.value).toEqual({ kind: 'unset' });
    expect(await pin.choosePin('1234', '1234')).toMatchObject({ ok: true });
    broken = true;
    expect(await pin.confirmRecoveryCode()).toBe(false);
    expect(pin.problem.value).toEqual({ kind: 'storage', problem: 'unavailable' });
  });
});
