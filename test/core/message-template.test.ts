import { describe, expect, test } from 'vitest';
import { characterCount, checkTemplate, DEFAULT_TEMPLATE, renderMessage } from '../../src/core/message-template.ts';
import { prepareNotification } from '../../src/core/notify.ts';
import { SANDBOX_SETTINGS, validateSettings, type SettingsInput } from '../../src/core/settings.ts';
import { aParty } from '../support/parties.ts';

describe('message templates', () => {
  test('fills {name}, {venue} and {size}, each as often as it appears', () => {
    expect(renderMessage('{name}: table for {size} at {venue}. {name}!', { name: 'Ana', venue: 'Casa', size: 4 })).toBe(
      'Ana: table for 4 at Casa. Ana!',
    );
    expect(renderMessage(DEFAULT_TEMPLATE, { name: 'Ana', venue: 'Demo Bistro', size: 2 })).toBe(
      'Ana, your table at Demo Bistro is ready! Please come to the host stand.',
    );
  });

  test('a name that looks like a placeholder is not filled in again', () => {
    expect(renderMessage('{name} at {venue}', { name: '{venue}', venue: 'Casa', size: 1 })).toBe('{venue} at Casa');
  });

  test('refuses empty templates and unknown placeholders, naming the culprit', () => {
    expect(checkTemplate('  ')).toEqual({ ok: false, error: { kind: 'empty' } });
    expect(checkTemplate('Hi {nmae}')).toEqual({ ok: false, error: { kind: 'unknown_placeholder', placeholder: '{nmae}' } });
    expect(checkTemplate('Hi {}')).toEqual({ ok: false, error: { kind: 'unknown_placeholder', placeholder: '{}' } });
    expect(checkTemplate(' {name} ')).toEqual({ ok: true, value: '{name}' });
  });

  test('counts characters as people do', () => {
    expect(characterCount('José 👍')).toBe(6);
  });

  test('Table ready refuses a message over the limit instead of cutting it', () => {
    const party = aParty({ name: 'x'.repeat(60), pushedId: 'AbC123' });
    expect(prepareNotification(party, { ...SANDBOX_SETTINGS, contentLimit: 100 }, 'k', 5)).toEqual({
      ok: false,
      error: { kind: 'too_long', length: 60 + DEFAULT_TEMPLATE.length - '{name}{venue}'.length + 'Demo Bistro'.length, limit: 100 },
    });
  });
});

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
    const other = validateSettings(input({ apiBaseUrl: 'https://API.pushed.co.evil.example/1' }), SANDBOX_SETTINGS, allowed);
    expect(other.ok ? [] : other.error).toEqual([{ field: 'apiBaseUrl', problem: 'not_allowed' }]);
  });

  test('via the relay: its URL and the device token are needed, the app key and secret are not', () => {
    const relay = (over: Partial<SettingsInput>, saved = { ...SANDBOX_SETTINGS, deviceToken: '', appKey: '', appSecret: '' }) => {
      const result = validateSettings(input({ route: 'relay', appKey: '', ...over }), saved, ['https://api.pushed.co', 'https://relay.example']);
      return result.ok ? 'ok' : result.error.map((p) => `${p.field}:${p.problem}`);
    };
    expect(relay({ relayUrl: 'https://relay.example/1', deviceToken: 'Tablet-01_abc' })).toBe('ok');
    expect(relay({ relayUrl: '', deviceToken: '' })).toEqual(['relayUrl:not_a_url', 'deviceToken:required']);
    expect(relay({ relayUrl: 'https://other.example/1', deviceToken: 'short' })).toEqual(['relayUrl:not_allowed', 'deviceToken:bad_characters']);
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
    expect(result.ok ? [] : result.error.map((p) => `${p.field}:${typeof p.problem === 'string' ? p.problem : p.problem.kind}`)).toEqual([
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
});
