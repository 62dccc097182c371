import { errorType, pushedError, requestUrl, sendJson } from '../http/http-util.ts';
import * as v from 'valibot';
import { BodyError } from '../http/request-body.ts';
import { readRouteBody, type Call } from '../http/route.ts';
import type { Device } from '../venue/device-store.ts';
import type { Logger } from '../log/logger.ts';
import type { requestGate } from '../venue/request-gate.ts';
import { CACHE_MS, type VenueStore } from '../venue/venue-store.ts';
import { SYNC_PROTOCOL, SYNC_PROTOCOL_HEADER } from '../../core/wire/protocol.ts';
import type { SyncHub } from './sync-hub.ts';
import {
  HEARTBEAT_MS,
  MAX_BUFFERED_BYTES,
  openEventStream,
  STREAM_MAX_AGE_MS,
  type EventStreamDeps,
} from './event-stream.ts';
import type { StreamCaps } from './stream-caps.ts';
import { BOARD_LIMITS, CHANGES_LIMIT, MAX_PUSH_MUTATIONS, type ServerSyncStore } from './server-sync-store.ts';

/** POST /1/sync/push: the batch; each mutation is read alone (src/core/wire/sync.ts), so a bad one is refused alone. */
export const syncPushSchema = v.strictObject({
  mutations: v.pipe(v.array(v.unknown()), v.minLength(1), v.maxLength(MAX_PUSH_MUTATIONS)),
});

/** A push of 500 mutations, each a whole party at most: far above what a tablet sends, far below harm. */
export const SYNC_MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Event streams' timings (the settings set the age; tests shorten the rest). */
export interface SyncStreamOptions {
  heartbeatMs?: number;
  /** How often an open stream checks that its tablet is still paired. */
  recheckMs?: number;
  maxAgeMs?: number;
  /** Bytes waiting for a client that does not read, past which its stream is cut. */
  maxBufferedBytes?: number;
  random?: () => number;
}

const WHOLE = /^(0|[1-9][0-9]{0,15})$/;

/**
 * The sync API of a paired tablet: push its mutations, page what changed since its version, and an
 * event stream that says when the venue's version moves (README, "Venue server routes"; src/server/sync/README.md).
 */
export function syncApi(options: {
  sync: ServerSyncStore;
  hub: SyncHub;
  venues: VenueStore;
  gate: ReturnType<typeof requestGate>;
  log: Logger;
  maxBodyBytes?: number;
  /** The event streams' caps, shared by every route of this server copy. */
  caps: StreamCaps;
  streams?: SyncStreamOptions;
  /** A venue's board, at most, and a page of changes, at most (BOARD_LIMITS by default). */
  board?: Partial<typeof BOARD_LIMITS>;
}) {
  const { sync, hub, venues, gate, log, caps } = options;
  const board = { ...BOARD_LIMITS, ...options.board };
  const maxBodyBytes = options.maxBodyBytes ?? SYNC_MAX_BODY_BYTES;
  const streams = options.streams ?? {};
  const streamDeps: EventStreamDeps = {
    sync,
    hub,
    caps,
    gate,
    log,
    stillPaired: async (token) => !('refused' in (await venues.authenticate(token))),
    heartbeatMs: streams.heartbeatMs ?? HEARTBEAT_MS,
    recheckMs: streams.recheckMs ?? CACHE_MS,
    maxAgeMs: streams.maxAgeMs ?? STREAM_MAX_AGE_MS,
    maxBufferedBytes: streams.maxBufferedBytes ?? MAX_BUFFERED_BYTES,
    random: streams.random ?? Math.random,
  };

  /** A sync route: the tablet's protocol checked first, then its token and the sync budget; body refusals in words. */
  const route =
    (
      handle: (
        call: Call,
        device: Device,
        answer: { send: (status: number, value: unknown) => void; refuse: (s: number, t: string, m: string) => void },
      ) => Promise<void>,
    ) =>
    async (call: Call): Promise<void> => {
      const { req, res, headers } = call;
      const send = (status: number, value: unknown) => sendJson(res, status, value, headers);
      // Another sync protocol is other merge rules: nothing it sends is applied, nothing it reads is trusted.
      const protocol = req.headers[SYNC_PROTOCOL_HEADER.toLowerCase()] ?? String(SYNC_PROTOCOL); // tablets before the header speak 1
      if (protocol !== String(SYNC_PROTOCOL)) {
        gate.refused(req, 426, 'update_required');
        return send(
          426,
          pushedError(
            'update_required',
            `This tablet syncs by other rules than the venue server (protocol ${SYNC_PROTOCOL}): update Waitbell on it.`,
          ),
        );
      }
      const admitted = await gate.admit(req, 'sync');
      if ('status' in admitted)
        return sendJson(res, admitted.status, admitted.body, { ...headers, ...admitted.headers });
      const { device } = admitted;
      const refuse = (status: number, type: string, message: string) => {
        gate.refused(req, status, type, { device: device.id });
        send(status, pushedError(type, message));
      };
      try {
        await handle(call, device, { send, refuse });
      } catch (error) {
        if (error instanceof BodyError) return refuse(error.status, errorType(error.status), error.message);
        throw error;
      }
    };

  return {
    push: route(async (call, device, { send, refuse }) => {
      const read = await readRouteBody(call, maxBodyBytes);
      if (!read.success) {
        const counted = read.issues[0].type === 'min_length' || read.issues[0].type === 'max_length';
        return refuse(
          400,
          'invalid_request',
          counted ? `Send 1 to ${MAX_PUSH_MUTATIONS} mutations at a time.` : 'The body must be {"mutations": [ … ]}.',
        );
      }
      const { mutations } = read.output as v.InferOutput<typeof syncPushSchema>; // the route's schema
      const venueId = device.venueId;
      const result = await sync.push(venueId, device.id, mutations, board);
      const counts = { applied: 0, duplicate: 0, rejected: 0 };
      for (const o of result.outcomes) counts[o.outcome] += 1;
      // Counts and ids only: never a party's name or what changed.
      log.info('sync push', { venue: venueId, device: device.id, ...counts, version: result.version });
      if (counts.applied > 0) hub.wake(venueId, result.version);
      return send(200, result);
    }),

    changes: route(async ({ req }, device, { send, refuse }) => {
      const query = requestUrl(req)!.searchParams;
      const since = query.get('since') ?? '0';
      const limit = query.get('limit') ?? String(CHANGES_LIMIT.default);
      const scope = query.get('scope');
      if (!WHOLE.test(since)) return refuse(400, 'invalid_request', 'since is a version: a whole number, 0 or more.');
      if (!WHOLE.test(limit) || Number(limit) < 1 || Number(limit) > CHANGES_LIMIT.max)
        return refuse(400, 'invalid_request', `limit is a whole number from 1 to ${CHANGES_LIMIT.max}.`);
      if (scope !== null && scope !== 'board') return refuse(400, 'invalid_request', 'scope is board, or absent.');
      const page = await sync.changes(device.venueId, Number(since), {
        limit: Number(limit),
        scope: scope === 'board' ? 'board' : 'all',
        pageBytes: board.pageBytes,
      });
      return send(200, page);
    }),

    events: route(({ req, res, headers }, device) => openEventStream(streamDeps, req, res, device, headers)),
  };
}
