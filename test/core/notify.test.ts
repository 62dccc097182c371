import { describe, expect, test } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../src/core/message-template.ts';
import { prepareNotification } from '../../src/core/notify.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { aParty } from '../support/parties.ts';

describe('Table ready', () => {
  test('Table ready refuses a message over the limit instead of cutting it', () => {
    const party = aParty({ name: 'x'.repeat(60), pushedId: 'AbC123' });
    expect(prepareNotification(party, { ...SANDBOX_SETTINGS, contentLimit: 100 }, 'k', 5)).toEqual({
      ok: false,
      error: {
        kind: 'too_long',
        length: 60 + DEFAULT_TEMPLATE.length - '{name}{venue}'.length + 'Demo Bistro'.length,
        limit: 100,
      },
    });
  });

  test('a party without a PushedID or email is notified with nothing to send, and the row says to call them', () => {
    const prepared = prepareNotification(aParty({ name: 'Walk-in' }), SANDBOX_SETTINGS, 'k', 5);
    expect(prepared).toMatchObject({
      ok: true,
      value: { entry: null, party: { status: 'notified', delivery: { state: 'not_sent', why: 'no_contact' } } },
    });
  });
});
