import { describe, expect, test } from 'vitest';
import { erasePersonalData } from '../../src/core/erasure.ts';
import { matchesGuest } from '../../src/core/guest-search.ts';
import {
  checkRetention,
  DEFAULT_RETENTION,
  historyCutoff,
  personalDataCutoff,
  readRetention,
} from '../../src/core/retention.ts';
import { checkSharedSettings, sharedSettings } from '../../src/core/shared-settings.ts';
import { SANDBOX_SETTINGS, validateSettings } from '../../src/core/settings.ts';
import { aParty } from '../support/parties.ts';

const T = 1_800_000_000_000;
const DAY = 24 * 60 * 60 * 1000;

const ana = aParty({
  id: 'ana',
  name: 'Ana María',
  note: 'window seat, allergic to nuts',
  pushedId: 'AnaPushed01',
  email: 'Ana@Example.com',
  phone: '+34 600 123 456',
  pushedUser: { allowedAt: T - 5_000, lostAt: null },
  size: 4,
  quoteMinutes: 20,
  joinedAt: T - 60_000,
  joinedPosition: 3,
  joinedVia: 'online',
  callCount: 1,
  calledAt: T - 10_000,
  status: 'notified',
  messages: {
    table_ready: {
      round: 1,
      at: T - 10_000,
      delivery: { state: 'failed', at: T - 9_000, errorType: 'bad_request', message: 'Ana María is not subscribed' },
      sent: 0,
    },
    on_list: { round: 1, at: T - 59_000, delivery: { state: 'sent', at: T - 58_000, shipmentId: 's1' }, sent: 1 },
  },
  lastMessage: 'table_ready',
});

describe("erasing a guest's details", () => {
  test('nothing that names or reaches the guest is left; what the report counts stays', () => {
    const erased = erasePersonalData(ana, T);
    const text = JSON.stringify(erased);
    for (const personal of ['Ana', 'nuts', 'AnaPushed01', 'Example', '600', 'not subscribed'])
      expect(text).not.toContain(personal);
    expect(erased).toMatchObject({
      name: '',
      note: '',
      pushedId: null,
      email: null,
      phone: null,
      pushedUser: null,
      erasedAt: T,
      size: 4,
      quoteMinutes: 20,
      joinedAt: T - 60_000,
      joinedPosition: 3,
      joinedVia: 'online',
      callCount: 1,
      calledAt: T - 10_000,
      lastMessage: 'table_ready',
    });
    expect(erased.messages.table_ready).toMatchObject({
      round: 1,
      delivery: { state: 'failed', errorType: 'bad_request' },
    });
    expect(erased.messages.on_list).toEqual(ana.messages.on_list);
  });

  test('a party still on the board leaves it as removed because it was erased', () => {
    expect(erasePersonalData(ana, T)).toMatchObject({ status: 'removed', finishReason: 'erased', finishedAt: T });
  });

  test('a finished party keeps how and when it finished', () => {
    const seated = aParty({ name: 'Bo', status: 'seated', finishedAt: T - 1_000 });
    expect(erasePersonalData(seated, T)).toMatchObject({ status: 'seated', finishReason: null, finishedAt: T - 1_000 });
  });
});

describe('finding a guest to erase', () => {
  test('a name matches whole, whatever its case, accents or spaces; never a part of it', () => {
    expect(matchesGuest(ana, 'name', '  ana   maria ')).toBe(true);
    expect(matchesGuest(ana, 'name', 'ANA MARÍA')).toBe(true);
    expect(matchesGuest(ana, 'name', 'Ana')).toBe(false);
    expect(matchesGuest(ana, 'name', '')).toBe(false);
  });

  test('a name with invisible characters in it (zero-width, direction marks) or in wide letters is still found', () => {
    const pasted = aParty({ name: '\u200bAna\u200d Mar\u00ad\u00eda\u200f' });
    expect(matchesGuest(pasted, 'name', 'Ana María')).toBe(true);
    expect(matchesGuest(aParty({ name: '\u202eＡｎａ' }), 'name', 'ana')).toBe(true);
    expect(matchesGuest(pasted, 'name', '\u200b')).toBe(false);
  });

  test('a phone matches by its digits, with or without the country code', () => {
    expect(matchesGuest(ana, 'phone', '600123456')).toBe(true);
    expect(matchesGuest(ana, 'phone', '0034 600-12-34-56')).toBe(true);
    expect(matchesGuest(ana, 'phone', '123456')).toBe(false);
    expect(matchesGuest(ana, 'phone', '600123457')).toBe(false);
    expect(matchesGuest(aParty({ phone: null }), 'phone', '600123456')).toBe(false);
  });

  test('an email matches without case; a PushedID exactly', () => {
    expect(matchesGuest(ana, 'email', ' ana@example.COM ')).toBe(true);
    expect(matchesGuest(ana, 'email', 'ana@example.org')).toBe(false);
    expect(matchesGuest(ana, 'pushedId', ' AnaPushed01 ')).toBe(true);
    expect(matchesGuest(ana, 'pushedId', 'anapushed01')).toBe(false);
  });

  test('an erased party is never found again', () => {
    const erased = erasePersonalData(ana, T);
    expect(matchesGuest({ ...erased, name: 'Ana María' }, 'name', 'Ana María')).toBe(false);
  });
});

describe('how long a venue keeps its guests’ data', () => {
  test('by default 30 days of details and 13 months of anonymous history', () => {
    expect(DEFAULT_RETENTION).toEqual({ personalDataDays: 30, historyMonths: 13 });
    expect(personalDataCutoff(DEFAULT_RETENTION, T)).toBe(T - 30 * DAY);
    expect(historyCutoff(DEFAULT_RETENTION, Date.UTC(2027, 1, 15))).toBe(Date.UTC(2026, 0, 15));
  });

  test('the numbers are taken as typed within their bounds; each one out of them is named', () => {
    expect(checkRetention({ personalDataDays: ' 7 ', historyMonths: 36 })).toEqual({
      ok: true,
      value: { personalDataDays: 7, historyMonths: 36 },
    });
    expect(checkRetention({ personalDataDays: 0, historyMonths: '37' })).toEqual({
      ok: false,
      error: [
        { field: 'personalDataDays', problem: 'out_of_range' },
        { field: 'historyMonths', problem: 'out_of_range' },
      ],
    });
    expect(checkRetention({ personalDataDays: 366, historyMonths: 1 }).ok).toBe(false);
    expect(checkRetention({ personalDataDays: '2.5', historyMonths: 1 }).ok).toBe(false);
  });

  test('settings saved before retention existed read as the defaults, on a tablet and from the wire', () => {
    expect(readRetention(undefined)).toEqual({ ok: true, value: DEFAULT_RETENTION });
    const { retention: _, ...before } = sharedSettings(SANDBOX_SETTINGS);
    const checked = checkSharedSettings(before);
    expect(checked.ok && checked.value.retention).toEqual(DEFAULT_RETENTION);
  });

  test('a venue’s own retention travels with its shared settings; one out of bounds is refused by its field', () => {
    const shared = { ...sharedSettings(SANDBOX_SETTINGS), retention: { personalDataDays: 7, historyMonths: 24 } };
    const checked = checkSharedSettings(shared);
    expect(checked.ok && checked.value.retention).toEqual({ personalDataDays: 7, historyMonths: 24 });
    const saved = validateSettings(
      { ...SANDBOX_SETTINGS, retention: { personalDataDays: '400', historyMonths: '13' } },
      SANDBOX_SETTINGS,
    );
    expect(saved).toEqual({ ok: false, error: [{ field: 'personalDataDays', problem: 'out_of_range' }] });
  });
});
