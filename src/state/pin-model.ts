import { signal } from '@preact/signals';
import { PBKDF2_ITERATIONS } from '../core/key-derivation.ts';
import {
  afterRightPin,
  afterWrongPin,
  checkNewPin,
  lockedUntil,
  PIN_TRIES,
  type PinProblem,
} from '../core/staff-pin.ts';
import type { Clock } from '../core/ports.ts';
import { fromBase64, hashPin, newSalt, sameText, toBase64 } from '../platform/pin-hash.ts';
import type { PinStore } from '../storage/pin-store.ts';
import { createProblemReport } from './problem.ts';

/** Where the staff PIN stands. */
export type PinState = { kind: 'loading' } | { kind: 'unset' } | { kind: 'set'; lockedUntil: number | null };

/** What choosing a PIN did; `problem` is null when storage failed (see the model's `problem`). */
export type SetPinOutcome = { ok: true } | { ok: false; problem: PinProblem | null };

/** What entering a PIN did; `storageFailed` means nothing was checked (see the model's `problem`). */
export type UnlockOutcome =
  | { ok: true }
  | { ok: false; triesLeft: number }
  | { ok: false; lockedUntil: number }
  | { ok: false; storageFailed: true };

/** The staff PIN that guards Settings. The board and Table ready never ask for it. */
export function createPinModel({ store, clock }: { store: PinStore; clock: Clock }) {
  const state = signal<PinState>({ kind: 'loading' });
  const problems = createProblemReport();
  const read = async () => {
    const record = await store.read();
    state.value = record ? { kind: 'set', lockedUntil: lockedUntil(record, clock.now()) } : { kind: 'unset' };
  };
  return {
    state,
    problem: problems.problem,
    /** Reads where the PIN stands; a storage failure shows as `problem`, never as a rejection. */
    async load(): Promise<void> {
      try {
        await read();
        problems.clear();
      } catch (error) {
        problems.fail(error);
      }
    },
    /** Sets the first PIN (or a new one, once unlocked). */
    async setPin(pin: string, again: string): Promise<SetPinOutcome> {
      const checked = checkNewPin(pin, again);
      if (!checked.ok) return { ok: false, problem: checked.error };
      try {
        const salt = newSalt();
        const hash = await hashPin(checked.value, salt, PBKDF2_ITERATIONS);
        await store.save({
          salt: toBase64(salt),
          hash,
          iterations: PBKDF2_ITERATIONS,
          failures: 0,
          lockouts: 0,
          lockedUntil: 0,
        });
        await read();
        problems.clear();
        return { ok: true };
      } catch (error) {
        problems.fail(error);
        return { ok: false, problem: null };
      }
    },
    /** Checks a PIN; counts wrong ones and locks entry after the last try. */
    async unlock(pin: string): Promise<UnlockOutcome> {
      try {
        const record = await store.read();
        if (!record) return { ok: true };
        const now = clock.now();
        const locked = lockedUntil(record, now);
        if (locked) return { ok: false, lockedUntil: locked };
        const right = sameText(await hashPin(pin, fromBase64(record.salt), record.iterations), record.hash);
        const next = right ? afterRightPin(record) : afterWrongPin(record, now);
        await store.save(next);
        await read();
        problems.clear();
        if (right) return { ok: true };
        const lockedNow = lockedUntil(next, now);
        return lockedNow ? { ok: false, lockedUntil: lockedNow } : { ok: false, triesLeft: PIN_TRIES - next.failures };
      } catch (error) {
        problems.fail(error);
        return { ok: false, storageFailed: true };
      }
    },
  };
}

/** The PIN model. */
export type PinModel = ReturnType<typeof createPinModel>;
