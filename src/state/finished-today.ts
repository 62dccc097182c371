import { signal } from '@preact/signals';
import type { Party } from '../core/party.ts';
import type { Clock } from '../core/ports.ts';
import type { PartyStore } from '../storage/parties-store.ts';

/** Midnight before `now` on the tablet's clock: where "today's" finished parties begin. */
export const startOfDay = (now: number): number => new Date(now).setHours(0, 0, 0, 0);

/** Today's seated, no-show and removed parties, most recent first: the "Seated & gone" list. */
export function createFinishedToday(
  { store, clock }: { store: PartyStore; clock: Clock },
  fail: (error: unknown) => void,
) {
  const parties = signal<Party[]>([]);
  return {
    parties,
    /** Reads the list again (at start-up, when it is opened, and after a party leaves or comes back). Never rejects. */
    async reload(): Promise<void> {
      try {
        parties.value = await store.readFinishedSince(startOfDay(clock.now()));
      } catch (error) {
        fail(error);
      }
    },
  };
}

/** The "Seated & gone" list. */
export type FinishedToday = ReturnType<typeof createFinishedToday>;
