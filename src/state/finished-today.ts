import { signal } from '@preact/signals';
import type { Party } from '../core/party.ts';
import type { Clock } from '../core/ports.ts';
import type { PartyStore } from '../storage/parties-store.ts';
import { coalesce } from './coalesce.ts';

/** Midnight before `now` on the tablet's clock: where "today's" finished parties begin. */
export const startOfDay = (now: number): number => new Date(now).setHours(0, 0, 0, 0);

/** Today's seated, no-show and removed parties, most recent first: the "Seated & gone" list. */
export function createFinishedToday(
  { store, clock }: { store: PartyStore; clock: Clock },
  fail: (error: unknown) => void,
) {
  const parties = signal<Party[]>([]);
  async function readOnce(): Promise<void> {
    try {
      parties.value = await store.readFinishedSince(startOfDay(clock.now()));
    } catch (error) {
      fail(error);
    }
  }
  const reload = coalesce(readOnce);
  return {
    /** Shows a party this tab has just written, without a read: in the list if it finished today, out of it if not. */
    patch(party: Party): void {
      const rest = parties.value.filter((p) => p.id !== party.id);
      const today = party.finishedAt !== null && party.finishedAt >= startOfDay(clock.now());
      // Most recently finished first, ties as the finishedAt index gives them when read back (reversed key order).
      parties.value = today
        ? [party, ...rest].sort((a, b) => b.finishedAt! - a.finishedAt! || (a.id < b.id ? 1 : -1)) // all in the list have finished
        : rest;
    },
    parties,
    /** Reads the list again (at start-up, when it is opened, after a party leaves or comes back, after another tab's change). Never rejects. */
    reload,
  };
}

/** The "Seated & gone" list. */
export type FinishedToday = ReturnType<typeof createFinishedToday>;
