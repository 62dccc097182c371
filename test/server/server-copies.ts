import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createDatabase, freePort, type PostgresCluster } from '../support/postgres.ts';
import { waitUntil } from '../support/wait-until.ts';
import { SECRET, serveInProcess, TOKEN, TOKEN_B } from './server-process.ts';

/** One secret key for every copy of a test's server: they share the venues' sealed Pushed secrets. */
export const SECRET_KEY = randomBytes(32).toString('base64');

/** A new, empty database on `cluster`; the first server copy started on it migrates it. Its DATABASE_URL. */
export const newDatabase = (cluster: PostgresCluster['config']) => createDatabase(cluster);

export interface CopyOptions {
  upstream: string;
  /** WAITBELL_DATA_DIR: PGlite's folder when there is no DATABASE_URL in `env`. */
  dataDir: string;
  env?: Record<string, string>;
  /** The source tree to run from (an older relay's, for the benchmark); this one by default. */
  root?: string;
  /** The server's entry in that tree (an older tree kept it at src/server/relay/main.ts). */
  main?: string;
  /** The path that answers 200 once the copy can serve: /readyz (the old relay only has /healthz). */
  readyPath?: string;
  /** Options for node itself (`--cpu-prof`, to see where a copy's time goes). */
  nodeOptions?: string[];
}

/** The environment every copy is started with, whether a process or in this process. */
const copyEnv = ({ upstream, dataDir, env = {} }: Pick<CopyOptions, 'upstream' | 'dataDir' | 'env'>) => ({
  PUSHED_APP_KEY: 'RelayAppKey000000001',
  PUSHED_APP_SECRET: SECRET,
  WAITBELL_PUSHED_UPSTREAM: upstream,
  RELAY_DEVICE_TOKENS: `${TOKEN} ${TOKEN_B}`,
  WAITBELL_DATA_DIR: dataDir,
  WAITBELL_ALLOWED_ORIGINS: 'https://kiosk.example',
  WAITBELL_RATE_PER_MINUTE: '1000000',
  WAITBELL_SECRET_KEY: SECRET_KEY,
  ...env,
});

/** A copy no test kills, in this process, from the same environment as a process copy. */
export const inProcessCopy = (options: Pick<CopyOptions, 'upstream' | 'dataDir' | 'env'>) =>
  serveInProcess(copyEnv(options));

/**
 * One copy of the venue server as `npm run server` starts it, in its own process (so it can be
 * killed for real), configured like an upgraded old relay: TOKEN and TOKEN_B are one venue's
 * tablets. Copies given the same DATABASE_URL share everything. Resolves once it is ready, with the
 * time from spawning the process to its first 200 on the ready path.
 */
export async function startCopy({
  upstream,
  dataDir,
  env = {},
  root,
  main = 'src/server/main.ts',
  readyPath = '/readyz',
  nodeOptions = [],
}: CopyOptions) {
  const port = await freePort();
  const logs: string[] = [];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', main], {
    ...(root ? { cwd: root } : {}),
    env: { ...process.env, ...copyEnv({ upstream, dataDir, env }), WAITBELL_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => {
      if (gone) throw new Error(`The server copy exited while starting:\n${logs.join('')}`);
      return fetch(`${url}${readyPath}`).then(
        (r) => r.ok,
        () => false,
      );
    },
    'a server copy to be ready',
    { timeoutMs: 60_000, intervalMs: 10 },
  );
  return {
    url,
    port,
    child,
    logs,
    /** From spawning the process to the first 200 on the ready path, in ms. */
    startMs: performance.now() - started,
    /** The exit code, once the process has ended. */
    exited,
    /** SIGKILL: no goodbye. */
    kill: () => (gone || child.kill('SIGKILL'), exited.then(() => undefined)),
    stop: () => (gone || child.kill('SIGTERM'), exited.then(() => undefined)),
  };
}

export type Copy = Awaited<ReturnType<typeof startCopy>>;
