/** Characters of a recovery code: Crockford's base 32, with no I, L, O or U to misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random bytes a recovery code is made of: 80 bits, 16 characters. */
export const RECOVERY_CODE_BYTES = 10;

/** A one-time code to reset a forgotten PIN, from 10 random bytes, shown as XXXX-XXXX-XXXX-XXXX. */
export function formatRecoveryCode(bytes: Uint8Array): string {
  if (bytes.length !== RECOVERY_CODE_BYTES) throw new RangeError(`A recovery code takes ${RECOVERY_CODE_BYTES} bytes.`);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-'); // 80 bits make exactly 16 characters
}

/**
 * A typed recovery code in the form it was issued, or null if it cannot be one: case, spaces and
 * dashes do not matter, and O, I and L are read as 0, 1 and 1 (as Crockford's alphabet intends).
 */
export function normalizeRecoveryCode(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== 16 || [...plain].some((c) => !ALPHABET.includes(c))) return null;
  return plain.match(/.{4}/g)!.join('-'); // checked to be 16 characters just above
}
