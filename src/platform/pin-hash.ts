import { PBKDF2_ITERATIONS } from '../core/key-derivation.ts';
import { formatRecoveryCode, RECOVERY_CODE_BYTES } from '../core/recovery-code.ts';
import type { SlowHash } from '../core/staff-pin.ts';

/** PBKDF2-SHA256 of a PIN with a salt, as base64. Web Crypto: no hand-written cryptography. */
export async function hashPin(pin: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return toBase64(new Uint8Array(bits));
}

/** A fresh one-time recovery code for a forgotten PIN, from the browser's secure random source. */
export const newRecoveryCode = (): string =>
  formatRecoveryCode(crypto.getRandomValues(new Uint8Array(RECOVERY_CODE_BYTES)));

/** A fresh random salt. */
export const newSalt = (): Uint8Array => crypto.getRandomValues(new Uint8Array(16));

export const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
export const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Compares two strings in time that does not depend on where they differ. */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A new salted slow hash of what a person typed, at today's work factor. */
export async function slowHash(text: string): Promise<SlowHash> {
  const salt = newSalt();
  return { salt: toBase64(salt), hash: await hashPin(text, salt, PBKDF2_ITERATIONS), iterations: PBKDF2_ITERATIONS };
}

/** Whether what a person typed is what `hashed` was made from (at its own salt and work factor). */
export async function matchesHash(text: string, hashed: SlowHash): Promise<boolean> {
  return sameText(await hashPin(text, fromBase64(hashed.salt), hashed.iterations), hashed.hash);
}
