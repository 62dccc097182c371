import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { pushedError, sendJson } from './http-util.ts';
import { capPerAddress } from './address-caps.ts';
import { noteClientError } from './request-body.ts';
import { checkingInterval, manageConnections, type ManagedConnections } from './server-lifecycle.ts';
import type { Logger } from '../log/logger.ts';

/** What Node's parser found wrong with a request, as the status it deserves. */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

/** Timeouts and shutdown of the venue server's own HTTP server. */
export interface HttpServerConfig {
  port: number;
  host: string;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  idleTimeoutMs: number;
  shutdownGraceMs: number;
  maxConnections: number;
  /** Open connections per client address (behind a trusted proxy: requests in progress per forwarded address). */
  maxConnectionsPerAddress: number;
  /** Proxies whose X-Forwarded-For names the client: their own sockets are not capped per address. */
  trustedProxies?: string[];
  /** Connections accepted beyond maxConnections for requests with an allowance of their own (guests' status streams). */
  ownAllowanceConnections?: number;
}

/** What the HTTP server serves: the venue server's app (server-app.ts), or a stand-in in tests. */
export interface HttpApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Whether a request sent with `Expect: 100-continue` may send its body. */
  mayContinue(req: IncomingMessage): Promise<boolean>;
  /** Headers that let a browser read an answer the HTTP server gives itself (its CORS, for an allowed kiosk). */
  readableBy?(req: IncomingMessage): Record<string, string>;
  /** The client's address, for log lines. */
  client(req: IncomingMessage): string;
  /** Ends every open event stream, so that shutting down is not held by them. */
  endStreams(): Promise<void>;
  /** Whether a request is capped by an allowance of its own (a guest's status stream), not by its address's connections. */
  ownAllowance?(req: IncomingMessage): boolean;
}

/**
 * The relay's HTTP server: timeouts on every stage of a request, a cap per client address, a log line
 * and an answer for requests Node cannot parse, and, once stopping, 503 with `Connection: close` for new requests.
 */
export function createHttpServer(
  app: HttpApp,
  config: HttpServerConfig,
  log: Logger,
): { server: Server; connections: ManagedConnections } {
  const server = createServer({ connectionsCheckingInterval: checkingInterval(config) }, (req, res) => {
    // Said so that the kiosk's browser can read it: without CORS it would pass for "the server is unreachable".
    const readable = app.readableBy?.(req) ?? {};
    if (connections.stopping) {
      return sendJson(res, 503, pushedError('shutting_down', 'The venue server is restarting; try again shortly.'), {
        'Retry-After': '5',
        Connection: 'close',
        ...readable,
      });
    }
    if (!mayProceed(req, res, app.ownAllowance?.(req) ?? false))
      return sendJson(
        res,
        429,
        pushedError('too_many_connections', 'Too many requests in progress from this address; try again shortly.'),
        { 'Retry-After': '10', ...readable },
      );
    app.handle(req, res);
  });
  // Guests' status streams come on top of the connections the tablets and ordinary requests have.
  const managed = manageConnections(server, {
    ...config,
    maxConnections: config.maxConnections + (config.ownAllowanceConnections ?? 0),
  });
  const mayProceed = capPerAddress(server, config, log);
  // Open event streams never finish by themselves: stopping ends them first, so the grace is for real answers.
  const connections: ManagedConnections = {
    get stopping() {
      return managed.stopping;
    },
    stop(graceMs: number) {
      const stopped = managed.stop(graceMs);
      app.endStreams().catch(() => {}); // it never fails: unlistening swallows its own errors
      return stopped;
    },
  };
  // A listener here stops Node sending `100 Continue` to everyone: only a request that passed the gate gets it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const go = (ok: boolean) => {
      if (ok && !connections.stopping) res.writeContinue();
      server.emit('request', req, res); // through 'request', so connection tracking counts it like any other
    };
    if (connections.stopping) return go(false);
    app.mayContinue(req).then(go, () => go(false)); // a failed check reads no body; the handler answers it
  });
  // Without a listener Node destroys a CONNECT's socket silently: answer it and log it like other refusals.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    log.warn('refused', { status: 405, type: 'method_not_allowed', client: app.client(req) });
    socket.end(
      'HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST, OPTIONS\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
    );
  });
  let dropped = 0;
  let droppedLoggedAt = -Infinity;
  // Past maxConnections Node closes new connections itself; one line per 10 s says how many, not one per connection.
  server.on('drop', () => {
    dropped += 1;
    if (Date.now() - droppedLoggedAt < 10_000) return;
    log.warn('connections dropped: too many open', { dropped, maxConnections: config.maxConnections });
    droppedLoggedAt = Date.now();
    dropped = 0;
  });
  const current = new WeakMap<Socket | Duplex, IncomingMessage>(); // each connection's latest request
  server.prependListener('request', (req: IncomingMessage) => void current.set(req.socket, req));
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const code = error.code ?? 'unknown';
    noteClientError(socket, code); // a body being read when Node gave up is then refused for this reason
    const midBody = current.get(socket)?.complete === false; // then the request's own refusal is its log line
    if (code !== 'ECONNRESET' && !midBody)
      log.warn('unreadable request', { code, client: socket.remoteAddress ?? null });
    if (!socket.writable || code === 'ECONNRESET') return void socket.destroy();
    socket.end(
      `HTTP/1.1 ${CLIENT_ERROR_STATUS[code] ?? '400 Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  });
  return { server, connections };
}
