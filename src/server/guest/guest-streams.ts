import type { Party } from '../../core/party.ts';
import type { Database } from '../db/database.ts';
import { addressBucket } from '../http/client-address.ts';
import { sendJson } from '../http/http-util.ts';
import type { Call } from '../http/route.ts';
import type { Logger } from '../log/logger.ts';
import type { StreamListener, SyncHub } from '../sync/sync-hub.ts';
import type { requestGate } from '../venue/request-gate.ts';
import type { GuestApi } from './guest-routes.ts';
import { guestStatus, placesAmong, statusKey, type PlaceKey } from './guest-status.ts';

/** How many guest status streams this copy holds: in all, per client address, per venue. */
export interface GuestStreamLimits {
  perCopy: number;
  perAddress: number;
  perVenue: number;
}

/** Guest streams' timings (the settings set the age; tests shorten the rest). */
export interface GuestStreamTimings {
  heartbeatMs: number;
  maxAgeMs: number;
  /** Bytes waiting for a phone that does not read, past which its stream is cut. */
  maxBufferedBytes: number;
  random: () => number;
}

const REFUSALS = {
  address: [
    429,
    'too_many_streams',
    'Too many live status pages from this network just now; the page checks every few seconds instead.',
  ],
  venue: [
    429,
    'too_many_streams',
    'Too many live status pages for this restaurant just now; the page checks every few seconds instead.',
  ],
  copy: [
    503,
    'too_many_streams',
    'The server holds as many live status pages as it can just now; the page checks every few seconds instead.',
  ],
} as const;

/** Status pages written to before the fan-out lets the event loop serve anything else. */
const FAN_OUT_SLICE = 100;

/** One open status page. */
interface Watcher {
  partyId: string;
  venue: { name: string; code: string };
  /** What it was last told (the clock aside): it is told again only when this changes. */
  told: string | null;
  write(text: string): void;
  end(): void;
}

/** The open status pages of one venue, and what is known of their parties. */
interface Room {
  watchers: Set<Watcher>;
  parties: Map<string, { party: Party; version: number }>;
  /** Every change up to this version is in `parties`. */
  version: number;
  /** The newest version heard of. */
  heard: number;
  /** Parties whose page just opened: read whole at the next refresh. */
  fresh: Set<string>;
  running: boolean;
  again: boolean;
  unsubscribe: () => void;
}

/**
 * GET /1/guest/ticket/events: a guest's live status. Fanned out per venue: when the venue's version moves
 * (the sync hub, woken on every copy by NOTIFY), the venue's waiting line and its open pages' changed parties
 * are read **once**, and each page is sent its status only if it changed. Capped per copy, per client
 * address and per venue (never the tablets' streams' caps), ended after its maximum age, cut when unread.
 */
export function guestStreams(deps: {
  db: Database;
  hub: SyncHub;
  api: Pick<GuestApi, 'ticketOf' | 'pushedOf'>;
  gate: ReturnType<typeof requestGate>;
  log: Logger;
  limits: GuestStreamLimits;
  timings: GuestStreamTimings;
  now?: () => number;
}) {
  const { db, hub, gate, log, limits, timings } = deps;
  const now = deps.now ?? Date.now;
  const rooms = new Map<string, Room>();
  const perAddress = new Map<string, number>();
  const perVenue = new Map<string, number>();
  let open = 0;
  let pinging: ReturnType<typeof setInterval> | null = null;

  const bump = (map: Map<string, number>, key: string, by: number) => {
    const n = (map.get(key) ?? 0) + by;
    if (n > 0) map.set(key, n);
    else map.delete(key);
  };

  // One timer for every open page's heartbeat, not one each.
  function ping(): void {
    for (const room of rooms.values()) for (const w of room.watchers) w.write(': ping\n\n');
  }

  async function refresh(venueId: string, room: Room): Promise<void> {
    if (room.running) return void (room.again = true);
    room.running = true;
    try {
      do {
        room.again = false;
        const upTo = room.heard;
        const since = room.version;
        const fresh = [...room.fresh];
        room.fresh.clear();
        const followed = [...new Set([...room.watchers].map((w) => w.partyId))];
        const [changed, waiting] = await Promise.all([
          db.query<{ party_id: string; party: Party; version: unknown }>(
            `SELECT party_id, party, version FROM sync_parties
              WHERE venue_id = $1 AND ((party_id = ANY($2::text[]) AND version > $3) OR party_id = ANY($4::text[]))`,
            [venueId, followed, since, fresh],
          ),
          db.query<PlaceKey>(
            `SELECT party_id AS id, (party->>'rank')::float8 AS rank, (party->>'joinedAt')::float8 AS "joinedAt"
               FROM sync_parties WHERE venue_id = $1 AND party->>'status' = 'waiting'`,
            [venueId],
          ),
        ]);
        for (const row of changed.rows) {
          const version = Number(row.version);
          const known = room.parties.get(row.party_id);
          if (!known || known.version <= version) room.parties.set(row.party_id, { party: row.party, version });
        }
        room.version = Math.max(room.version, upTo);
        const at = now();
        const placeOf = placesAmong(waiting.rows);
        const pushedOf = await deps.api.pushedOf(
          venueId,
          followed.flatMap((id) => room.parties.get(id)?.party ?? []),
        );
        // Worked out once per party: a party's several open pages (a family's phones, reloads) share it.
        const said = new Map<string, { key: string; frame: string }>();
        let written = 0;
        for (const w of room.watchers) {
          // Thousands of pages are thousands of socket writes: a tablet's push is served between slices of them.
          if (written >= FAN_OUT_SLICE) {
            written = 0;
            await new Promise((resolve) => setImmediate(resolve));
          }
          const party = room.parties.get(w.partyId)?.party;
          if (!party) continue;
          let told = said.get(w.partyId);
          if (!told) {
            const place = party.status === 'waiting' ? placeOf(party) : null;
            const status = guestStatus(w.venue, party, place, at, pushedOf(party));
            told = { key: statusKey(status), frame: `event: status\ndata: ${JSON.stringify(status)}\n\n` };
            said.set(w.partyId, told);
          }
          if (told.key === w.told) continue;
          w.told = told.key;
          w.write(told.frame);
          written += 1;
        }
      } while (room.again);
    } catch (error) {
      log.warn('guest streams: refresh failed', {
        venue: venueId,
        name: error instanceof Error ? error.name : 'error',
      });
    } finally {
      room.running = false;
    }
  }

  function roomOf(venueId: string): Room {
    const known = rooms.get(venueId);
    if (known) return known;
    const listener: StreamListener = {
      version(version) {
        if (version <= room.heard) return;
        room.heard = version;
        refresh(venueId, room).catch(() => {}); // it logs its own failure
      },
      settings() {},
      end() {
        for (const w of [...room.watchers]) w.end();
      },
    };
    const room: Room = {
      watchers: new Set(),
      parties: new Map(),
      version: 0,
      heard: 0,
      fresh: new Set(),
      running: false,
      again: false,
      unsubscribe: () => {},
    };
    room.unsubscribe = hub.subscribe(venueId, listener);
    rooms.set(venueId, room);
    return room;
  }

  function leave(venueId: string, room: Room, watcher: Watcher): void {
    room.watchers.delete(watcher);
    if (room.watchers.size > 0) return;
    room.unsubscribe();
    rooms.delete(venueId);
    if (rooms.size === 0 && pinging) {
      clearInterval(pinging);
      pinging = null;
    }
  }

  return {
    async open(call: Call): Promise<void> {
      const { req, res } = call;
      const ticket = await deps.api.ticketOf(call);
      if (!ticket) return;
      const address = addressBucket(gate.client(req));
      const venueId = ticket.venueId;
      const full: keyof typeof REFUSALS | null =
        (perAddress.get(address) ?? 0) >= limits.perAddress
          ? 'address'
          : (perVenue.get(venueId) ?? 0) >= limits.perVenue
            ? 'venue'
            : open >= limits.perCopy
              ? 'copy'
              : null;
      if (full) {
        const [status, code, message] = REFUSALS[full];
        gate.refused(req, status, code, { venue: venueId, full }); // one line: never the token, never a name
        return sendJson(res, status, { error: { type: code, code, message } }, { 'Retry-After': '30' });
      }
      open += 1;
      bump(perAddress, address, 1);
      bump(perVenue, venueId, 1);
      let live = true;
      const timers: ReturnType<typeof setTimeout>[] = [];
      const room = roomOf(venueId);
      const watcher: Watcher = {
        partyId: ticket.partyId,
        venue: ticket.venue,
        told: null,
        write(text) {
          if (!live) return;
          res.write(text);
          if (res.writableLength <= timings.maxBufferedBytes) return;
          log.warn('guest stream cut: its page does not read', { venue: venueId });
          stop();
          res.destroy(); // ending would wait for the phone to read what already waits
        },
        end() {
          if (!live) return;
          stop();
          res.end();
        },
      };
      function stop(): void {
        if (!live) return;
        live = false;
        open -= 1;
        bump(perAddress, address, -1);
        bump(perVenue, venueId, -1);
        timers.forEach(clearTimeout);
        leave(venueId, room, watcher);
      }
      res.once('close', stop);
      timers.push(setTimeout(() => watcher.end(), timings.maxAgeMs * (0.75 + 0.25 * timings.random())));
      try {
        await hub.ready(); // listening before anything is read: a change committed after is always heard
        if (!live) return;
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Accel-Buffering': 'no',
          'Referrer-Policy': 'no-referrer',
        });
        room.watchers.add(watcher);
        room.fresh.add(ticket.partyId);
        pinging ??= setInterval(ping, timings.heartbeatMs);
        await refresh(venueId, room);
      } catch (error) {
        stop();
        throw error;
      }
    },
    /** Streams open on this copy. */
    size: () => open,
  };
}
export type GuestStreams = ReturnType<typeof guestStreams>;
