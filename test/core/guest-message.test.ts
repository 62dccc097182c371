import { describe, expect, test } from 'vitest';
import {
  dueForGettingClose,
  latestMessage,
  MESSAGE_KINDS,
  messageKey,
  messagesOf,
  withMessageQueued,
  withMessageSettled,
} from '../../src/core/guest-message.ts';
import { prepareAlmostReady, prepareAutomaticMessage, prepareNotification } from '../../src/core/notify.ts';
import type { Party } from '../../src/core/party.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { KEY_PATTERN } from '../../src/server/venue/request-gate.ts';
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

describe('Getting close, by itself', () => {
  // A board in order; `joined` is each party's place when it joined.
  const board = (...joined: (number | null)[]) =>
    joined.map((joinedPosition, i) => aParty({ name: `P${i + 1}`, pushedId: `Pid${i + 1}`, joinedPosition }));
  const due = (parties: Party[], at = 2) => dueForGettingClose(parties, at).map((p) => p.name);

  test('a party that moved up to the venue’s place from further back is due; one that joined that close is not', () => {
    expect(due(board(1, 3, 4))).toEqual(['P2']); // P2 joined 3rd and is now 2nd
    expect(due(board(1, 2, 3))).toEqual([]); // P2 joined 2nd: it was told its place when it joined
    expect(due(board(3, 4))).toEqual(['P1', 'P2']); // both moved up at once (two parties left)
    expect(due(board(1, 3, 4), 3)).toEqual(['P3']); // at place 3: P2 joined there; P3 came up from 4th
    expect(due(board(5, 6, 4), 3)).toEqual(['P1', 'P2', 'P3']);
  });

  test('off (0) sends nothing; called, unreachable, already told, or joined before it was known: not due', () => {
    const [p1, p2] = board(1, 3);
    expect(due([p1!, p2!], 0)).toEqual([]);
    expect(due([p1!, { ...p2!, status: 'notified', calledAt: 5 }])).toEqual([]);
    expect(due([p1!, { ...p2!, calledAt: 5 }])).toEqual([]); // recalled after a call: Table ready said more
    expect(due([p1!, { ...p2!, pushedId: null }])).toEqual([]);
    expect(due([p1!, { ...p2!, pushedId: null, email: 'a@b.co' }])).toEqual(['P2']);
    // Allowed Pushed from their phone: reachable; once that permission stops counting, not.
    const allowed = { ...p2!, pushedId: null, pushedUser: { allowedAt: 1, lostAt: null } };
    expect(due([p1!, allowed])).toEqual(['P2']);
    expect(due([p1!, { ...allowed, pushedUser: { allowedAt: 1, lostAt: 2 } }])).toEqual([]);
    const told = withMessageQueued(p2!, 'getting_close', 1, { state: 'queued', since: 5, retryAt: null }, 5);
    expect(due([p1!, told])).toEqual([]);
    expect(due([p1!, { ...p2!, joinedPosition: null }])).toEqual([]);
  });

  test('only the first places are looked at: a long board costs no more', () => {
    const long = board(...Array.from({ length: 10_000 }, (_, i) => i + 10));
    expect(due(long, 2)).toEqual(['P1', 'P2']);
  });
});

describe('a party’s messages', () => {
  const queued = { state: 'queued', since: 5, retryAt: null } as const;

  test('each kind keeps its latest round; the row shows the one queued last; counts add up across rounds', () => {
    let party = aParty({ pushedId: 'Pid' });
    party = withMessageQueued(party, 'on_list', 1, queued, 5);
    party = withMessageQueued(party, 'getting_close', 1, queued, 6);
    party = withMessageSettled(party, 'on_list', 1, { state: 'sent', at: 7, shipmentId: 'S1' }, 1);
    expect(latestMessage(party)).toMatchObject({ kind: 'getting_close', round: 1, delivery: queued });
    party = withMessageSettled(party, 'getting_close', 1, { state: 'sent', at: 8, shipmentId: 'S2' }, 1);
    party = withMessageQueued(party, 'getting_close', 2, queued, 9);
    party = withMessageSettled(party, 'getting_close', 2, { state: 'sent', at: 10, shipmentId: 'S3' }, 1);
    expect(messagesOf(party)).toEqual([
      { kind: 'on_list', round: 1, at: 5, delivery: { state: 'sent', at: 7, shipmentId: 'S1' }, sent: 1 },
      { kind: 'getting_close', round: 2, at: 9, delivery: { state: 'sent', at: 10, shipmentId: 'S3' }, sent: 2 },
    ]);
  });

  test('a late answer for a round the host has since sent again only counts; it does not overwrite the newer state', () => {
    let party = withMessageQueued(aParty(), 'table_ready', 2, queued, 9);
    party = withMessageSettled(party, 'table_ready', 1, { state: 'sent', at: 10, shipmentId: 'S1' }, 1);
    expect(party.messages.table_ready).toEqual({ round: 2, at: 9, delivery: queued, sent: 1 });
  });

  test('Almost ready is the next round of Getting close, with its own key; a finished party gets none', () => {
    const party = aParty({ pushedId: 'Pid', quoteMinutes: 20 });
    const first = prepareAlmostReady(party, SANDBOX_SETTINGS, 5, 2);
    if (!first.ok || !first.value.entry) throw new Error('not queued');
    expect(first.value.entry).toMatchObject({
      kind: 'getting_close',
      round: 1,
      key: messageKey(party.id, 'getting_close', 1),
      content: `${party.name}, you're nearly up at Demo Bistro: please stay close.`,
    });
    const second = prepareAlmostReady(first.value.party, SANDBOX_SETTINGS, 6, 2);
    expect(second.ok && second.value.entry?.key).toBe(messageKey(party.id, 'getting_close', 2));
    expect(prepareAlmostReady({ ...party, status: 'seated' }, SANDBOX_SETTINGS, 5, 2).ok).toBe(false);
  });

  test('an automatic message that cannot fit is not sent and says why; the party is kept', () => {
    const party = aParty({ name: 'x'.repeat(60), pushedId: 'Pid' });
    const prepared = prepareAutomaticMessage(
      'getting_close',
      party,
      { ...SANDBOX_SETTINGS, contentLimit: 40 },
      {
        round: 1,
        position: 1,
        now: 5,
      },
    );
    expect(prepared.entry).toBeNull();
    expect(prepared.party.messages.getting_close?.delivery).toMatchObject({
      state: 'failed',
      errorType: 'content_too_long',
    });
  });
});
