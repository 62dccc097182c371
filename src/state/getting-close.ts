import { effect, signal } from '@preact/signals';
import { DEFAULT_GETTING_CLOSE_POSITION, dueForGettingClose } from '../core/guest-message.ts';
import type { Clock } from '../core/ports.ts';
import type { ChangeFeed } from '../platform/change-feed.ts';
import type { OutboxStore } from '../storage/outbox-store.ts';
import type { BoardSignals } from './board-signals.ts';
import { coalesce } from './coalesce.ts';

/**
 * "Getting close", by itself: whenever the board changes (a host's action here, another tab's, a
 * reload), a look at its first few parties; only when one has just reached the venue's position does
 * a transaction run, which checks again and queues it — so two tabs send it once.
 */
export function createGettingClose(
  { outbox, deliver, clock, feed }: { outbox: OutboxStore; deliver(): void; clock: Clock; feed: ChangeFeed },
  { sync, fail }: { sync: BoardSignals; fail(error: unknown): void },
) {
  /** The venue's position for it (0 = off), from its settings; the transaction reads the stored one. */
  const position = signal(DEFAULT_GETTING_CLOSE_POSITION);

  const send = coalesce(async () => {
    try {
      const changed = await outbox.sendGettingClose(clock.now());
      if (changed.length === 0) return;
      for (const party of changed) {
        sync.patch(party);
        feed.announce(party.id);
      }
      await sync.recount();
      deliver();
    } catch (error) {
      fail(error);
    }
  });

  return {
    position,
    /** Watches the board until the returned function is called. */
    start(): () => void {
      return effect(() => {
        if (dueForGettingClose(sync.parties.value, position.value).length > 0) void send();
      });
    },
  };
}
