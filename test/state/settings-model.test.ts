import { describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS, type SettingsInput } from '../../src/core/settings.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { settingsStore, type SettingsStore } from '../../src/storage/settings-store.ts';

const form = (over: Partial<SettingsInput> = {}): SettingsInput => ({
  ...SANDBOX_SETTINGS,
  appSecret: '',
  deviceToken: '',
  ...over,
});

async function setup(wrap: (store: SettingsStore) => SettingsStore = (s) => s) {
  const store = settingsStore(await openWaitbellDb(`settings-${crypto.randomUUID()}`));
  return { store, settings: createSettingsModel({ store: wrap(store) }) };
}

describe('the settings model', () => {
  test('Save keeps the route the host chose: a bad secret typed in the other view neither blocks it nor is stored', async () => {
    const { store, settings } = await setup();
    await store.save({ ...SANDBOX_SETTINGS, route: 'direct' });
    expect(
      await settings.save(form({ route: 'relay', appSecret: 'not a secret!', appKey: 'Typed0Then0Left' })),
    ).toEqual({ ok: true });
    expect(await store.read()).toMatchObject({
      route: 'relay',
      appSecret: SANDBOX_SETTINGS.appSecret,
      appKey: SANDBOX_SETTINGS.appKey,
    });
    expect(settings.current.value).toMatchObject({ route: 'relay' });
  });

  test('a refused field is returned for the form; a storage failure is the model’s problem, in the same shape as the board’s', async () => {
    let full = false;
    const { settings } = await setup((store) => ({
      ...store,
      save: (s) => (full ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : store.save(s)),
    }));
    expect(await settings.save(form({ venueName: ' ' }))).toEqual({
      ok: false,
      fields: [{ field: 'venueName', problem: 'required' }],
    });
    expect(settings.problem.value).toBeNull();
    full = true;
    expect(await settings.save(form())).toEqual({ ok: false, fields: [] });
    expect(settings.problem.value).toEqual({ kind: 'storage', problem: 'quota' });
    full = false;
    expect(await settings.save(form())).toEqual({ ok: true });
    expect(settings.problem.value).toBeNull();
  });
});
