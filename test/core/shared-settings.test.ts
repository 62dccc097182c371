import { describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS, type VenueSettings } from '../../src/core/settings.ts';
import {
  changedFields,
  checkSharedSettings,
  conflictingFields,
  mergeShared,
  pinHashOf,
  readPinHash,
  sharedSettings,
  withPinHash,
  withShared,
  type SharedDoc,
} from '../../src/core/shared-settings.ts';
import type { StaffPinRecord } from '../../src/core/staff-pin.ts';

const tablet: VenueSettings = {
  ...SANDBOX_SETTINGS,
  route: 'relay',
  relayUrl: 'https://venue.example/1',
  deviceToken: 'TabletToken0001',
  venueName: 'Casa Prueba',
};
const HASH = {
  salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
  hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=',
  iterations: 600_000,
};
const OTHER_HASH = { ...HASH, salt: 'b3RoZXJzYWx0b3RoZXJzYWx0' };

describe('shared and tablet-only settings', () => {
  test('the shared part carries the venue things, never how this tablet connects nor a secret', () => {
    const shared = sharedSettings(tablet);
    expect(shared).toMatchObject({
      venueName: 'Casa Prueba',
      template: tablet.template,
      defaultQuotes: tablet.defaultQuotes,
    });
    const text = JSON.stringify(shared);
    for (const secretOrLocal of [tablet.deviceToken, tablet.appSecret, tablet.relayUrl, tablet.appKey])
      expect(text).not.toContain(secretOrLocal);
  });

  test("another tablet's shared settings replace the venue things and keep this tablet's connection", () => {
    const other = { ...sharedSettings(tablet), venueName: 'Bar Uno', lateAfterMinutes: 25, autoNoShow: true };
    const next = withShared(tablet, { ...other, deviceToken: 'Intruder000000' } as never);
    expect(next).toEqual({ ...tablet, venueName: 'Bar Uno', lateAfterMinutes: 25, autoNoShow: true });
  });

  test('the PIN travels as its hash; the lockout counters stay on each tablet', () => {
    const record: StaffPinRecord = { ...HASH, failures: 3, lockouts: 1, lockedUntil: 99 };
    expect(pinHashOf(record)).toEqual(HASH);
    expect(withPinHash(record, OTHER_HASH)).toEqual({ ...OTHER_HASH, failures: 3, lockouts: 1, lockedUntil: 99 });
    expect(withPinHash(null, HASH)).toEqual({ ...HASH, failures: 0, lockouts: 0, lockedUntil: 0 });
  });
});

describe('checking shared settings from the wire', () => {
  test('good settings pass, trimmed as the form saves them', () => {
    const checked = checkSharedSettings({ ...sharedSettings(tablet), venueName: '  Casa Prueba ' });
    expect(checked).toEqual({ ok: true, value: sharedSettings(tablet) });
  });

  test("the form's own rules refuse each bad field by name", () => {
    const checked = checkSharedSettings({
      ...sharedSettings(tablet),
      venueName: '',
      lateAfterMinutes: 0,
      template: 'Ready {nope}',
    });
    expect(checked.ok ? [] : checked.error.map((p) => p.field).sort()).toEqual([
      'lateAfterMinutes',
      'template',
      'venueName',
    ]);
  });

  test('a field of the wrong kind, or not an object at all, is refused without a throw', () => {
    const checked = checkSharedSettings({ ...sharedSettings(tablet), contentLimit: '140', defaultQuotes: [1, 2] });
    expect(checked.ok ? [] : checked.error).toEqual([
      { field: 'contentLimit', problem: 'wrong_type' },
      { field: 'defaultQuotes', problem: 'wrong_type' },
    ]);
    expect(checkSharedSettings(null).ok).toBe(false);
    expect(checkSharedSettings('venue').ok).toBe(false);
  });

  test('a PIN hash must look like one, with no field more (a tablet sending its counters, or a PIN, is refused)', () => {
    expect(readPinHash(HASH)).toEqual(HASH);
    expect(readPinHash({ ...HASH, failures: 0, pin: '1234' })).toBeNull();
    expect(readPinHash({ ...HASH, recovery: OTHER_HASH })).toEqual({ ...HASH, recovery: OTHER_HASH });
    expect(readPinHash({ ...HASH, iterations: 1 })).toBeNull();
    expect(readPinHash({ ...HASH, hash: '1234' })).toBeNull();
    expect(readPinHash({ ...HASH, recovery: { salt: 'x' } })).toBeNull();
    expect(readPinHash('1234')).toBeNull();
  });
});

describe("merging one tablet's edits with the server's settings", () => {
  const base: SharedDoc = { settings: sharedSettings(tablet), pinHash: HASH };

  test("fields edited here take this value, the others take the server's", () => {
    const server: SharedDoc = { ...base, settings: { ...base.settings, lateAfterMinutes: 30 } };
    const local: SharedDoc = { ...base, settings: { ...base.settings, venueName: 'Casa Nueva' } };
    const merged = mergeShared(server, local, changedFields(base, local));
    expect(merged.settings).toEqual({ ...base.settings, lateAfterMinutes: 30, venueName: 'Casa Nueva' });
    expect(conflictingFields(base, server, local, ['venueName'])).toEqual([]);
  });

  test('the same field changed on both: this tablet reaches the server later and stands; it is named', () => {
    const server: SharedDoc = { ...base, settings: { ...base.settings, venueName: 'Casa Otra' } };
    const local: SharedDoc = { ...base, settings: { ...base.settings, venueName: 'Casa Nueva' } };
    expect(mergeShared(server, local, ['venueName']).settings.venueName).toBe('Casa Nueva');
    expect(conflictingFields(base, server, local, ['venueName'])).toEqual(['venueName']);
  });

  test("a PIN is never lost: the server without one takes this tablet's; one set elsewhere wins unless changed here", () => {
    const none: SharedDoc = { ...base, pinHash: null };
    expect(mergeShared(none, base, []).pinHash).toEqual(HASH);
    const elsewhere: SharedDoc = { ...base, pinHash: OTHER_HASH };
    expect(mergeShared(elsewhere, base, []).pinHash).toEqual(OTHER_HASH);
    expect(mergeShared(elsewhere, base, ['pinHash']).pinHash).toEqual(HASH);
  });

  test("nothing edited here: the server's settings, whatever this tablet had", () => {
    const local: SharedDoc = { settings: { ...base.settings, venueName: 'Demo Bistro' }, pinHash: null };
    expect(mergeShared(base, local, [])).toEqual(base);
  });
});
