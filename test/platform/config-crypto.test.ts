import { describe, expect, test } from 'vitest';
import { PBKDF2_ITERATIONS } from '../../src/core/key-derivation.ts';
import { openSecret, sealSecret } from '../../src/platform/config-crypto.ts';

describe('sealing the secret for a configuration file (Web Crypto)', () => {
  test('the sealed secret opens only with its passphrase, and not once changed', async () => {
    const sealed = await sealSecret('S3cret', 'correct horse');
    expect(sealed.iterations).toBe(PBKDF2_ITERATIONS);
    expect(JSON.stringify(sealed)).not.toContain('S3cret');
    expect(await openSecret(sealed, 'correct horse')).toBe('S3cret');
    expect(await openSecret(sealed, 'wrong horse')).toBeNull();
    const flipped = { ...sealed, ciphertext: sealed.ciphertext.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    expect(await openSecret(flipped, 'correct horse')).toBeNull();
  });
});
