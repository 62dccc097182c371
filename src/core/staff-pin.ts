import { err, ok, type Result } from './result.ts';

/** Wrong tries before entry locks. */
export const PIN_TRIES = 5;
/** The first lock; each further one doubles, up to the cap. */
export const PIN_LOCK_MS = 60_000;
/** The longest lock, however many came before. */
export const PIN_LOCK_CAP_MS = 60 * 60_000;
/** A PIN's length in digits. */
export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = 8;

/** A salted slow hash (PBKDF2-SHA256) of something a person types, all base64: never the thing itself. */
export interface SlowHash {
  salt: string;
  hash: string;
  iterations: number;
}

/** The stored PIN: never the PIN itself, only a salted slow hash, and the lockout counters. */
export interface StaffPinRecord extends SlowHash {
  failures: number;
  lockouts: number;
  lockedUntil: number;
  /** The recovery code's hash; absent on PINs chosen before recovery codes existed. */
  recovery?: SlowHash;
}

/** True for a value of SlowHash's shape (from a file, say). */
export const isSlowHash = (value: unknown): value is SlowHash => {
  const v = value as Partial<SlowHash> | null; // only read below, each field checked
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.salt === 'string' &&
    typeof v.hash === 'string' &&
    typeof v.iterations === 'number'
  );
};

/** Why a PIN was refused when setting it. */
export type PinProblem = 'not_digits' | 'mismatch';

/** A new PIN: PIN_MIN_DIGITS to PIN_MAX_DIGITS digits, typed twice the same. */
export function checkNewPin(pin: string, again: string): Result<string, PinProblem> {
  if (!/^\d+$/.test(pin) || pin.length < PIN_MIN_DIGITS || pin.length > PIN_MAX_DIGITS) return err('not_digits');
  if (pin !== again) return err('mismatch');
  return ok(pin);
}

/** Whether entry is locked now, and until when. */
export const lockedUntil = (record: StaffPinRecord, now: number): number | null =>
  record.lockedUntil > now ? record.lockedUntil : null;

/** The record after a wrong PIN: the fifth wrong try in a row locks entry, for longer each time. */
export function afterWrongPin(record: StaffPinRecord, now: number): StaffPinRecord {
  const failures = record.failures + 1;
  if (failures < PIN_TRIES) return { ...record, failures };
  const lock = Math.min(PIN_LOCK_CAP_MS, PIN_LOCK_MS * 2 ** record.lockouts);
  return { ...record, failures: 0, lockouts: record.lockouts + 1, lockedUntil: now + lock };
}

/** The record after the right PIN: counters start over. */
export const afterRightPin = (record: StaffPinRecord): StaffPinRecord => ({
  ...record,
  failures: 0,
  lockouts: 0,
  lockedUntil: 0,
});
