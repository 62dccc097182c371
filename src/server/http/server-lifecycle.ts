import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a node:http server waits on its clients. */
export interface ServerTimeouts {
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** A kept-alive connection with no new request is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no request in progress and no byte for this long is closed, one that never sent a byte too. */
  idleTimeoutMs: number;
  /** Open connections at most; Node closes any more at once (none by default). */
  maxConnections?: number;
}

/** Node checks the header and request timeouts this often; a fraction of the shortest, so they hold to within it. */
export const checkingInterval = (t: ServerTimeouts): number =>
  Math.max(50, Math.min(1_000, Math.floor(Math.min(t.headersTimeoutMs, t.requestTimeoutMs) / 4)));

/**
 * Puts timeouts on a server and tracks its connections: idle ones (silent from the start, or kept
 * alive with nothing to do) are closed after `idleTimeoutMs`, while one with an answer in progress is
 * left to finish (its own work is bounded elsewhere). `stop` is the graceful shutdown.
 */
export function manageConnections(server: Server, t: ServerTimeouts) {
  server.requestTimeout = t.requestTimeoutMs;
  server.headersTimeout = Math.min(t.headersTimeoutMs, t.requestTimeoutMs); // Node requires headers ≤ request
  server.keepAliveTimeout = t.keepAliveTimeoutMs;
  server.setTimeout(t.idleTimeoutMs); // Node re-arms it on every connection and after every keep-alive wait
  if (t.maxConnections) server.maxConnections = t.maxConnections; // a flood is cut off before it uses up file descriptors
  const answering = new Map<Socket, number>(); // answers in progress on each open connection
  let stopping = false;
  let stopped: (() => void) | null = null;

  const settle = () => {
    if (stopping && answering.size === 0) stopped?.();
  };
  server.on('connection', (socket: Socket) => {
    answering.set(socket, 0);
    socket.once('close', () => {
      answering.delete(socket);
      settle();
    });
  });
  // A listener here stops Node destroying the socket on its own: we decide, by what is in progress.
  server.on('timeout', (socket: Socket) => {
    if (!answering.get(socket)) socket.destroy();
  });
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (answering.get(socket) ?? 1) - 1;
      if (answering.has(socket)) answering.set(socket, left);
      if (stopping && left === 0) socket.end(); // its last answer is out: let the client see the connection end
    });
  });

  return {
    /** True once `stop` was called: new requests should be answered 503 with `Connection: close`. */
    get stopping() {
      return stopping;
    },
    /**
     * Stops accepting, closes every connection with nothing in progress, and resolves once the
     * answers in progress are out and their connections closed, or after `graceMs` at the latest.
     */
    stop(graceMs: number): Promise<void> {
      stopping = true;
      server.close();
      for (const [socket, count] of answering) if (count === 0) socket.destroy();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const socket of answering.keys()) socket.destroy();
          resolve();
        }, graceMs);
        stopped = () => {
          clearTimeout(timer);
          resolve();
        };
        settle();
      });
    },
  };
}

/** Connection management of one server. */
export type ManagedConnections = ReturnType<typeof manageConnections>;
