import { signal } from '@preact/signals';
import { patchBoard } from '../core/board.ts';
import type { Party } from '../core/party.ts';
import type { OutboxStore } from '../storage/outbox-store.ts';
import type { PartyStore } from '../storage/parties-store.ts';
import { coalesce } from './coalesce.ts';

/** The board as stored, kept in signals: active parties, whether the first read is done, and what waits to be sent. */
export function createBoardSignals(
  { store, outbox }: { store: PartyStore; outbox: OutboxStore },
  fail: (error: unknown) => void,
) {
  const parties = signal<Party[]>([]);
  /** Notifications waiting to go (or going), for the connection badge. */
  const waitingToSend = signal(0);
  const loaded = signal(false);

  // Reads never clear a problem about a write; they keep the board as it was on failure.
  // Bumped by every local patch: a whole-board read that started before it is out of date.
  let version = 0;
  const patch = (party: Party) => {
    version += 1;
    parties.value = patchBoard(parties.value, party);
  };

  async function readOnce(): Promise<void> {
    const startedAt = version;
    try {
      const [board, queued] = await Promise.all([store.readBoard(), outbox.count()]);
      if (startedAt !== version) return void refresh(); // a patch landed meanwhile: read again rather than undo it
      parties.value = board;
      waitingToSend.value = queued;
      loaded.value = true;
    } catch (error) {
      fail(error);
    }
  }

  const refresh = coalesce(readOnce);

  return {
    parties,
    waitingToSend,
    loaded,
    /** Re-reads the whole board (another tab changed something, or at start-up). Never rejects. */
    refresh,
    /** Re-reads one party (and the outbox count) after a change to it: far cheaper than the whole board. Never rejects. */
    async refreshParty(id: string): Promise<void> {
      try {
        const [party, count] = await Promise.all([store.get(id), outbox.count()]);
        waitingToSend.value = count;
        if (party) patch(party);
      } catch (error) {
        fail(error);
      }
    },
    /** Shows a party this tab has just written, without a read. */
    patch,
    /** Re-counts what waits to be sent, after a write; throws what storage throws. */
    async recount(): Promise<void> {
      waitingToSend.value = await outbox.count();
    },
  };
}

/** The board's synchronisation with storage. */
export type BoardSignals = ReturnType<typeof createBoardSignals>;
