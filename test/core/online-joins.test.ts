import { describe, expect, test } from 'vitest';
import {
  checkOnlineJoins,
  ONLINE_JOINS_DEFAULTS,
  onlineJoinsNow,
  readOnlineJoins,
  type OnlineJoins,
} from '../../src/core/online-joins.ts';
import { normalisePhone, validatePartyInput } from '../../src/core/party-input.ts';
import { checkSharedSettings, sharedSettings } from '../../src/core/shared-settings.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';

const open: OnlineJoins = { ...ONLINE_JOINS_DEFAULTS, enabled: true };
// 2026-12-04 19:30 in Madrid (UTC+1).
const fridayEvening = Date.UTC(2026, 11, 4, 18, 30);

describe('online joins: when a guest may check in from their phone', () => {
  test('off means paused; on with room means open; at the most online parties waiting means full', () => {
    expect(onlineJoinsNow(ONLINE_JOINS_DEFAULTS, fridayEvening, 0)).toEqual({ open: false, why: 'paused' });
    expect(onlineJoinsNow(open, fridayEvening, 19)).toEqual({ open: true });
    expect(onlineJoinsNow(open, fridayEvening, 20)).toEqual({ open: false, why: 'full' });
  });

  test('hours are read in the venue’s own time zone, and may run past midnight', () => {
    const madrid = { ...open, timeZone: 'Europe/Madrid' };
    const evening = { ...madrid, hours: { from: '19:00', to: '23:00' } };
    expect(onlineJoinsNow(evening, fridayEvening, 0)).toEqual({ open: true });
    // 18:30 UTC is 19:30 in Madrid but only 18:30 in London: closed there, opening at 19:00.
    expect(onlineJoinsNow({ ...evening, timeZone: 'Europe/London' }, fridayEvening, 0)).toEqual({
      open: false,
      why: 'closed_now',
      opensAt: '19:00',
    });
    const late = { ...madrid, hours: { from: '22:00', to: '02:00' } };
    expect(onlineJoinsNow(late, Date.UTC(2026, 11, 5, 0, 30), 0)).toEqual({ open: true }); // 01:30 in Madrid
    expect(onlineJoinsNow(late, fridayEvening, 0)).toMatchObject({ open: false, why: 'closed_now' });
  });

  test('the form’s values are checked, every problem at once; both hours empty means any hour', () => {
    const typed = { enabled: true, maxWaiting: '0', maxSize: '21', from: '7pm', to: '', timeZone: 'Mars/Olympus' };
    const refused = checkOnlineJoins(typed);
    expect(refused.ok ? [] : refused.error.map((p) => p.field)).toEqual([
      'onlineMaxWaiting',
      'onlineMaxSize',
      'onlineHoursFrom',
      'onlineHoursTo',
    ]);
    const saved = checkOnlineJoins({ ...typed, maxWaiting: ' 12 ', maxSize: '6', from: '', to: '' });
    // An unknown time zone is not the host's to fix: the venue's hours are then read in UTC.
    expect(saved).toEqual({
      ok: true,
      value: { enabled: true, maxWaiting: 12, maxSize: 6, hours: null, timeZone: 'UTC' },
    });
  });

  test('shared settings saved before online joins existed read as online joins off; a bad value is refused', () => {
    const { onlineJoins: _absent, ...older } = sharedSettings(SANDBOX_SETTINGS);
    const read = checkSharedSettings(older);
    expect(read.ok && read.value.onlineJoins).toEqual(ONLINE_JOINS_DEFAULTS);
    const bad = checkSharedSettings({ ...older, onlineJoins: { ...open, maxWaiting: 5000 } });
    expect(bad.ok).toBe(false);
    expect(readOnlineJoins({ ...open, hours: { from: '25:00', to: '02:00' } }).ok).toBe(false);
  });
});

describe('a guest’s phone number', () => {
  test('is kept as one string to dial: + and digits, what people type between them dropped', () => {
    expect(normalisePhone(' +34 (612) 345-678 ')).toBe('+34612345678');
    expect(normalisePhone('612.34.56.78')).toBe('612345678');
    expect(normalisePhone('call me')).toBeNull();
    expect(normalisePhone('12345')).toBeNull(); // too short to be a number
    expect(normalisePhone('1234567890123456')).toBeNull(); // longer than any number can be
    expect(normalisePhone('12+3456789')).toBeNull();
  });

  test('is refused in the form’s words, and a form without the field leaves the party’s own alone', () => {
    const form = { name: 'Ana', size: 2, note: '', quoteMinutes: '', pushedId: '', email: '' };
    const refused = validatePartyInput({ ...form, phone: 'tomorrow' });
    expect(refused.ok ? null : refused.error).toEqual([{ field: 'phone', problem: 'not_a_phone' }]);
    const given = validatePartyInput({ ...form, phone: '+1 415 555 0100' });
    expect(given.ok && given.value.phone).toBe('+14155550100');
    const without = validatePartyInput(form);
    expect(without.ok && 'phone' in without.value).toBe(false);
  });
});
