import { beforeAll, describe, expect, test } from 'vitest';
import { stringsFor, loadLanguage } from '../../src/ui/strings.ts';
import type { SyncNotice } from '../../src/state/sync-model.ts';

beforeAll(() => loadLanguage('es')); // Spanish is a chunk of its own, loaded when spoken

const at = new Date(2026, 10, 28, 20, 14).getTime();
const notice: SyncNotice = {
  id: 'm-1',
  partyName: 'Ana',
  change: { id: 'm-1', tablet: 'door', at, partyId: 'p1', kind: 'act', action: 'no_show' },
  reason: { kind: 'already_finished', by: 'seated', tablet: 'bar', finishedAt: at },
  tablet: 'Bar tablet',
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
});
