import { describe, expect, test } from 'vitest';
import {
  SANDBOX_SETTINGS,
  validateSettings,
  withOtherRouteAsSaved,
  type SettingsInput,
} from '../../src/core/settings.ts';

describe('venue settings', () => {
  const input = (over: Partial<SettingsInput> = {}): SettingsInput => ({ ...SANDBOX_SETTINGS, appSecret: '', ...over });

  test('an empty secret keeps the saved one; a typed one replaces it', () => {
    expect(validateSettings(input(), SANDBOX_SETTINGS)).toEqual({ ok: true, value: SANDBOX_SETTINGS });
    const replaced = validateSettings(input({ appSecret: 'New0Secret' }), SANDBOX_SETTINGS);
    expect(replaced.ok && replaced.value.appSecret).toBe('New0Secret');
  });

  test('accepts the real API and the sandbox path; trims a trailing slash', () => {
    const real = validateSettings(input({ apiBaseUrl: 'https://api.pushed.co/1/' }), SANDBOX_SETTINGS);
    expect(real.ok && real.value.apiBaseUrl).toBe('https://api.pushed.co/1');
    expect(validateSettings(input({ apiBaseUrl: '/1' }), SANDBOX_SETTINGS).ok).toBe(true);
  });

  test('an absolute API URL must be one the security policy allows; a path on this server always is', () => {
    const allowed = ['https://api.pushed.co'];
    expect(validateSettings(input({ apiBaseUrl: 'https://api.pushed.co/1' }), SANDBOX_SETTINGS, allowed).ok).toBe(true);
    expect(validateSettings(input({ apiBaseUrl: '/1' }), SANDBOX_SETTINGS, allowed).ok).toBe(true);
    const other = validateSettings(
      input({ apiBaseUrl: 'https://API.pushed.co.evil.example/1' }),
      SANDBOX_SETTINGS,
      allowed,
    );
    expect(other.ok ? [] : other.error).toEqual([{ field: 'apiBaseUrl', problem: 'not_allowed' }]);
  });

  test('via the relay: its URL and the device token are needed, the app key and secret are not', () => {
    const relay = (
      over: Partial<SettingsInput>,
      saved = { ...SANDBOX_SETTINGS, deviceToken: '', appKey: '', appSecret: '' },
    ) => {
      const result = validateSettings(input({ route: 'relay', appKey: '', ...over }), saved, [
        'https://api.pushed.co',
        'https://relay.example',
      ]);
      return result.ok
        ? 'ok'
        : result.error.map((p) => `${p.field}:${typeof p.problem === 'string' ? p.problem : p.problem.kind}`);
    };
    expect(relay({ relayUrl: 'https://relay.example/1', deviceToken: 'Tablet-01_abc' })).toBe('ok');
    expect(relay({ relayUrl: '', deviceToken: '' })).toEqual(['relayUrl:not_a_url', 'deviceToken:required']);
    expect(relay({ relayUrl: 'https://other.example/1', deviceToken: 'short' })).toEqual([
      'relayUrl:not_allowed',
      'deviceToken:bad_characters',
    ]);
  });

  test('reports every bad field', () => {
    const result = validateSettings(
      input({
        route: 'direct',
        venueName: ' ',
        apiBaseUrl: 'ftp://x',
        appKey: 'has space',
        channelAlias: '',
        subscriptionLink: 'http://pushed.co/s/x',
        template: '{who}',
        contentLimit: '5',
      }),
      { ...SANDBOX_SETTINGS, appSecret: '' },
    );
    expect(
      result.ok
        ? []
        : result.error.map((p) => `${p.field}:${typeof p.problem === 'string' ? p.problem : p.problem.kind}`),
    ).toEqual([
      'venueName:required',
      'apiBaseUrl:not_a_url',
      'appKey:bad_characters',
      'appSecret:required',
      'channelAlias:required',
      'subscriptionLink:not_https',
      'template:unknown_placeholder',
      'contentLimit:out_of_range',
    ]);
  });

  test('Save reads only the chosen route: what was typed in the other view stays as saved', () => {
    const saved = { ...SANDBOX_SETTINGS, route: 'relay' as const };
    const typedThenLeft = input({
      route: 'relay',
      appKey: 'has space',
      appSecret: 'not a secret!',
      apiBaseUrl: 'ftp://x',
    });
    const read = withOtherRouteAsSaved(typedThenLeft, saved);
    expect(read).toMatchObject({ appKey: saved.appKey, appSecret: '', apiBaseUrl: saved.apiBaseUrl });
    expect(validateSettings(read, saved)).toEqual({ ok: true, value: saved });
    const direct = withOtherRouteAsSaved(input({ route: 'direct', relayUrl: 'nonsense', deviceToken: 'x' }), saved);
    expect(direct).toMatchObject({ relayUrl: saved.relayUrl, deviceToken: '' });
    expect(validateSettings(direct, saved)).toMatchObject({
      ok: true,
      value: { route: 'direct', deviceToken: saved.deviceToken },
    });
  });
});
