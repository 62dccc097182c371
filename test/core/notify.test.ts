import { describe, expect, test } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../src/core/message-template.ts';
import { prepareNotification } from '../../src/core/notify.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { aParty } from '../support/parties.ts';

describe('Table ready', () => {
  test('Table ready refuses a message over the limit instead of cutting it', () => {
    const party = aParty({ name: 'x'.repeat(60), pushedId: 'AbC123' });
    expect(prepareNotification(party, { ...SANDBOX_SETTINGS, contentLimit: 100 }, 5)).toEqual({
      ok: false,
      error: {
        kind: 'too_long',
        length: 60 + DEFAULT_TEMPLATE.length - '{name}{venue}'.length + 'Demo Bistro'.length,
        limit: 100,
      },
    });
  });

  test('a long name that would go over the limit is sent with the first name only; never cut mid-word', () => {
    const settings = { ...SANDBOX_SETTINGS, contentLimit: 98 }; // 30-character names fit, as Settings checked
    const short = aParty({ name: 'Yolanda Fitzgerald', pushedId: 'AbC123' });
    const long = aParty({ name: 'Yolanda Fitzgerald-Papadopoulou', pushedId: 'AbC123' });
    const sent = (party: typeof long) => {
      const prepared = prepareNotification(party, settings, 5);
      if (!prepared.ok || !prepared.value.entry) throw new Error('not queued');
      return prepared.value.entry.content;
    };
    expect(sent(short)).toMatch(/^Yolanda Fitzgerald, your table at Demo Bistro/);
    expect(sent(long)).toMatch(/^Yolanda, your table at Demo Bistro is ready!/);
    expect([...sent(long)].length).toBeLessThanOrEqual(98);
  });

  test('a party without a PushedID or email is notified with nothing to send, and the row says to call them', () => {
    const prepared = prepareNotification(aParty({ name: 'Walk-in' }), SANDBOX_SETTINGS, 5);
    expect(prepared).toMatchObject({
      ok: true,
      value: {
        entry: null,
        party: {
          status: 'notified',
          lastMessage: 'table_ready',
          messages: { table_ready: { round: 1, delivery: { state: 'not_sent', why: 'no_contact' } } },
        },
      },
    });
  });

  test('a guest who let the venue’s Pushed app notify them is sent to as a user; once that stops counting, nowhere', () => {
    const allowed = aParty({ name: 'Ana', pushedUser: { allowedAt: 1, lostAt: null } });
    const sent = prepareNotification(allowed, SANDBOX_SETTINGS, 5);
    expect(sent.ok && sent.value.entry?.recipient).toEqual({ type: 'user' });
    const lost = prepareNotification({ ...allowed, pushedUser: { allowedAt: 1, lostAt: 2 } }, SANDBOX_SETTINGS, 5);
    expect(lost.ok && lost.value.entry).toBeNull();
    // A PushedID scanned at the stand is the surer address: it goes first.
    const both = prepareNotification({ ...allowed, pushedId: 'AbC123' }, SANDBOX_SETTINGS, 5);
    expect(both.ok && both.value.entry?.recipient).toEqual({ type: 'pushed_id', pushedId: 'AbC123' });
  });
});
