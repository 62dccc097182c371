import { expect, test } from 'vitest';
import { mutation } from '../../src/core/sync/mutation.ts';
import { createSyncNotices, type Rejected } from '../../src/state/sync/sync-status.ts';
import { aParty } from '../support/parties.ts';

// Another tablet called the party first: this tablet's Table ready was held back if the guest could get it.
const refusedCall = (id: string, party: ReturnType<typeof aParty>): Rejected => ({
  m: { ...mutation(id, 'bar', 0, party.id, { kind: 'act', action: 'notify', round: 1 }), seq: 1 },
  outcome: { id, outcome: 'rejected', reason: { kind: 'already_called', round: 1, tablet: 'door' } },
  party,
});

test('a guest who allowed Pushed on their phone is one a Table ready reaches: the notice says it was not sent again', () => {
  const notices = createSyncNotices();
  const allowed = aParty({ name: 'Rosa', pushedUser: { allowedAt: 0, lostAt: null } });
  const lost = aParty({ name: 'Tomás', pushedUser: { allowedAt: 0, lostAt: 1 } });
  notices.add([refusedCall('m1', allowed), refusedCall('m2', lost)], {});
  expect(notices.notices.value.map((n) => [n.partyName, n.reachable])).toEqual([
    ['Rosa', true],
    ['Tomás', false],
  ]);
});
