import type { Party } from '../../src/core/party.ts';

export const HISTORY = 100_000;
export const WAITING = 60;
const DAY = 86_400_000;
const STATUSES = ['seated', 'seated', 'seated', 'no_show', 'removed'] as const;

/** Party number `i` of a venue's stored list: the first HISTORY finished over 25 days, then WAITING on the board. */
export function seedParty(i: number, now: number): Party {
  const waiting = i >= HISTORY;
  const joinedAt = waiting ? now - (HISTORY + WAITING - i) * 60_000 : now - 25 * DAY + i * 20_000;
  return {
    id: `seed-${i}`,
    name: `Guest number ${i}`,
    size: 1 + (i % 8),
    note: i % 3 === 0 ? 'High chair, booth if possible' : '',
    quoteMinutes: i % 4 === 0 ? null : 15 + (i % 4) * 5,
    pushedId: i % 2 === 0 ? `Pid${i}x00` : null,
    status: waiting ? (i % 5 === 0 ? 'notified' : 'waiting') : STATUSES[i % STATUSES.length]!,
    joinedAt,
    updatedAt: joinedAt + 40 * 60_000,
    finishedAt: waiting ? null : joinedAt + 40 * 60_000,
    previous: null,
    email: null,
    messages: waiting
      ? {}
      : {
          table_ready: {
            round: 1,
            at: joinedAt + 30 * 60_000,
            delivery: { state: 'sent', at: joinedAt + 30 * 60_000, shipmentId: `S${i}` },
            sent: 1,
          },
        },
    lastMessage: waiting ? null : 'table_ready',
    joinedPosition: waiting ? i - HISTORY + 1 : null,
    rank: joinedAt,
    calledAt: waiting ? (i % 5 === 0 ? now - 60_000 : null) : joinedAt + 30 * 60_000,
    callCount: waiting ? (i % 5 === 0 ? 1 : 0) : 1,
    finishReason: null,
    excusedAt: null,
  };
}
