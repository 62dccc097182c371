import { signal } from '@preact/signals';
import { afterRightPin, afterWrongPin, checkNewPin, lockedUntil, PIN_ITERATIONS, PIN_TRIES, type PinProblem } from '../core/staff-pin.ts';
import type { Clock } from '../core/ports.ts';
import { fromBase64, hashPin, newSalt, sameText, toBase64 } from '../platform/pin-hash.ts';
import type { PinStore } from '../storage/pin-store.ts';

/** Where the staff PIN stands. */
export type PinState = { kind: 'loading' } | { kind: 'unset' } | { kind: 'set'; lockedUntil: number | null };

/** What entering a PIN did. */
export type UnlockOutcome = { ok: true } | { ok: false; triesLeft: number } | { ok: false; lockedUntil: number };

/** The staff PIN that guards Settings. The board and Table ready never ask for it. */
export function createPinModel({ store, clock }: { store: PinStore; clock: Clock }) {
  const state = signal<PinState>({ kind: 'loading' });
  const load = async () => {
    const record = await store.read();
    state.value = record ? { kind: 'set', lockedUntil: lockedUntil(record, clock.now()) } : { kind: 'unset' };
  };
  return {
    state,
    load,
    /** Sets the first PIN (or a new one, once unlocked). */
    async setPin(pin: string, again: string): Promise<PinProblem | null> {
      const checked = checkNewPin(pin, again);
      if (!checked.ok) return checked.error;
      const salt = newSalt();
      const hash = await hashPin(checked.value, salt, PIN_ITERATIONS);
      await store.save({ salt: toBase64(salt), hash, iterations: PIN_ITERATIONS, failures: 0, lockouts: 0, lockedUntil: 0 });
      await load();
      return null;
    },
    /** Checks a PIN; counts wrong ones and locks entry after the fifth. */
    async unlock(pin: string): Promise<UnlockOutcome> {
      const record = await store.read();
      if (!record) return { ok: true };
      const now = clock.now();
      const locked = lockedUntil(record, now);
      if (locked) return { ok: false, lockedUntil: locked };
      const right = sameText(await hashPin(pin, fromBase64(record.salt), record.iterations), record.hash);
      const next = right ? afterRightPin(record) : afterWrongPin(record, now);
      await store.save(next);
      await load();
      if (right) return { ok: true };
      const lockedNow = lockedUntil(next, now);
      return lockedNow ? { ok: false, lockedUntil: lockedNow } : { ok: false, triesLeft: PIN_TRIES - next.failures };
    },
  };
}

/** The PIN model. */
export type PinModel = ReturnType<typeof createPinModel>;
