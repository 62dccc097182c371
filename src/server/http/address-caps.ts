import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.ts';
import { addressBucket, clientAddress, plainAddress } from './client-address.ts';

/** A refused address is logged at most once in this long, with how many were refused meanwhile. */
const LOG_EVERY_MS = 10_000;
/** Addresses whose last line is remembered; older entries are forgotten past this. */
const LOGGED_KEPT = 1_000;

/** How many of something each address bucket holds, up to `max`; `say` is called at most once per address per 10 s. */
function perAddress(max: number, say: (client: string, refused: number) => void) {
  const held = new Map<string, number>();
  const logged = new Map<string, { at: number; refused: number }>();
  function note(bucket: string): void {
    const now = Date.now();
    const last = logged.get(bucket);
    if (last && now - last.at < LOG_EVERY_MS) return void (last.refused += 1);
    say(bucket, (last?.refused ?? 0) + 1);
    if (logged.size >= LOGGED_KEPT) for (const [b, l] of logged) if (now - l.at >= LOG_EVERY_MS) logged.delete(b);
    logged.set(bucket, { at: now, refused: 0 });
  }
  return {
    take(bucket: string): boolean {
      const count = held.get(bucket) ?? 0;
      if (count >= max) return (note(bucket), false);
      held.set(bucket, count + 1);
      return true;
    },
    give(bucket: string): void {
      const count = (held.get(bucket) ?? 1) - 1;
      if (count > 0) held.set(bucket, count);
      else held.delete(bucket);
    },
  };
}

/** The per-address cap's settings. */
export interface AddressCapConfig {
  /** Open connections (or, behind a trusted proxy, requests in progress) per client address; an IPv6 /64 is one. */
  maxConnectionsPerAddress: number;
  trustedProxies?: readonly string[];
}

/**
 * Caps what one client address holds, so that it can never starve the others. Directly: its open
 * sockets, counted as they connect, the extra ones closed at once. Behind a trusted proxy (the peer
 * then carries many clients): its requests in progress, streams included, by the forwarded address;
 * the returned check says whether a request may go on (else the caller answers 429). A request with an
 * allowance of its own (`own`: a guest's status stream, capped by the guest streams' own caps) holds
 * none of these: its connection is given back while it lasts, so guests' phones on a restaurant's wifi
 * never take the connections its tablets need.
 */
export function capPerAddress(server: Server, config: AddressCapConfig, log: Logger) {
  const max = config.maxConnectionsPerAddress;
  const proxies = (config.trustedProxies ?? []).map(plainAddress);
  const trusted = new Set(proxies);
  const sockets = perAddress(max, (client, refused) =>
    log.warn('connections refused: too many from one address', { client, refused, maxPerAddress: max }),
  );
  // Each counted socket's bucket, and whether it now counts (false: given back while a stream of its own lasts).
  const counted = new Map<Socket, { bucket: string; counts: boolean }>();
  server.on('connection', (socket: Socket) => {
    const peer = plainAddress(socket.remoteAddress ?? 'unknown');
    if (trusted.has(peer)) return; // a proxy carries many clients: each is counted by its requests
    const bucket = addressBucket(peer);
    if (!sockets.take(bucket)) return void socket.destroy();
    counted.set(socket, { bucket, counts: true });
    socket.once('close', () => {
      if (counted.get(socket)?.counts) sockets.give(bucket);
      counted.delete(socket);
    });
  });
  /** Gives a socket's slot back while `res` lasts; then takes it again (or closes a kept-alive socket with no slot left). */
  function exempt(socket: Socket, res: ServerResponse): void {
    const entry = counted.get(socket);
    if (!entry?.counts) return;
    entry.counts = false;
    sockets.give(entry.bucket);
    res.once('close', () => {
      if (socket.destroyed || counted.get(socket) !== entry) return;
      if (sockets.take(entry.bucket)) entry.counts = true;
      else socket.destroy();
    });
  }
  const requests = perAddress(max, (client, refused) =>
    log.warn('refused', { status: 429, type: 'too_many_connections', client, refused }),
  );
  return function mayProceed(req: IncomingMessage, res: ServerResponse, own = false): boolean {
    if (!trusted.has(plainAddress(req.socket.remoteAddress ?? 'unknown'))) {
      if (own) exempt(req.socket, res);
      return true;
    }
    if (own) return true;
    const bucket = addressBucket(clientAddress(req, proxies));
    if (!requests.take(bucket)) return false;
    res.once('close', () => requests.give(bucket));
    return true;
  };
}
