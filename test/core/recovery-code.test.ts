import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_BYTES } from '../../src/core/recovery-code.ts';

describe('PIN recovery code', () => {
  test('ten bytes make four groups of four unambiguous characters', () => {
    expect(formatRecoveryCode(new Uint8Array(10))).toBe('0000-0000-0000-0000');
    expect(formatRecoveryCode(new Uint8Array(10).fill(255))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(() => formatRecoveryCode(new Uint8Array(9))).toThrow(RangeError);
  });

  test('any code reads back as itself however it is typed: lower case, spaces, O for 0, I or L for 1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: RECOVERY_CODE_BYTES, maxLength: RECOVERY_CODE_BYTES }), (bytes) => {
        const code = formatRecoveryCode(bytes);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
        expect(normalizeRecoveryCode(code)).toBe(code);
        const sloppy = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
        expect(normalizeRecoveryCode(sloppy)).toBe(code);
      }),
      { seed: 20261128, numRuns: 500 },
    );
  });

  test('different bytes give different codes', () => {
    const a = new Uint8Array(10);
    const b = new Uint8Array(10);
    b[9] = 1;
    expect(formatRecoveryCode(a)).not.toBe(formatRecoveryCode(b));
  });

  test('what cannot be a code is refused', () => {
    expect(normalizeRecoveryCode('')).toBeNull();
    expect(normalizeRecoveryCode('0000-0000-0000-000')).toBeNull();
    expect(normalizeRecoveryCode('0000-0000-0000-0000-0')).toBeNull();
    expect(normalizeRecoveryCode('0000-0000-0000-000U')).toBeNull();
    expect(normalizeRecoveryCode('0000-0000-0000-000!')).toBeNull();
  });
});
