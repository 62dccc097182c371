import { signal } from '@preact/signals';
import { normalizeRecoveryCode } from '../core/recovery-code.ts';
import {
  afterRightPin,
  afterWrongPin,
  checkNewPin,
  lockedUntil,
  PIN_TRIES,
  type PinProblem,
  type StaffPinRecord,
} from '../core/staff-pin.ts';
import type { Clock } from '../core/ports.ts';
import { matchesHash, newRecoveryCode, slowHash } from '../platform/pin-hash.ts';
import type { PinStore } from '../storage/pin-store.ts';
import { createProblemReport } from './problem.ts';
import type { SharedSettingsSync } from './shared-settings-sync.ts';

/** Where the staff PIN stands; `hasRecovery` is false for a PIN chosen before recovery codes existed. */
export type PinState =
  { kind: 'loading' } | { kind: 'unset' } | { kind: 'set'; lockedUntil: number | null; hasRecovery: boolean };

/** What choosing a PIN did: the new recovery code to show once, to be confirmed before anything is saved. */
export type SetPinOutcome =
  { ok: true; recoveryCode: string } | { ok: false; problem: PinProblem | 'not_allowed' | null };

/** What entering a PIN did; a `recoveryCode` is the one to show once for a PIN that had none yet. */
export type UnlockOutcome =
  | { ok: true; recoveryCode?: string }
  | { ok: false; triesLeft: number }
  | { ok: false; lockedUntil: number }
  | { ok: false; storageFailed: true };

/** What typing a recovery code did; after `ok`, choosePin may set a new PIN. Wrong codes count as wrong PINs. */
export type RecoverOutcome =
  | { ok: true }
  | { ok: false; triesLeft: number }
  | { ok: false; lockedUntil: number }
  | { ok: false; storageFailed: true }
  | { ok: false; notACode: true }
  | { ok: false; noRecovery: true };

/** The staff PIN that guards Settings, and its one-time recovery code. The board and Table ready never ask for it. */
export function createPinModel({
  store,
  clock,
  shared,
}: {
  store: PinStore;
  clock: Clock;
  /** The venue's shared settings: a new PIN's hash goes to every tablet of the venue. */
  shared?: SharedSettingsSync;
}) {
  const state = signal<PinState>({ kind: 'loading' });
  const problems = createProblemReport();
  // Hashes waiting for the owner to confirm they wrote the code down; never the code or the PIN.
  let pending: StaffPinRecord | null = null;
  let resetAllowed = false;
  // What opened Settings (the PIN, or a recovery code), for the venue server's owner actions: memory only,
  // never stored or logged, forgotten when Settings close. `chosen`: a new PIN, which counts once it is uploaded.
  let opened: string | null = null;
  let chosen: string | null = null;
  let uploading: string | null = null;
  const read = async () => {
    const record = await store.read();
    state.value = record
      ? { kind: 'set', lockedUntil: lockedUntil(record, clock.now()), hasRecovery: record.recovery !== undefined }
      : { kind: 'unset' };
    return record;
  };
  /** Runs a step against storage; a failure becomes the model's problem and `failed`. */
  async function guarded<T>(step: () => Promise<T>, failed: T): Promise<T> {
    try {
      const result = await step();
      problems.clear();
      return result;
    } catch (error) {
      problems.fail(error);
      return failed;
    }
  }
  /** Checks something typed against the record, counting a wrong one toward the lockout. */
  async function check(record: StaffPinRecord, right: boolean) {
    const now = clock.now();
    const next = right ? afterRightPin(record) : afterWrongPin(record, now);
    await store.save(next);
    await read();
    const lockedNow = lockedUntil(next, now);
    return { next, wrong: lockedNow ? { lockedUntil: lockedNow } : { triesLeft: PIN_TRIES - next.failures } };
  }
  return {
    state,
    problem: problems.problem,
    /** Reads where the PIN stands; a storage failure shows as `problem`, never as a rejection. */
    load: () => guarded(async () => void (await read()), undefined),
    /** Prepares the first PIN (or a new one after a right recovery code) with a new recovery code; saved on confirm. */
    async choosePin(pin: string, again: string): Promise<SetPinOutcome> {
      const checked = checkNewPin(pin, again);
      if (!checked.ok) return { ok: false, problem: checked.error };
      return guarded(
        async (): Promise<SetPinOutcome> => {
          if ((await store.read()) !== null && !resetAllowed) return { ok: false, problem: 'not_allowed' };
          const recoveryCode = newRecoveryCode();
          chosen = checked.value;
          const [hashed, recovery] = await Promise.all([slowHash(checked.value), slowHash(recoveryCode)]);
          pending = { ...hashed, failures: 0, lockouts: 0, lockedUntil: 0, recovery };
          return { ok: true, recoveryCode };
        },
        { ok: false, problem: null },
      );
    },
    /** Saves what choosePin (or unlock) prepared, once the owner confirmed the code is written down; false if nothing was saved. */
    confirmRecoveryCode: () =>
      guarded(async () => {
        if (!pending) return false;
        await shared?.noteChange(['pinHash']); // before it is saved: a crash between the two re-uploads it
        await store.save(pending);
        pending = null;
        resetAllowed = false;
        uploading = chosen ?? uploading;
        chosen = null;
        await read();
        void shared?.push();
        return true;
      }, false),
    /** Forgets anything prepared and not confirmed: the saved PIN and recovery code stay as they were. */
    cancel(): void {
      pending = null;
      resetAllowed = false;
      chosen = null;
    },
    /** The PIN (or recovery code) that opened Settings, while they are open: the venue server's owner actions need it. */
    staffPin: (): string | null => opened,
    /** A PIN chosen here reached the venue server: owner actions now need it. */
    pinUploaded(): void {
      if (uploading !== null) opened = uploading;
      uploading = null;
    },
    /** Settings closed: the PIN that opened them is forgotten. */
    forget(): void {
      opened = null;
      chosen = null;
      uploading = null;
    },
    /** Checks a PIN; counts wrong ones and locks entry after the last try. */
    unlock: (pin: string) =>
      guarded(
        async (): Promise<UnlockOutcome> => {
          const record = await store.read();
          if (!record) return { ok: true };
          const locked = lockedUntil(record, clock.now());
          if (locked) return { ok: false, lockedUntil: locked };
          const right = await matchesHash(pin, record);
          const { next, wrong } = await check(record, right);
          if (!right) return { ok: false, ...wrong };
          opened = pin;
          if (record.recovery) return { ok: true };
          // A PIN from before recovery codes: it gets one now, shown once.
          const recoveryCode = newRecoveryCode();
          pending = { ...next, recovery: await slowHash(recoveryCode) };
          return { ok: true, recoveryCode };
        },
        { ok: false, storageFailed: true },
      ),
    /** Checks a recovery code for a forgotten PIN; a wrong one counts like a wrong PIN. */
    recover: (typed: string) =>
      guarded(
        async (): Promise<RecoverOutcome> => {
          const record = await store.read();
          if (!record?.recovery) return { ok: false, noRecovery: true };
          const locked = lockedUntil(record, clock.now());
          if (locked) return { ok: false, lockedUntil: locked };
          const code = normalizeRecoveryCode(typed);
          if (code === null) return { ok: false, notACode: true };
          const right = await matchesHash(code, record.recovery);
          const { wrong } = await check(record, right);
          resetAllowed = right;
          if (right) opened = code;
          return right ? { ok: true } : { ok: false, ...wrong };
        },
        { ok: false, storageFailed: true },
      ),
  };
}

/** The PIN model. */
export type PinModel = ReturnType<typeof createPinModel>;
