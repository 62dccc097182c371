import { DatabaseError } from './db/database.ts';
import { importOldRelay } from './upgrade/legacy-import.ts';
import { openServerStore, refreshQuotesEvery, sweepEvery } from './setup/server-store.ts';
import { localOrigin } from './admin/admin-cli.ts';
import { runAdminCommand } from './admin/admin-commands.ts';
import { adminSocketPath, FolderInUseError, listenAdminSocket, type AdminSocket } from './admin/admin-socket.ts';
import { createServerApp } from './server-app.ts';
import { SERVER_DEFAULTS, serverConfigFromEnv, warnAtStart, type ServerSettings } from './setup/server-config.ts';
import { serverLogger } from './log/logger.ts';
import { createHttpServer } from './http/http-server.ts';
import { privateDataFolderProblem } from './setup/data-folder.ts';
import { diskWatch, type DiskWatch } from './db/disk-watch.ts';
import { startWatchdog, withCallDeadline } from './db/stuck-watch.ts';

// Before any file is made: the data folder and everything in it (the WAL holds guests' names) are the owner's only.
process.umask(0o077);

/** How long opening the database may hold the main thread (initdb, a long recovery) before the watchdog ends it. */
const OPENING_BOUND_MS = 5 * 60_000;

// `npm run server`: the venue server, configured by the environment (see README, "The venue server").
// `npm run server -- venue add "Casa Prueba"` and the other admin commands (admin-cli.ts).
if (process.argv.length > 2) {
  const { runAdminCli } = await import('./admin/admin-cli.ts');
  process.exit(await runAdminCli(process.argv.slice(2)));
}
const log = serverLogger();
const started = Date.now();
let config: ServerSettings;
try {
  config = serverConfigFromEnv();
} catch (error) {
  log.error((error as Error).message);
  process.exit(2);
}
warnAtStart(config, process.env, log);
// Started first: opening PGlite on a full disk can spin as much as any request. A new folder's initdb holds
// the main thread for seconds (more on a loaded machine): the bound is looser until the database is open.
const watchdog = startWatchdog({ boundMs: Math.max(config.stuckMs, OPENING_BOUND_MS) });

// PGlite is one process's: the admin socket, taken before the database is opened, is the folder's lock,
// and where the CLI sends its commands while this process holds the folder.
let admin: AdminSocket | null = null;
if ('dataDir' in config.database) {
  const { dataDir } = config.database;
  try {
    const problem = privateDataFolderProblem(dataDir); // a first start makes it: the socket goes in the folder
    if (problem) {
      log.error(problem, { dataDir });
      process.exit(3);
    }
    admin = await listenAdminSocket(adminSocketPath(dataDir), log);
  } catch (error) {
    if (error instanceof FolderInUseError) {
      log.error('another venue server or admin command is using this WAITBELL_DATA_DIR', { dataDir });
      process.exit(3);
    }
    // Without its lock, an admin command could open the same PGlite folder beside the server and lose what it wrote.
    log.error(
      'WAITBELL_DATA_DIR cannot hold the admin socket (not writable, or a path too long for a socket: ~100 characters)',
      {
        dataDir,
        code: (error as { code?: string }).code ?? null,
      },
    );
    process.exit(3);
  }
}

// Only a data folder's disk can be seen from here: PostgreSQL's, behind DATABASE_URL, is its own to watch.
let disk: DiskWatch | null = null;
if ('dataDir' in config.database) {
  disk = diskWatch({
    dir: config.database.dataDir,
    minFreeBytes: config.minFreeMB * 2 ** 20,
    everyMs: config.diskCheckMs,
    log,
  });
  await disk.start();
} else
  log.info('free disk space not watched: PostgreSQL at DATABASE_URL keeps its data on a disk this server cannot see');

/** A database call that never answers: only a restart cures it (systemd starts the server again). */
const onStuck = (what: string) => {
  log.error('a database call has not answered: ending the server so it restarts', {
    call: what,
    limitMs: config.stuckMs,
  });
  process.exit(1);
};

let store: Awaited<ReturnType<typeof openServerStore>>;
try {
  // A new PGlite folder runs initdb: the owner reads why the first start is slow.
  if ('dataDir' in config.database) log.info('opening the database (a new data folder takes a few seconds)');
  store = await openServerStore(config.database, config.secretKey, log, {
    bound: (db) => withCallDeadline(db, config.stuckMs, onStuck),
  });
  await importOldRelay(store.db, store.box, config.old, log);
  const unreadable = await store.venues.unreadableSecrets();
  if (unreadable.length)
    log.warn('Pushed secrets that do not open with WAITBELL_SECRET_KEY (was the key changed?): set them again', {
      venues: unreadable.join(','),
    });
} catch (error) {
  log.error('the database cannot be used', {
    engine: 'url' in config.database ? 'postgres' : 'pglite',
    name: error instanceof Error ? error.name : 'error',
    // The SQLSTATE or socket error (ECONNREFUSED, ENOENT, 28P01 wrong password…): never a value.
    code: error instanceof DatabaseError ? error.code : null,
    reason: error instanceof Error && !('url' in config.database) ? error.message.slice(0, 200) : null,
  });
  process.exit(3);
}
watchdog.bound(config.stuckMs);
const stopSweeping = sweepEvery(store, log);
const stopQuotes = refreshQuotesEvery(store, log, config.quoteRefreshMs ?? SERVER_DEFAULTS.quoteRefreshMs);
const relay = createServerApp({ ...config, store, logger: log, ...(disk ? { disk } : {}) });
const { server, connections } = createHttpServer(relay, config, log);
server.listen(config.port, config.host, () =>
  log.info('venue server listening', {
    host: config.host,
    port: config.port,
    upstream: config.upstream,
    origins: config.allowedOrigins.join(' '),
    app: config.appDir ?? null,
    database: 'url' in config.database ? 'postgres' : 'pglite',
    startMs: Date.now() - started,
  }),
);

admin?.serve((request) =>
  runAdminCommand(store.venues, request, {
    publicUrl: config.publicUrl ?? localOrigin(config.port),
    log,
    via: 'socket',
  }),
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return; // a second signal changes nothing: the grace period already bounds the wait
  stopping = true;
  log.info('stopping', { signal, graceMs: config.shutdownGraceMs });
  // A database call that never answers must not hold the process past its grace (and a moment to close).
  setTimeout(() => {
    log.error('stop did not finish within the grace period: ending now');
    process.exit(1);
  }, config.shutdownGraceMs + 2_000).unref();
  stopSweeping();
  stopQuotes();
  disk?.stop();
  await admin?.close();
  await connections.stop(config.shutdownGraceMs);
  await store.db.close().catch(() => log.error('database close failed'));
  watchdog.stop();
  log.info('stopped');
  process.exit(0);
}
// stop() ends the process either way; a failure on the way out is logged, never left to reject.
const onSignal = (signal: string): void => {
  stop(signal).catch(() => (log.error('stop failed'), process.exit(1)));
};
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGINT', () => onSignal('SIGINT'));
