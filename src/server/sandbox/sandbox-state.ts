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

/** Everything the sandbox remembers, in memory: it starts empty with every server. */
export function createSandboxState() {
  const guests = new Map<string, SandboxGuest>();
  const shipments: Shipment[] = [];
  const faults: { fault: Fault; remaining: number }[] = [];
  const clientFaults: { fault: Fault; remaining: number }[] = [];
  const codes = new Map<string, string>(); // OAuth code → pushedId
  const listeners = new Map<string, Set<(n: SandboxNotification) => void>>();
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
      return guest;
    },

    addFault(fault: Fault, count: number) {
      (fault.mode === 'drop-client' ? clientFaults : faults).push({ fault, remaining: count });
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
      for (const guest of recipients) {
        const notification = { shipment: shipment.id, at: shipment.at, content: shipment.content, url };
        guest.notifications.push(notification);
        for (const listener of listeners.get(guest.pushedId) ?? []) listener(notification);
      }
    },

    listen(pushedId: string, fn: (n: SandboxNotification) => void): () => void {
      const set = listeners.get(pushedId) ?? new Set();
      set.add(fn);
      listeners.set(pushedId, set);
      return () => set.delete(fn);
    },

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
