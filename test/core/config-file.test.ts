import { describe, expect, test } from 'vitest';
import { parseConfigFile, readSecrets, settingsInputFrom, toConfigFile } from '../../src/core/config-file.ts';
import { SANDBOX_SETTINGS, validateSettings } from '../../src/core/settings.ts';

describe('configuration files', () => {
  test('round trip without the secret; any other JSON is refused', () => {
    const text = JSON.stringify(toConfigFile(SANDBOX_SETTINGS));
    expect(text).not.toContain(SANDBOX_SETTINGS.appSecret);
    const parsed = parseConfigFile(text);
    expect(parsed.ok && parsed.value.settings.venueName).toBe('Demo Bistro');
    for (const bad of [
      '',
      'null',
      '{}',
      '{"format":"waitbell-config","version":2,"settings":{}}',
      JSON.stringify({ ...JSON.parse(text), settings: { venueName: 1 } }),
      JSON.stringify({
        ...JSON.parse(text),
        settings: { ...toConfigFile(SANDBOX_SETTINGS).settings, autoNoShow: 'yes' },
      }),
      JSON.stringify({
        ...JSON.parse(text),
        settings: { ...toConfigFile(SANDBOX_SETTINGS).settings, lateAfterMinutes: '15' },
      }),
    ]) {
      expect(parseConfigFile(bad)).toEqual({ ok: false, error: 'not_config' });
    }
  });

  test('the usual quotes travel with the file; a file without them keeps this tablet’s; a bad list is refused', () => {
    const venue = { ...SANDBOX_SETTINGS, defaultQuotes: [10, 25, 35, 50] as const };
    const secrets = { appSecret: venue.appSecret, deviceToken: venue.deviceToken };
    const parsed = parseConfigFile(JSON.stringify(toConfigFile(venue)));
    if (!parsed.ok) throw new Error('refused');
    expect(validateSettings(settingsInputFrom(parsed.value, SANDBOX_SETTINGS, secrets), SANDBOX_SETTINGS)).toEqual({
      ok: true,
      value: venue,
    });
    const { defaultQuotes: _q, ...before } = toConfigFile(SANDBOX_SETTINGS).settings;
    const old = parseConfigFile(JSON.stringify({ ...toConfigFile(SANDBOX_SETTINGS), settings: before }));
    if (!old.ok) throw new Error('refused');
    expect(settingsInputFrom(old.value, venue, secrets).defaultQuotes).toEqual([10, 25, 35, 50]);
    const bad = { ...toConfigFile(SANDBOX_SETTINGS), settings: { ...before, defaultQuotes: [10, '25', 35, 50] } };
    expect(parseConfigFile(JSON.stringify(bad))).toEqual({ ok: false, error: 'not_config' });
  });

  test('the call rules travel with the file and come back as they were', () => {
    const venue = { ...SANDBOX_SETTINGS, lateAfterMinutes: 15, autoNoShow: true };
    const parsed = parseConfigFile(JSON.stringify(toConfigFile(venue)));
    if (!parsed.ok) throw new Error('refused');
    const secrets = { appSecret: venue.appSecret, deviceToken: venue.deviceToken };
    const form = settingsInputFrom(parsed.value, SANDBOX_SETTINGS, secrets);
    expect(validateSettings(form, SANDBOX_SETTINGS)).toEqual({ ok: true, value: venue });
  });

  test('a file written before the call rules existed still imports; this tablet keeps its own rules', () => {
    const { lateAfterMinutes: _l, autoNoShow: _a, ...before } = toConfigFile(SANDBOX_SETTINGS).settings;
    const old = JSON.stringify({ format: 'waitbell-config', version: 1, settings: { ...before, venueName: 'Old' } });
    const parsed = parseConfigFile(old);
    if (!parsed.ok) throw new Error('refused');
    const saved = { ...SANDBOX_SETTINGS, lateAfterMinutes: 20, autoNoShow: true };
    const form = settingsInputFrom(parsed.value, saved, { appSecret: '', deviceToken: '' });
    expect(validateSettings(form, saved)).toMatchObject({
      ok: true,
      value: { venueName: 'Old', lateAfterMinutes: 20, autoNoShow: true },
    });
  });

  test('sealed secrets: the recovery code’s hash rides along when there is one; a wrong shape is refused', () => {
    const recovery = { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 310_000 };
    expect(readSecrets(JSON.stringify({ appSecret: 'a', deviceToken: 'b', recovery }))).toEqual({
      appSecret: 'a',
      deviceToken: 'b',
      recovery,
    });
    expect(readSecrets(JSON.stringify({ appSecret: 'a', deviceToken: 'b' }))).toEqual({
      appSecret: 'a',
      deviceToken: 'b',
    });
    expect(readSecrets(JSON.stringify({ appSecret: 'a', deviceToken: 'b', recovery: { hash: 1 } }))).toBeNull();
    expect(readSecrets('not json')).toBeNull();
  });
});
