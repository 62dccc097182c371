import { describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS, type SettingsInput } from '../../src/core/settings.ts';
import type { StaffPinRecord } from '../../src/core/staff-pin.ts';
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

describe('the settings model and the staff PIN’s recovery code', () => {
  test('the sealed export carries the recovery code’s hash; importing it on a tablet with a PIN adopts it', async () => {
    const recovery = { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 310_000 };
    const pin = { salt: 'cA==', hash: 'cA==', iterations: 1, failures: 0, lockouts: 0, lockedUntil: 0 };
    let here: StaffPinRecord | null = { ...pin, recovery };
    const from = createSettingsModel({
      store: settingsStore(await openWaitbellDb(`settings-${crypto.randomUUID()}`)),
      pins: { read: async () => here, save: async (r) => void (here = r), clear: async () => void (here = null) },
    });
    const file = await from.exportConfig('correct horse battery');
    expect(file).not.toContain(recovery.hash); // sealed, not in plain
    expect(await from.exportConfig()).not.toContain(recovery.hash);

    let there: StaffPinRecord | null = { ...pin, hash: 'b3RoZXI=' };
    const to = createSettingsModel({
      store: settingsStore(await openWaitbellDb(`settings-${crypto.randomUUID()}`)),
      pins: { read: async () => there, save: async (r) => void (there = r), clear: async () => void (there = null) },
    });
    expect(await to.importConfig(file!, 'correct horse battery')).toEqual({ ok: true, recoveryAdopted: true });
    expect(there).toEqual({ ...pin, hash: 'b3RoZXI=', recovery }); // its own PIN, the file's recovery code
  });

  test('late after and no-show by themselves are saved and shown', async () => {
    const { settings } = await setup();
    expect(await settings.save(form({ lateAfterMinutes: '25', autoNoShow: true }))).toEqual({ ok: true });
    expect(settings.current.value).toMatchObject({ lateAfterMinutes: 25, autoNoShow: true, demo: true });
    expect(await settings.save(form({ deviceToken: 'VenueTablet01' }))).toEqual({ ok: true });
    expect(settings.current.value).toMatchObject({ demo: false });
  });

  test('a refused template or limit saves nothing: the saved settings stay', async () => {
    const { store, settings } = await setup();
    await store.save({ ...SANDBOX_SETTINGS, venueName: 'Kept' });
    expect(await settings.save(form({ template: 'x'.repeat(164), contentLimit: '500' }))).toMatchObject({ ok: false });
    expect(await store.read()).toMatchObject({
      venueName: 'Kept',
      template: SANDBOX_SETTINGS.template,
      contentLimit: 140,
    });
  });
});
