import { describe, expect, test } from 'vitest';
import { MESSAGE_KINDS, messageKey } from '../../src/core/guest-message.ts';
import { prepareNotification } from '../../src/core/notify.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { KEY_PATTERN } from '../../src/server/relay/request-gate.ts';
import { aParty } from '../support/parties.ts';

describe('message keys', () => {
  test('a key is derived from party, kind and round: the same send makes the same key, another send another', () => {
    const id = crypto.randomUUID();
    expect(messageKey(id, 'getting_close', 2)).toBe(messageKey(id, 'getting_close', 2));
    const keys = MESSAGE_KINDS.flatMap((kind) => [1, 2, 10].map((round) => messageKey(id, kind, round)));
    expect(new Set([...keys, messageKey(crypto.randomUUID(), 'on_list', 1)]).size).toBe(keys.length + 1);
  });

  test('every key the kiosk makes is one the relay accepts', () => {
    for (const kind of MESSAGE_KINDS) expect(messageKey(crypto.randomUUID(), kind, 999)).toMatch(KEY_PATTERN);
  });

  test("Table ready's round is the call's number: calling again makes a new key, the same call in two tabs the same", () => {
    const party = aParty({ pushedId: 'AbC123' });
    const entryOf = (p: typeof party) => {
      const prepared = prepareNotification(p, SANDBOX_SETTINGS, 5);
      if (!prepared.ok || !prepared.value.entry) throw new Error('not queued');
      return prepared.value;
    };
    const first = entryOf(party);
    expect(first.entry).toMatchObject({ kind: 'table_ready', round: 1, key: messageKey(party.id, 'table_ready', 1) });
    expect(entryOf(party).entry!.key).toBe(first.entry!.key); // another tab, same call
    expect(entryOf(first.party).entry).toMatchObject({ round: 2, key: messageKey(party.id, 'table_ready', 2) });
  });
});
