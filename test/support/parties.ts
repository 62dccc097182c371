import { compareByPlace } from '../../src/core/board.ts';
import { isActive, type Party } from '../../src/core/party.ts';
import type { SyncState } from '../../src/core/sync/merge.ts';

let counter = 0;

/** A party as stored, with whatever the test cares about overridden. */
export function aParty(overrides: Partial<Party> = {}): Party {
  counter += 1;
  const joinedAt = overrides.joinedAt ?? 1_700_000_000_000 + counter;
  return {
    id: `party-${String(counter).padStart(6, '0')}`,
    name: `Guest ${counter}`,
    size: 2,
    note: '',
    quoteMinutes: null,
    pushedId: null,
    email: null,
    status: 'waiting',
    joinedAt,
    updatedAt: joinedAt,
    finishedAt: null,
    previous: null,
    messages: {},
    lastMessage: null,
    joinedPosition: null,
    rank: overrides.rank ?? joinedAt,
    calledAt: null,
    callCount: 0,
    finishReason: null,
    excusedAt: null,
    ...overrides,
  };
}

/** The parties that belong on the board, in board order: what a tablet's board shows of them. */
export const onBoard = (parties: readonly Party[]): Party[] =>
  parties.filter((p) => isActive(p.status)).sort(compareByPlace);

/** A venue with no parties and no history of mutations. */
export const emptySyncState = (): SyncState => ({ parties: {}, seen: {}, lastChange: {} });
