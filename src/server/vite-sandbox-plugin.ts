import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseLegacyUrl } from 'node:url';
import type { Connect, Logger as ViteLogger, Plugin } from 'vite';
import { SANDBOX_SETTINGS } from '../core/settings.ts';
import { sharedSettings } from '../core/shared-settings.ts';
import { guard, pushedError, sendJson, type FailureReport } from './http/http-util.ts';
import { createServerApp, type ServerApp } from './server-app.ts';
import { openServerStore, pgliteDir, type ServerStore } from './setup/server-store.ts';
import { SERVER_DEFAULTS } from './setup/server-config.ts';
import { serverLogger, type Logger } from './log/logger.ts';
import { createSandbox, DEMO_ACCOUNT } from './sandbox/sandbox.ts';
import { manageConnections } from './http/server-lifecycle.ts';
import { sharedSettingsStore } from './venue/shared-settings-store.ts';

const RELAY_PREFIX = '/relay';
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
/** The guests' check-in and status pages (`/v/:code`, `/v/:code/`, `/v/:code/status`), as the venue server routes them. */
const GUEST_PAGE = /^\/v\/[^/?#]+(\/status)?\/?(\?.*)?$/;
/** The guests' API: the demo venue server's, not the sandbox's Pushed emulation, though both live under /1/. */
const GUEST_API = /^\/1\/guest\//;
/** Pushed's way back to the venue server after a guest allowed (or declined) its notifications. */
const PUSHED_CALLBACK = /^\/oauth\/pushed(\?.*)?$/;

/** What the mount needs of a Vite dev or preview server. */
interface ViteServerLike {
  middlewares: Connect.Server;
  httpServer: unknown;
  resolvedUrls: { local: string[]; network: string[] } | null;
  config: { logger: ViteLogger; root: string; build: { outDir: string } };
}

/** Requests whose target would make Connect throw; their URL was replaced so Vite's stack survives them. */
const unreadableTargets = new WeakSet<IncomingMessage>();

/**
 * Connect parses every request's URL with Node's legacy parser, outside any try, in each `next()`:
 * a target like `http://[` ends the whole server. This listener runs first and defuses such targets.
 */
function shieldConnect(httpServer: Server) {
  httpServer.prependListener('request', (req: IncomingMessage) => {
    try {
      parseLegacyUrl(req.url ?? '/'); // the very call Connect makes
    } catch {
      unreadableTargets.add(req);
      req.url = '/';
    }
  });
}

/**
 * The origins the demo relay accepts: the server's own, as Vite resolved them once listening (a
 * loopback one under each loopback name), plus `extraOrigins`. Never derived from a Host header.
 */
export function demoOrigins(
  urls: { local: string[]; network: string[] } | null,
  extraOrigins: readonly string[] = [],
): string[] {
  const origins = new Set(extraOrigins);
  for (const url of [...(urls?.local ?? []), ...(urls?.network ?? [])]) {
    const { protocol, hostname, port, origin } = new URL(url);
    origins.add(origin);
    if (LOOPBACK.includes(hostname))
      for (const name of LOOPBACK) origins.add(`${protocol}//${name}${port ? `:${port}` : ''}`);
  }
  return [...origins];
}

/**
 * Mounts the Pushed sandbox and, in front of it, the relay on Vite's dev and preview servers: the
 * app, the relay and the emulated Pushed on one port, so `npm start` shows the production path
 * kiosk → relay → Pushed with nothing else to run. `extraOrigins`: more kiosk origins for the demo
 * relay (a tunnel or proxy in front of Vite). The demo tablet syncs its board with the demo venue
 * unless `WAITBELL_DEMO_SYNC=off` (read as each server mounts).
 */
export function pushedSandbox({ extraOrigins = [] }: { extraOrigins?: string[] } = {}): Plugin {
  /** `built`: serving the build (`vite preview`), whose guest page the demo server reads from its folder; else Vite's own. */
  const mount = (server: ViteServerLike, built: boolean) => {
    const logger = server.config.logger;
    // On by default: the demo tablet shares the demo venue's board (online check-ins show as rows); off for private boards.
    const demoSync = process.env.WAITBELL_DEMO_SYNC !== 'off';
    // For tests, which start many demo servers: a migrated PGlite folder copied instead of a new one (initdb: seconds of CPU).
    const template = process.env.WAITBELL_DEMO_TEMPLATE;
    const report: FailureReport = ({ status, name, client }) =>
      (status >= 500 ? logger.error : logger.warn)(
        `[waitbell sandbox] request failed: ${status} ${name} from ${client ?? 'unknown'}`,
        { timestamp: true },
      );
    const relayLog = serverLogger((line) => {
      if (line.includes('"level":"error"')) logger.error(`[waitbell venue server] ${line.trim()}`); // the demo logs only failures; `npm run server` logs all
    });
    let demo: Promise<DemoVenue> | undefined;
    /** The demo venue's database: opened at the first request to the server (a new PGlite folder takes seconds). */
    const demoOf = () => (demo ??= demoStore(relayLog, template));
    // The sandbox's API takes writes from the origins the demo relay accepts: this server's own, and `extraOrigins`.
    const sandbox = createSandbox(
      DEMO_ACCOUNT,
      SANDBOX_SETTINGS.venueName,
      report,
      () => demoOrigins(server.resolvedUrls, extraOrigins),
      async () => `/v/${(await demoOf()).code}`,
    );
    let relay: Promise<ServerApp> | undefined;
    const relayFor = (port: number) =>
      (relay ??= demoOf().then(({ store }) =>
        createServerApp({
          store,
          upstream: `http://127.0.0.1:${port}/1`, // this same server's sandbox
          allowedOrigins: demoOrigins(server.resolvedUrls, extraOrigins), // asked at the first request: Vite is listening by then
          ...(server.resolvedUrls?.local[0] ? { publicUrl: new URL(server.resolvedUrls.local[0]).origin } : {}),
          // The guest page from the build; `vite` (dev) has none: Vite serves its own source instead (below).
          ...(built ? { appDir: resolve(server.config.root, server.config.build.outDir) } : {}),
          logger: relayLog,
          demoSync,
        }),
      ));
    const handle = guard((req: IncomingMessage, res: ServerResponse, next?: () => void) => {
      if (unreadableTargets.has(req))
        return sendJson(res, 400, pushedError('invalid_request', 'The request target is not a URL.'));
      if (req.url?.startsWith(`${RELAY_PREFIX}/`)) {
        req.url = req.url.slice(RELAY_PREFIX.length);
        if (req.url === '/1/push' && sandbox.state.takeClientDrop()) cutOffAnswer(res);
        return relayFor(req.socket.localPort ?? 0).then((r) => r.handle(req, res, next));
      }
      if (!built && GUEST_PAGE.test(req.url ?? '')) {
        req.url = '/src/guest/guest.html'; // Vite's own page, transformed and hot-reloaded
        return next?.();
      }
      if (GUEST_API.test(req.url ?? '') || GUEST_PAGE.test(req.url ?? '') || PUSHED_CALLBACK.test(req.url ?? ''))
        return relayFor(req.socket.localPort ?? 0).then((r) => r.handle(req, res, next));
      // The sandbox starting over starts the demo venue's announcements over too: their 10-minute rule is the venue's.
      if (req.method === 'POST' && req.url === '/sandbox/api/reset' && demo)
        return demo
          .then(({ store }) => store.db.query('DELETE FROM announcements'))
          .then(() => sandbox.handle(req, res, next));
      sandbox.handle(req, res, next);
    }, report);
    server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => handle(req, res, next));
    const httpServer = server.httpServer instanceof Server ? (server.httpServer as Server) : null; // Vite types it loosely; it is node:http's here
    if (httpServer) shieldConnect(httpServer);
    // `npm start`'s server gets the relay's timeouts; the dev server (hot reload, Vitest's browser mode) keeps Vite's.
    if (built && httpServer) {
      manageConnections(httpServer, {
        ...SERVER_DEFAULTS,
        idleTimeoutMs: Number(process.env.WAITBELL_DEMO_IDLE_TIMEOUT_MS) || SERVER_DEFAULTS.idleTimeoutMs,
      });
    }
  };
  return {
    name: 'waitbell-pushed-sandbox',
    configureServer: (server) => mount(server, false),
    configurePreviewServer: (server) => mount(server, true),
  };
}

/** The demo server's temporary folders: `waitbell-demo-server-<pid>-<random>`. */
const DEMO_FOLDER = 'waitbell-demo-server-';

/** Removes the folders of demo servers whose process has ended (a demo stopped with Ctrl-C leaves its folder behind). */
async function removeStaleDemoFolders(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(name.startsWith(DEMO_FOLDER) ? name.slice(DEMO_FOLDER.length).split('-')[0] : NaN);
    if (!Number.isInteger(pid) || pid === process.pid || running(pid)) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => {});
  }
}

/** Whether a process with this id is running (signal 0 only asks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'; // someone else's process: running
  }
}

/** The demo's venue database, and its venue's check-in code. */
interface DemoVenue {
  store: ServerStore;
  code: string;
}

/**
 * The demo's venue database: PGlite in a fresh temporary folder, a secret key made up for this run,
 * the demo venue with the sandbox's app, its one tablet (the demo device token), and the demo's
 * shared settings (online check-in on), as a first tablet would have saved them.
 */
async function demoStore(logger: Logger, template?: string): Promise<DemoVenue> {
  await removeStaleDemoFolders();
  const dataDir = await mkdtemp(join(tmpdir(), `${DEMO_FOLDER}${process.pid}-`));
  if (template) await cp(template, pgliteDir(dataDir), { recursive: true });
  // A folder thrown away at the end of the run: nothing in it need survive a power cut.
  const store = await openServerStore({ dataDir, durable: false }, randomBytes(32), logger);
  const venue = await store.venues.createVenue(SANDBOX_SETTINGS.venueName, {
    appKey: DEMO_ACCOUNT.appKey,
    appSecret: DEMO_ACCOUNT.appSecret,
    channelAlias: SANDBOX_SETTINGS.channelAlias,
    subscriptionLink: SANDBOX_SETTINGS.subscriptionLink,
  });
  await store.venues.addDevice(venue.id, 'Demo tablet', SANDBOX_SETTINGS.deviceToken);
  await sharedSettingsStore(store.db).save(venue.id, null, 0, { settings: sharedSettings(SANDBOX_SETTINGS) });
  const code = await store.venues.code(venue.id);
  if (!code) throw new Error('The demo venue has no check-in code.');
  return { store, code };
}

/** A sandbox fault: the relay does its work, but its answer to the tablet is cut off mid-body, as a dropped connection does. */
function cutOffAnswer(res: ServerResponse) {
  // The status line and headers go out (chunked); the body is cut short, which no browser retries by itself.
  res.end = (() => {
    res.write('{"resp', () => res.socket?.destroy());
    return res;
  }) as typeof res.end;
}
