import { beforeAll, describe, expect, test } from 'vitest';
import { stringsFor, loadLanguage } from '../../src/ui/strings.ts';
import type { SyncNotice } from '../../src/state/sync-model.ts';

beforeAll(() => loadLanguage('es')); // Spanish is a chunk of its own, loaded when spoken

const at = new Date(2026, 10, 28, 20, 14).getTime();
const notice: SyncNotice = {
  id: 'm-1',
  partyName: 'Ana',
  partySize: 2,
  change: { id: 'm-1', tablet: 'door', at, partyId: 'p1', kind: 'act', action: 'no_show' },
  reason: { kind: 'already_finished', by: 'seated', tablet: 'bar', finishedAt: at },
  tablet: 'Bar tablet',
  reachable: true,
};

describe('sync’s words, in both languages', () => {
  test('a change another tablet beat says who did what, where and when, and that the host’s was not applied', () => {
    expect(stringsFor('en').sync.rejected(notice)).toBe(
      'Ana was already seated on Bar tablet at 8:14 PM — your No-show was not applied.',
    );
    expect(stringsFor('es').sync.rejected(notice)).toMatch(/^Ana ya estaba sentado en Bar tablet a las 20:14/);
    const unnamed = { ...notice, tablet: null, reason: { kind: 'changed_since', tablet: null } } as const;
    expect(stringsFor('en').sync.rejected(unnamed)).toBe(
      'Ana was changed on another tablet since — your No-show was not applied.',
    );
  });

  test('a change the venue server refused as invalid says, in the host’s words, what was wrong with which field', () => {
    const refused = (
      where: string,
      problem?: 'control_character' | 'lone_surrogate' | 'too_long' | 'out_of_range',
    ): SyncNotice => ({
      ...notice,
      partyName: 'Maria',
      change: { id: 'm-3', tablet: 'door', at, partyId: 'p1', kind: 'edit', changes: { note: 'x' } },
      reason: { kind: 'invalid', at: where, ...(problem ? { problem } : {}) },
    });
    expect(stringsFor('en').sync.rejected(refused('changes.note', 'control_character'))).toBe(
      'Maria’s note has a character Waitbell can’t store — your change was not applied.',
    );
    expect(stringsFor('es').sync.rejected(refused('party.name', 'lone_surrogate'))).toMatch(
      /^El nombre de Maria tiene un carácter que Waitbell no puede guardar: /,
    );
    expect(stringsFor('en').sync.rejected(refused('changes.name', 'too_long'))).toMatch(
      /^Maria’s name is too long for the venue server — /,
    );
    expect(stringsFor('es').sync.rejected(refused('party.note', 'too_long'))).toMatch(
      /^La nota de Maria no cabe en el servidor del local: /,
    );
    // A tablet whose clock fell back to 1970 is told where to look.
    expect(stringsFor('en').sync.rejected(refused('party.joinedAt', 'out_of_range'))).toMatch(
      /^A change to Maria carries a date the venue server can’t take: check this tablet’s date and time — /,
    );
    expect(stringsFor('es').sync.rejected(refused('at', 'out_of_range'))).toMatch(
      /revisa la fecha y la hora de esta tableta/,
    );
    expect(stringsFor('en').sync.rejected(refused('changes.size'))).toMatch(
      /^The venue server did not accept Maria’s party size — /,
    );
    expect(stringsFor('en').sync.rejected(refused('mutation'))).toMatch(
      /^The venue server could not take a change to Maria — /,
    );
    for (const language of ['en', 'es'] as const)
      for (const at of ['changes.note', 'party.messages', 'mutation'])
        expect(stringsFor(language).sync.rejected(refused(at, 'control_character'))).not.toMatch(
          /could not take|undefined/,
        );
  });

  test('a Table ready another tablet beat says the guest was called, by whom and when, not that something failed', () => {
    const called: SyncNotice = {
      ...notice,
      partyName: 'Maria',
      partySize: 4,
      change: { id: 'm-2', tablet: 'door', at, partyId: 'p2', kind: 'act', action: 'notify', round: 1 },
      reason: { kind: 'already_called', round: 1, tablet: 'bar', calledAt: at },
    };
    expect(stringsFor('en').sync.rejected(called)).toBe(
      'Maria (party of 4) was already called by Bar tablet at 8:14 PM. Your Table ready was not sent again, so the guest is not called twice.',
    );
    expect(stringsFor('es').sync.rejected(called)).toBe(
      'Ya se llamó a Maria (grupo de 4) desde Bar tablet a las 20:14. Su Mesa lista no se envió otra vez: el cliente no recibe dos avisos.',
    );
    for (const language of ['en', 'es'] as const)
      expect(stringsFor(language).sync.rejected(called)).not.toMatch(/not applied|no se aplicó/);
    // No PushedID and no email: nothing could have been sent, so nothing is said to be held back.
    const unreachable = { ...called, reachable: false };
    expect(stringsFor('en').sync.rejected(unreachable)).toBe(
      'Maria (party of 4) was already called by Bar tablet at 8:14 PM. Your Table ready was not needed.',
    );
    expect(stringsFor('es').sync.rejected(unreachable)).toBe(
      'Ya se llamó a Maria (grupo de 4) desde Bar tablet a las 20:14. Su Mesa lista no hacía falta.',
    );
    // A second call, from a tablet whose label is unknown, on an older server that does not say when.
    const again = { ...called, tablet: null, reason: { kind: 'already_called', round: 2, tablet: null } } as const;
    expect(stringsFor('en').sync.rejected(again)).toMatch(
      /^Maria \(party of 4\) was already called \(call 2\) by another tablet\. /,
    );
  });

  test('a party the venue’s full list refused says it is only on this tablet, and a Recall it refused says why', () => {
    const full = { kind: 'board_full', bound: 'parties', max: 500 } as const;
    const add = { id: 'm-2', tablet: 'door', at, partyId: 'p1', kind: 'add' } as SyncNotice['change'];
    const added = { ...notice, change: add, reason: full };
    expect(stringsFor('en').sync.rejected(added)).toBe(
      'Ana is only on this tablet: the venue’s list is full (500 parties waiting), so the other tablets don’t see Ana. Once there is room, any change to Ana sends it to them.',
    );
    expect(stringsFor('es').sync.rejected(added)).toBe(
      'Ana solo está en esta tableta: la lista del local está llena (500 grupos esperando), así que las otras tabletas no ven a Ana. Cuando haya sitio, cualquier cambio en Ana lo envía a las demás.',
    );
    const recall = { ...notice, change: { ...notice.change, action: 'recall' }, reason: full } as SyncNotice;
    expect(stringsFor('en').sync.rejected(recall)).toBe(
      'Ana could not go back on the list: the venue’s list is full (500 parties waiting) — your Recall was not applied.',
    );
    expect(stringsFor('es').sync.rejected({ ...recall, reason: { ...full, bound: 'bytes' } })).toBe(
      'Ana no pudo volver a la lista: la lista del local está llena: Recuperar no se aplicó.',
    );
  });
});
