import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { SANDBOX_SETTINGS } from '../core/settings.ts';
import { createRelay, type Relay } from './relay/relay.ts';
import { relayLogger } from './relay/relay-log.ts';
import { createSandbox, DEMO_ACCOUNT } from './sandbox/sandbox.ts';

const RELAY_PREFIX = '/relay';

/**
 * Mounts the Pushed sandbox and, in front of it, the relay on Vite's dev and preview servers: the
 * app, the relay and the emulated Pushed on one port, so `npm start` shows the production path
 * kiosk → relay → Pushed with nothing else to run.
 */
export function pushedSandbox(): Plugin {
  const mount = (middlewares: Connect.Server) => {
    const sandbox = createSandbox();
    let relay: Relay | undefined;
    const relayFor = (req: IncomingMessage) =>
      (relay ??= createRelay({
        appKey: DEMO_ACCOUNT.appKey,
        appSecret: DEMO_ACCOUNT.appSecret,
        upstream: `http://127.0.0.1:${req.socket.localPort}/1`, // this same server's sandbox
        allowedOrigins: [],
        tokens: { tokens: [SANDBOX_SETTINGS.deviceToken] },
        dataDir: join(tmpdir(), `waitbell-demo-relay-${req.socket.localPort}-${process.pid}`),
        logger: relayLogger(() => {}), // the demo stays quiet; `npm run relay` logs
      }));
    middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      if (req.url?.startsWith(`${RELAY_PREFIX}/`)) {
        req.url = req.url.slice(RELAY_PREFIX.length);
        if (req.url === '/1/push' && sandbox.state.takeClientDrop()) cutOffAnswer(res);
        return void relayFor(req).handle(req, res, next);
      }
      void sandbox.handle(req, res, next);
    });
  };
  return {
    name: 'waitbell-pushed-sandbox',
    configureServer: (server) => mount(server.middlewares),
    configurePreviewServer: (server) => mount(server.middlewares),
  };
}

/** A sandbox fault: the relay does its work, but its answer to the tablet is cut off mid-body, as a dropped connection does. */
function cutOffAnswer(res: ServerResponse) {
  // The status line and headers go out (chunked); the body is cut short, which no browser retries by itself.
  res.end = (() => {
    res.write('{"resp', () => res.socket?.destroy());
    return res;
  }) as typeof res.end;
}
