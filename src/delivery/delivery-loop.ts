import { settleAttempt, type OutboxEntry } from '../core/delivery.ts';
import type { Clock } from '../core/ports.ts';
import type { Connectivity } from '../platform/connectivity.ts';
import type { ExclusiveLock } from '../platform/exclusive-lock.ts';
import type { OutboxStore } from '../storage/outbox-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import type { PushSender } from './push-sender.ts';

/** The lock that makes one sender at a time across the tablet's tabs. */
const SEND_LOCK = 'waitbell-outbox';

export interface DeliveryLoopDeps {
  outbox: OutboxStore;
  settings: SettingsStore;
  send: PushSender;
  connectivity: Connectivity;
  lock: ExclusiveLock;
  clock: Clock;
  /** A number in [0, 1), for backoff jitter. */
  random: () => number;
  /** Called after every change to a party's delivery (with its id; none after a recovery), so the boards can re-read. */
  onChange(partyId?: string): void;
  /** Called after every change to an announcement's delivery (after `onChange()`), so its list can re-read. */
  onAnnouncement?(id: string): void;
  /** Called with a storage or programming failure; never with a secret in it. */
  onError?(error: unknown): void;
}

/** The outbox drain loop: oldest first, one sender across tabs, never a network wait inside a transaction. */
export function createDeliveryLoop(deps: DeliveryLoopDeps) {
  const { outbox, settings, send, connectivity, lock, clock, random, onChange } = deps;
  const stopping = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  function wakeAt(at: number) {
    clearTimeout(timer);
    if (!stopping.signal.aborted) timer = setTimeout(() => void kick(), Math.max(0, at - clock.now()));
  }

  // Tells whoever shows the entry's delivery: its party's row, or an announcement's list (and the count of what waits).
  function changed(entry: OutboxEntry) {
    if (entry.kind !== 'announcement') return onChange(entry.partyId);
    onChange();
    deps.onAnnouncement?.(entry.announcementId);
  }

  async function drain(): Promise<void> {
    // The venue's settings of the moment decide the route, at each attempt.
    if ((await outbox.recoverInterrupted(clock.now(), random(), (await settings.read()).route)) > 0) onChange();
    while (!stopping.signal.aborted && connectivity.isOnline()) {
      const next = await outbox.takeNext(clock.now());
      if (next.kind === 'idle') return;
      if (next.kind === 'wait') return wakeAt(next.until);
      changed(next.entry); // the row shows "sending"; the in-flight mark is already committed
      const current = await settings.read();
      const result = await send(next.entry, current, stopping.signal);
      const settlement = settleAttempt(next.entry, result, clock.now(), random(), current.route);
      await outbox.settle(next.entry.seq, settlement);
      changed(next.entry);
      if (settlement.entry) return wakeAt(settlement.entry.notBefore); // trouble is rarely one message's: keep the line
    }
    // Offline: what is queued provably never left, and the `online` event brings the loop back.
  }

  /** Drains now, or once more after the drain under way. Never rejects. */
  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await lock(SEND_LOCK, drain);
        } catch (error) {
          deps.onError?.(error);
        }
      } while (again && !stopping.signal.aborted);
    })().finally(() => (running = null));
    return running;
  }

  return {
    kick,
    /** True while a drain is under way (a send may be in flight). */
    busy: () => running !== null,
    /** Wires the triggers (start-up, online, the page becoming visible) and drains once; returns stop. */
    start(onVisible: (fn: () => void) => () => void): () => void {
      const offOnline = connectivity.onChange((online) => online && void kick());
      const offVisible = onVisible(() => void kick());
      void kick();
      return () => {
        stopping.abort();
        clearTimeout(timer);
        offOnline();
        offVisible();
      };
    },
  };
}
