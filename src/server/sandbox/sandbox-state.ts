import { randomBytes } from 'node:crypto';

/** A simulated guest with the Pushed app on their phone. */
export interface SandboxGuest {
  pushedId: string;
  email: string;
  /** Channel aliases this guest subscribed to. */
  channels: Set<string>;
  /** OAuth access tokens this guest granted (target `user`). */
  accessTokens: Set<string>;
  notifications: SandboxNotification[];
}

export interface SandboxNotification {
  shipment: string;
  at: number;
  content: string;
  url: string | null;
}

/** One accepted push. */
export interface Shipment {
  id: string;
  at: number;
  targetType: string;
  targetAlias: string | null;
  recipients: string[];
  content: string;
}

/** A failure to put on the next push requests, for demos and tests of retrying. */
export type Fault =
  | { mode: 'status'; status: number; retryAfter?: string }
  | { mode: 'slow'; delayMs: number }
  | { mode: 'drop'; afterProcessing: boolean }
  /** Taken by the demo relay, not by /1/push: the tablet's answer from the relay is cut off after Pushed took the push. */
  | { mode: 'drop-client' };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits. */
export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/** How much the sandbox keeps at most; past each, the oldest goes first (README, "The Pushed sandbox"). */
export const SANDBOX_LIMITS = {
  guests: 1_000,
  shipments: 1_000,
  notificationsPerGuest: 100,
  /** Live event streams (guest phones open); the oldest stream is ended. */
  listeners: 200,
  codes: 1_000,
  faults: 100,
} as const;

/** Deletes a map's oldest entries (insertion order) until it holds at most `max`. */
function trim<K, V>(map: Map<K, V>, max: number, onEvict: (value: V) => void = () => {}) {
  for (const [key, value] of map) {
    if (map.size <= max) return;
    map.delete(key);
    onEvict(value);
  }
}

/** One live event stream: who it is for, what it is told, and how to end it when evicted. */
interface Listener {
  pushedId: string;
  notify: (n: SandboxNotification) => void;
  end: () => void;
}

/** Everything the sandbox remembers, in memory: it starts empty with every server, and is bounded. */
export function createSandboxState() {
  const guests = new Map<string, SandboxGuest>();
  const shipments: Shipment[] = [];
  const faults: { fault: Fault; remaining: number }[] = [];
  const clientFaults: { fault: Fault; remaining: number }[] = [];
  const codes = new Map<string, string>(); // OAuth code → pushedId
  const listeners = new Map<symbol, Listener>();
  let pushRequests = 0;

  return {
    guests,
    shipments,
    codes,
    countRequest: () => void (pushRequests += 1),
    stats: () => ({ pushRequests, shipments: shipments.length }),

    createGuest(): SandboxGuest {
      const pushedId = randomAlphanumeric(16);
      const guest: SandboxGuest = {
        pushedId,
        email: `guest-${pushedId.slice(0, 6).toLowerCase()}@sandbox.test`,
        channels: new Set(),
        accessTokens: new Set(),
        notifications: [],
      };
      guests.set(pushedId, guest);
      trim(guests, SANDBOX_LIMITS.guests);
      return guest;
    },

    addFault(fault: Fault, count: number) {
      const queue = fault.mode === 'drop-client' ? clientFaults : faults;
      queue.push({ fault, remaining: count });
      if (queue.length > SANDBOX_LIMITS.faults) queue.shift();
    },
    /** Remembers an OAuth code for a guest, until exchanged (the oldest go past the limit). */
    addCode(code: string, pushedId: string) {
      codes.set(code, pushedId);
      trim(codes, SANDBOX_LIMITS.codes);
    },
    /** Whether the relay should cut off its next answer to the tablet. */
    takeClientDrop(): boolean {
      const next = clientFaults[0];
      if (!next) return false;
      next.remaining -= 1;
      if (next.remaining <= 0) clientFaults.shift();
      return true;
    },
    /** The fault for this request, if any is queued. */
    takeFault(): Fault | null {
      const next = faults[0];
      if (!next) return null;
      next.remaining -= 1;
      if (next.remaining <= 0) faults.shift();
      return next.fault;
    },
    clearFaults: () => void (faults.splice(0), clientFaults.splice(0)),

    deliver(recipients: SandboxGuest[], shipment: Shipment, url: string | null) {
      shipments.push(shipment);
      if (shipments.length > SANDBOX_LIMITS.shipments) shipments.splice(0, shipments.length - SANDBOX_LIMITS.shipments);
      for (const guest of recipients) {
        const notification = { shipment: shipment.id, at: shipment.at, content: shipment.content, url };
        guest.notifications.push(notification);
        if (guest.notifications.length > SANDBOX_LIMITS.notificationsPerGuest) guest.notifications.shift();
        for (const listener of listeners.values())
          if (listener.pushedId === guest.pushedId) listener.notify(notification);
      }
    },

    /** Tells `notify` each notification `pushedId` gets; past the limit the oldest stream is ended with `end`. */
    listen(pushedId: string, notify: (n: SandboxNotification) => void, end: () => void): () => void {
      const id = Symbol(pushedId);
      listeners.set(id, { pushedId, notify, end });
      trim(listeners, SANDBOX_LIMITS.listeners, (evicted) => evicted.end());
      return () => void listeners.delete(id);
    },
    /** How many event streams are open. */
    listening: () => listeners.size,

    reset() {
      guests.clear();
      shipments.splice(0);
      faults.splice(0);
      clientFaults.splice(0);
      codes.clear();
      pushRequests = 0;
    },
  };
}

export type SandboxState = ReturnType<typeof createSandboxState>;
