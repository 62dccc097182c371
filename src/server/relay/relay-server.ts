import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { pushedError, sendJson } from '../http-util.ts';
import { checkingInterval, manageConnections, type ManagedConnections } from '../server-lifecycle.ts';
import type { Relay } from './relay.ts';
import type { RelayServerConfig } from './relay-config.ts';
import type { RelayLogger } from './relay-log.ts';

/** What Node's parser found wrong with a request, as the status it deserves. */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

/**
 * The relay's HTTP server: timeouts on every stage of a request, a log line and an answer for
 * requests Node cannot parse, and, once stopping, 503 with `Connection: close` for new requests.
 */
export function createRelayServer(
  relay: Relay,
  config: RelayServerConfig,
  log: RelayLogger,
): { server: Server; connections: ManagedConnections } {
  const server = createServer({ connectionsCheckingInterval: checkingInterval(config) }, (req, res) => {
    if (connections.stopping) {
      return sendJson(res, 503, pushedError('shutting_down', 'The relay is restarting; try again shortly.'), {
        'Retry-After': '5',
        Connection: 'close',
      });
    }
    relay.handle(req, res);
  });
  const connections = manageConnections(server, config);
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const code = error.code ?? 'unknown';
    if (code !== 'ECONNRESET') log.warn('unreadable request', { code, client: socket.remoteAddress ?? null });
    if (!socket.writable || code === 'ECONNRESET') return void socket.destroy();
    socket.end(
      `HTTP/1.1 ${CLIENT_ERROR_STATUS[code] ?? '400 Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  });
  return { server, connections };
}
