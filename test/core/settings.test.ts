import { describe, expect, test } from 'vitest';
import { DEFAULT_LATE_AFTER_MINUTES } from '../../src/core/calls.ts';
import { DEFAULT_QUOTES } from '../../src/core/quote-estimator.ts';
import {
  absoluteUrl,
  isDemoAccount,
  limitForTemplate,
  PUSHED_ACCOUNT_FIELD_MAX_LENGTH,
  SANDBOX_SETTINGS,
  validateSettings,
  withDefaults,
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

  test('a real app key never goes out with the demo’s saved secret: Straight to Pushed asks for its own', () => {
    const direct = input({ route: 'direct', apiBaseUrl: 'https://api.pushed.co/1', appKey: 'RealKey1' });
    const refused = validateSettings(direct, SANDBOX_SETTINGS);
    expect(refused.ok ? [] : refused.error).toEqual([{ field: 'appSecret', problem: 'required' }]);
    const typed = validateSettings({ ...direct, appSecret: 'RealSecret1' }, SANDBOX_SETTINGS);
    expect(typed.ok && typed.value.appSecret).toBe('RealSecret1');
    // A real account's saved secret is kept as before when its key is corrected.
    const real = { ...SANDBOX_SETTINGS, route: 'direct' as const, appKey: 'RealKey1', appSecret: 'RealSecret1' };
    const kept = validateSettings({ ...direct, appKey: 'RealKey2' }, real);
    expect(kept.ok && kept.value.appSecret).toBe('RealSecret1');
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

  test('a message with a tab, a NUL or half a character is refused where it is typed (the venue server would refuse it); line breaks are fine', () => {
    for (const bad of ['{name},\tyour table', 'Ready\u0000 {name}', 'Ready {name} \ud83d'])
      expect(validateSettings(input({ gettingCloseTemplate: bad }), SANDBOX_SETTINGS)).toEqual({
        ok: false,
        error: [{ field: 'gettingCloseTemplate', problem: { kind: 'bad_characters' } }],
      });
    const lines = validateSettings(input({ template: '{name}:\nyour table is ready' }), SANDBOX_SETTINGS);
    expect(lines.ok && lines.value.template).toBe('{name}:\nyour table is ready');
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

  test('a key, secret or channel alias longer than the venue server keeps is refused at Save, not later by the server', () => {
    const fields = (over: Partial<SettingsInput>) => {
      const result = validateSettings(input({ route: 'direct', appSecret: 'Secret1', ...over }), SANDBOX_SETTINGS);
      return result.ok
        ? []
        : result.error.map((p) => `${p.field}:${typeof p.problem === 'string' ? p.problem : p.problem.kind}`);
    };
    const longest = 'A'.repeat(PUSHED_ACCOUNT_FIELD_MAX_LENGTH);
    expect(fields({ appKey: longest, appSecret: longest, channelAlias: longest })).toEqual([]);
    expect(fields({ appKey: `${longest}b`, appSecret: `${longest}b`, channelAlias: `${longest}b` })).toEqual([
      'appKey:too_long',
      'appSecret:too_long',
      'channelAlias:too_long',
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

describe('what Pushed would refuse, refused at Save', () => {
  // The guest messages' own templates kept short here: these tests are about Table ready's.
  const input = (over: Partial<SettingsInput> = {}): SettingsInput => ({
    ...SANDBOX_SETTINGS,
    appSecret: '',
    onListTemplate: 'On the list: #{position}',
    gettingCloseTemplate: 'Almost ready',
    ...over,
  });
  const refused = (over: Partial<SettingsInput>) => {
    const result = validateSettings(input(over), SANDBOX_SETTINGS);
    return result.ok ? [] : result.error;
  };

  test('a template whose message for a 30-character name and a party of 20 exceeds the limit, at the venue as typed', () => {
    // 40 characters of text + a 30-character name + "Casa Lucía" (10) = 80.
    const template = `${'a'.repeat(37)}: {name} {venue}`;
    expect(refused({ template, venueName: 'Casa Lucía', contentLimit: '80' })).toEqual([]);
    expect(refused({ template, venueName: 'Casa Lucía', contentLimit: '79' })).toEqual([
      { field: 'template', problem: { kind: 'too_long', longest: 80, limit: 79 } },
    ]);
    expect(refused({ template, venueName: 'Casa Lucía!', contentLimit: '80' })).toEqual([
      { field: 'template', problem: { kind: 'too_long', longest: 81, limit: 80 } },
    ]);
  });

  test('the limit is a whole number from 20 to 140; out of range, the template must still fit 140', () => {
    for (const ok of ['20', '140', ' 100 ', 140])
      expect(refused({ contentLimit: ok, template: 'Table ready!' }), String(ok)).toEqual([]);
    for (const bad of ['19', '141', '500', '1000', '12.5', '', 'abc']) {
      expect(refused({ contentLimit: bad }), bad).toEqual([{ field: 'contentLimit', problem: 'out_of_range' }]);
    }
    expect(refused({ contentLimit: '500', template: 'x'.repeat(164) })).toEqual([
      { field: 'template', problem: { kind: 'too_long', longest: 164, limit: 140 } },
      { field: 'contentLimit', problem: 'out_of_range' },
    ]);
    expect(limitForTemplate('500')).toBe(140);
    expect(limitForTemplate('90')).toBe(90);
  });

  test('late after 1 to 60 minutes; no-show by itself is on only when ticked', () => {
    expect(refused({ lateAfterMinutes: '0' })).toEqual([{ field: 'lateAfterMinutes', problem: 'out_of_range' }]);
    expect(refused({ lateAfterMinutes: '61' })).toEqual([{ field: 'lateAfterMinutes', problem: 'out_of_range' }]);
    const saved = validateSettings(input({ lateAfterMinutes: ' 15 ', autoNoShow: true }), SANDBOX_SETTINGS);
    expect(saved).toMatchObject({ ok: true, value: { lateAfterMinutes: 15, autoNoShow: true } });
  });

  test('getting close at place 1 to 5, or 0 for off; On the list on only when ticked', () => {
    for (const bad of ['6', '-1', 'two', ''])
      expect(refused({ gettingClosePosition: bad }), bad).toEqual([
        { field: 'gettingClosePosition', problem: 'out_of_range' },
      ]);
    const off = validateSettings(input({ gettingClosePosition: '0', onListMessage: false }), SANDBOX_SETTINGS);
    expect(off).toMatchObject({ ok: true, value: { gettingClosePosition: 0, onListMessage: false } });
    expect(validateSettings(input({ gettingClosePosition: 5 }), SANDBOX_SETTINGS)).toMatchObject({
      ok: true,
      value: { gettingClosePosition: 5, onListMessage: true },
    });
  });

  test('every kind’s template must fit the worst case: each refused one is named, in the order of the form', () => {
    const long = `${'x'.repeat(100)} {position} {quote}`; // 100 + 1 + 2 + 1 + 3 = 107
    expect(refused({ contentLimit: '100', onListTemplate: long, gettingCloseTemplate: `{name} ${long}` })).toEqual([
      { field: 'onListTemplate', problem: { kind: 'too_long', longest: 107, limit: 100 } },
      { field: 'gettingCloseTemplate', problem: { kind: 'too_long', longest: 138, limit: 100 } },
    ]);
    expect(refused({ onListTemplate: 'You are #{place}' })).toEqual([
      { field: 'onListTemplate', problem: { kind: 'unknown_placeholder', placeholder: '{place}' } },
    ]);
  });

  test('usual quotes per size class: whole minutes from 1 to 180, each refusal on its own field; absent keeps the saved', () => {
    expect(refused({ defaultQuotes: ['0', '20', '181', 'soon'] })).toEqual([
      { field: 'defaultQuote0', problem: 'out_of_range' },
      { field: 'defaultQuote2', problem: 'out_of_range' },
      { field: 'defaultQuote3', problem: 'out_of_range' },
    ]);
    const saved = validateSettings(input({ defaultQuotes: [' 10', '25', '35', 180] }), SANDBOX_SETTINGS);
    expect(saved).toMatchObject({ ok: true, value: { defaultQuotes: [10, 25, 35, 180] } });
    const kept = validateSettings(input({ defaultQuotes: undefined }), {
      ...SANDBOX_SETTINGS,
      defaultQuotes: [5, 6, 7, 8],
    });
    expect(kept).toMatchObject({ ok: true, value: { defaultQuotes: [5, 6, 7, 8] } });
    const { defaultQuotes: _q, ...savedBefore } = SANDBOX_SETTINGS;
    expect(withDefaults(savedBefore)).toMatchObject({ defaultQuotes: DEFAULT_QUOTES });
  });
});

describe('settings saved before', () => {
  test('without call rules read as late after 10 minutes, no automatic no-show; before the relay, as direct', () => {
    const {
      route: _r,
      relayUrl: _u,
      deviceToken: _t,
      lateAfterMinutes: _l,
      autoNoShow: _a,
      onListMessage: _o,
      onListTemplate: _ot,
      gettingClosePosition: _g,
      gettingCloseTemplate: _gt,
      ...firstVersion
    } = SANDBOX_SETTINGS;
    expect(withDefaults(firstVersion)).toEqual({
      ...firstVersion,
      onListMessage: true,
      onListTemplate: "You're on the list at {venue}: #{position}, about {quote} min",
      gettingClosePosition: 2,
      gettingCloseTemplate: "{name}, you're nearly up at {venue}: please stay close.",
      route: 'direct',
      relayUrl: '',
      deviceToken: '',
      lateAfterMinutes: DEFAULT_LATE_AFTER_MINUTES,
      autoNoShow: false,
    });
    expect(withDefaults({ ...SANDBOX_SETTINGS, lateAfterMinutes: 5, autoNoShow: true })).toMatchObject({
      lateAfterMinutes: 5,
      autoNoShow: true,
    });
  });
});

describe('the demo account', () => {
  test('is the sandbox relay with the demo token, or Pushed with the demo app key; anything else is a real account', () => {
    expect(isDemoAccount(SANDBOX_SETTINGS)).toBe(true);
    expect(isDemoAccount({ ...SANDBOX_SETTINGS, deviceToken: 'VenueTablet01' })).toBe(false);
    expect(isDemoAccount({ ...SANDBOX_SETTINGS, relayUrl: 'https://relay.example/1' })).toBe(false);
    expect(isDemoAccount({ ...SANDBOX_SETTINGS, route: 'direct' })).toBe(true);
    expect(isDemoAccount({ ...SANDBOX_SETTINGS, route: 'direct', appKey: 'RealAppKey0123456789' })).toBe(false);
  });
});

describe('where a URL from Settings points', () => {
  test('a path is on the kiosk’s own server, a full address stays as it is; no trailing slash either way', () => {
    expect(absoluteUrl('/relay/1', 'https://kiosk.casa.example')).toBe('https://kiosk.casa.example/relay/1');
    expect(absoluteUrl('/1/', 'http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/1');
    expect(absoluteUrl('https://venue.example/1//', 'https://kiosk.casa.example')).toBe('https://venue.example/1');
    expect(absoluteUrl('https://api.pushed.co/1', 'http://127.0.0.1:4173')).toBe('https://api.pushed.co/1');
  });
});
