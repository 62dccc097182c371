import type { IncomingMessage, ServerResponse } from 'node:http';
import { pushedError, sendJson } from '../http/http-util.ts';
import type { Device } from '../venue/device-store.ts';
import type { Logger } from '../log/logger.ts';
import { bearerToken, type requestGate } from '../venue/request-gate.ts';
import type { ServerSyncStore } from './server-sync-store.ts';
import type { StreamCaps } from './stream-caps.ts';
import type { SyncHub } from './sync-hub.ts';

/** A comment on every open event stream this often, so proxies and the tablet know it is alive. */
export const HEARTBEAT_MS = 15_000;
/** A stream ends after at most this long (its tablet opens another by itself), so none lives forever. */
export const STREAM_MAX_AGE_MS = 10 * 60_000;
/** Bytes waiting for a client that does not read, past which its stream is cut (a few hundred events). */
export const MAX_BUFFERED_BYTES = 64 * 1024;

/** How a stream ends: the server stops, a newer stream of its tablet replaced it, its tablet was revoked, it aged. */
type Ending = 'stopping' | 'replaced' | 'revoked' | 'aged';

/** What an event stream needs from the server around it. */
export interface EventStreamDeps {
  sync: ServerSyncStore;
  hub: SyncHub;
  caps: StreamCaps;
  gate: ReturnType<typeof requestGate>;
  log: Logger;
  /** Whether the tablet is still paired: a refused one's stream ends. */
  stillPaired(token: string): Promise<boolean>;
  heartbeatMs: number;
  recheckMs: number;
  /** A stream ends between 3/4 of this and this after it opened (spread, so tablets do not all come back at once). */
  maxAgeMs: number;
  maxBufferedBytes: number;
  random: () => number;
}

const REFUSALS = {
  venue: {
    status: 429,
    message:
      'This venue already has as many live connections to the venue server as it may: close Waitbell on the tablets or browser tabs no longer in use. This tablet still syncs meanwhile.',
  },
  server: {
    status: 503,
    message:
      'The venue server holds as many live connections as it can just now. This tablet still syncs meanwhile and tries again shortly.',
  },
} as const;

/**
 * GET /1/sync/events for an admitted tablet: `event: version` at once and on each new version, `event:
 * settings`, `event: announcements`, a ping now and then. Capped (stream-caps.ts), ended at its maximum age, and cut when its
 * client stops reading (what waits for it would otherwise grow without bound).
 */
export async function openEventStream(
  deps: EventStreamDeps,
  req: IncomingMessage,
  res: ServerResponse,
  device: Device,
  headers: Record<string, string>,
): Promise<void> {
  const venueId = device.venueId;
  const token = bearerToken(req) ?? '';
  let sent = -1;
  let started = false; // the head is out
  let open = true;
  const write = (text: string) => {
    if (!started || !open) return;
    res.write(text);
    if (res.writableLength <= deps.maxBufferedBytes) return;
    deps.log.warn('event stream cut: its tablet does not read', { device: device.id, venue: venueId });
    stop();
    res.destroy(); // ending would wait for the client to read what is already waiting
  };
  const stream = {
    version(version: number) {
      if (!open || version <= sent) return; // several versions while one is being written: the newest says it all
      sent = version;
      write(`event: version\ndata: ${JSON.stringify({ version })}\n\n`);
    },
    settings() {
      if (open) write('event: settings\ndata: {}\n\n');
    },
    // Tablets of before skip an event they do not know (their reader acts on its name only).
    announcements() {
      if (open) write('event: announcements\ndata: {}\n\n');
    },
    end: () => end('stopping'),
  };
  function end(why: Ending): void {
    if (!open) return;
    stop();
    // A replaced stream says so: its tab then waits, instead of taking the stream back from the newer one at once.
    if (started) return void res.end(why === 'replaced' ? 'event: replaced\ndata: {}\n\n' : undefined);
    if (why === 'stopping')
      sendJson(res, 503, pushedError('shutting_down', 'The venue server is restarting; try again shortly.'), {
        ...headers,
        'Retry-After': '5',
      });
    else sendJson(res, 409, pushedError('stream_replaced', 'This tablet opened a newer event stream.'), headers);
  }

  const admitted = deps.caps.admit(device.id, venueId, () => end('replaced'));
  if ('refused' in admitted) {
    const { status, message } = REFUSALS[admitted.refused];
    deps.gate.refused(req, status, 'too_many_streams', { device: device.id, full: admitted.refused });
    return sendJson(res, status, pushedError('too_many_streams', message), { ...headers, 'Retry-After': '30' });
  }
  const { release } = admitted;
  const timers: ReturnType<typeof setTimeout>[] = [];
  function stop(): void {
    open = false;
    release();
    unsubscribe();
    timers.forEach(clearTimeout); // intervals too: Node clears both by one call
  }
  // Subscribed before the version is read, so nothing committed in between is missed.
  const unsubscribe = deps.hub.subscribe(venueId, stream);
  timers.push(setInterval(() => write(': ping\n\n'), deps.heartbeatMs));
  timers.push(
    setInterval(() => {
      deps.stillPaired(token).then(
        (paired) => paired || end('revoked'),
        () => {}, // a database hiccup does not end a stream: the next check decides
      );
    }, deps.recheckMs),
  );
  timers.push(setTimeout(() => end('aged'), deps.maxAgeMs * (0.75 + 0.25 * deps.random())));
  res.once('close', stop);
  try {
    // Listening before the version is read: a version committed after that read is then always heard.
    await deps.hub.ready();
    const version = await deps.sync.version(venueId);
    if (!open) return;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no', // nginx: pass each event on at once
      ...headers,
    });
    started = true;
    const heard = sent;
    sent = -1;
    stream.version(Math.max(version, heard));
  } catch (error) {
    stop();
    throw error; // a DatabaseError: the relay answers 503
  }
}
