import type { Party } from '../../core/party.ts';
import type { GuestPushed, GuestState, GuestStatus } from '../../core/wire/guest.ts';
import { compareByPlace } from '../../core/board.ts';

/** How long after its party finished a ticket still answers (then 410): the guest sees how it ended, then it is gone. */
export const TICKET_AFTER_FINISH_MS = 2 * 60 * 60_000;

/** A party's place in line as the board orders it. */
export type PlaceKey = Pick<Party, 'id' | 'rank' | 'joinedAt'>;

/** Where a party stands, in the guest's words. */
export function guestStateOf(party: Party): GuestState {
  switch (party.status) {
    case 'waiting':
      return 'waiting';
    case 'notified':
      return 'called';
    case 'seated':
      return 'seated';
    case 'removed':
      return party.finishReason === 'guest_cancelled' ? 'cancelled' : 'left';
    case 'no_show':
      return 'left';
  }
}

/** The party's place among the waiting parties `waiting` (any order, itself included or not): 1 first. */
export const placeAmong = (waiting: readonly PlaceKey[], party: PlaceKey): number =>
  1 + waiting.filter((p) => p.id !== party.id && compareByPlace(p, party) < 0).length;

/**
 * `placeAmong` for many parties against one waiting line: sorted once, then a binary search each, so a venue's
 * thousands of open status pages cost one sort per change instead of a scan of the line per page.
 */
export function placesAmong(waiting: readonly PlaceKey[]): (party: PlaceKey) => number {
  const sorted = [...waiting].sort(compareByPlace);
  const byId = new Map(waiting.map((p) => [p.id, p]));
  return (party) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareByPlace(sorted[mid]!, party) < 0) low = mid + 1;
      else high = mid;
    }
    // Its own row, if read at another place than the party given, is not one before it.
    const self = byId.get(party.id);
    return 1 + low - (self && compareByPlace(self, party) < 0 ? 1 : 0);
  };
}

/** Whether a ticket of this party no longer answers: two hours after it finished. */
export const expired = (party: Party, now: number): boolean =>
  party.finishedAt !== null && now - party.finishedAt > TICKET_AFTER_FINISH_MS;

/** The guest's status: their own party, and of the others only how many wait before them. */
export function guestStatus(
  venue: { name: string; code: string },
  party: Party,
  place: number | null,
  now: number,
  pushed: GuestPushed = { offered: false, state: 'none', subscribeLink: null },
): GuestStatus {
  const waiting = party.status === 'waiting';
  return {
    venue: { name: venue.name, code: venue.code },
    party: { name: party.name, size: party.size },
    state: guestStateOf(party),
    place: waiting ? place : null,
    ahead: waiting && place !== null ? place - 1 : null,
    quoteMinutes: party.quoteMinutes,
    joinedAt: party.joinedAt,
    calledAt: party.calledAt,
    onMyWayAt: party.onMyWayAt ?? null,
    now,
    pushed,
  };
}

/** What tells two statuses apart for a guest (all but the clock): a stream sends only when this changes. */
export const statusKey = (status: GuestStatus): string => JSON.stringify({ ...status, now: 0 });
