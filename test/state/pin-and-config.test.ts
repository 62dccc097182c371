import { describe, expect, test } from 'vitest';
import { parseConfigFile, toConfigFile } from '../../src/core/config-file.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import type { StaffPinRecord } from '../../src/core/staff-pin.ts';
import { openSecret, sealSecret } from '../../src/platform/config-crypto.ts';
import { createPinModel } from '../../src/state/pin-model.ts';

describe('the staff PIN model (Web Crypto PBKDF2)', () => {
  test('set, unlock with the right PIN, count wrong ones, lock after five, refuse even the right one while locked', async () => {
    let stored: StaffPinRecord | null = null;
    let now = 1_000;
    const pin = createPinModel({ store: { read: async () => stored, save: async (r) => void (stored = r) }, clock: { now: () => now } });
    await pin.load();
    expect(pin.state.value).toEqual({ kind: 'unset' });
    expect(await pin.setPin('12a4', '12a4')).toBe('not_digits');
    expect(await pin.setPin('1234', '4321')).toBe('mismatch');
    expect(await pin.setPin('1234', '1234')).toBeNull();
    expect(JSON.stringify(stored)).not.toContain('1234');
    expect(await pin.unlock('1234')).toEqual({ ok: true });
    for (let left = 4; left >= 1; left--) expect(await pin.unlock('9999')).toEqual({ ok: false, triesLeft: left });
    expect(await pin.unlock('9999')).toEqual({ ok: false, lockedUntil: 61_000 });
    expect(await pin.unlock('1234')).toEqual({ ok: false, lockedUntil: 61_000 });
    now = 61_000;
    expect(await pin.unlock('1234')).toEqual({ ok: true });
  });
});

describe('configuration files', () => {
  test('round trip without the secret; any other JSON is refused', () => {
    const text = JSON.stringify(toConfigFile(SANDBOX_SETTINGS));
    expect(text).not.toContain(SANDBOX_SETTINGS.appSecret);
    const parsed = parseConfigFile(text);
    expect(parsed.ok && parsed.value.settings.venueName).toBe('Demo Bistro');
    for (const bad of ['', 'null', '{}', '{"format":"waitbell-config","version":2,"settings":{}}', JSON.stringify({ ...JSON.parse(text), settings: { venueName: 1 } })]) {
      expect(parseConfigFile(bad)).toEqual({ ok: false, error: 'not_config' });
    }
  });

  test('the sealed secret opens only with its passphrase, and not once changed', async () => {
    const sealed = await sealSecret('S3cret', 'correct horse');
    expect(JSON.stringify(sealed)).not.toContain('S3cret');
    expect(await openSecret(sealed, 'correct horse')).toBe('S3cret');
    expect(await openSecret(sealed, 'wrong horse')).toBeNull();
    const flipped = { ...sealed, ciphertext: sealed.ciphertext.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    expect(await openSecret(flipped, 'correct horse')).toBeNull();
  });
});
