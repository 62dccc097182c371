import { describe, expect, test } from 'vitest';
import { parseConfigFile, toConfigFile } from '../../src/core/config-file.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';

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
    ]) {
      expect(parseConfigFile(bad)).toEqual({ ok: false, error: 'not_config' });
    }
  });
});
