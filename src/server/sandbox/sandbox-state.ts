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
  /** Access tokens a guest has granted; the oldest grant goes first. */
  accessTokensPerGuest: 20,
  faults: 100,
} as const;

/** How long an OAuth code can be exchanged after it was minted. */
export const CODE_LIFETIME_MS = 10 * 60_000;

/** Which sandbox endpoint a queued fault is for: `/1/push` (the default) or the OAuth exchange. */
export type FaultTarget = 'push' | 'oauth';

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

type FaultQueue = { fault: Fault; remaining: number }[];

/** The next fault in a queue, counted down: the queue's first entry goes once used `count` times. */
function takeFrom(queue: FaultQueue): Fault | null {
  const next = queue[0];
  if (!next) return null;
  next.remaining -= 1;
  if (next.remaining <= 0) queue.shift();
  return next.fault;
}

/** Everything the sandbox remembers, in memory: it starts empty with every server, and is bounded. `now`: its clock (codes expire by it). */
export function createSandboxState(now: () => number = Date.now) {
  const guests = new Map<string, SandboxGuest>();
  const shipments: Shipment[] = [];
  const faults: FaultQueue = [];
  const oauthFaults: FaultQueue = [];
  const clientFaults: FaultQueue = [];
  const codes = new Map<string, { pushedId: string; at: number }>(); // OAuth code → who granted it, and when
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

    /** Queues a fault for the next `count` requests to `on` (`drop-client` is always the relay's). */
    addFault(fault: Fault, count: number, on: FaultTarget = 'push') {
      const queue = fault.mode === 'drop-client' ? clientFaults : on === 'oauth' ? oauthFaults : faults;
      queue.push({ fault, remaining: count });
      if (queue.length > SANDBOX_LIMITS.faults) queue.shift();
    },
    /** Mints an OAuth code for a guest, exchangeable once within CODE_LIFETIME_MS (the oldest go past the limit). */
    mintCode(pushedId: string): string {
      const code = randomAlphanumeric(24);
      codes.set(code, { pushedId, at: now() });
      trim(codes, SANDBOX_LIMITS.codes);
      return code;
    },
    /** Exchanges a code for a new access token of the guest who granted it; null when unknown, used, expired or the guest is gone. */
    exchangeCode(code: string): string | null {
      const grant = codes.get(code);
      codes.delete(code); // once only, whether it is still good or not
      const guest = grant && now() - grant.at <= CODE_LIFETIME_MS ? guests.get(grant.pushedId) : undefined;
      if (!guest) return null;
      const token = randomAlphanumeric(40);
      guest.accessTokens.add(token);
      for (const old of guest.accessTokens)
        if (guest.accessTokens.size > SANDBOX_LIMITS.accessTokensPerGuest) guest.accessTokens.delete(old);
      return token;
    },
    /** Whether the relay should cut off its next answer to the tablet. */
    takeClientDrop: (): boolean => takeFrom(clientFaults) !== null,
    /** The fault for this request to `on`, if any is queued. */
    takeFault: (on: FaultTarget = 'push'): Fault | null => takeFrom(on === 'oauth' ? oauthFaults : faults),
    clearFaults: () => void (faults.splice(0), oauthFaults.splice(0), clientFaults.splice(0)),

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
      oauthFaults.splice(0);
      clientFaults.splice(0);
      codes.clear();
      pushRequests = 0;
    },
  };
}

export type SandboxState = ReturnType<typeof createSandboxState>;
