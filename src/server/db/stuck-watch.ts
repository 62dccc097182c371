import { Worker } from 'node:worker_threads';
import type { Database, Queryable } from './database.ts';

/**
 * The watchdog's own thread: it reads the main thread's heartbeat and, when it has not moved for
 * `boundMs`, writes one log line straight to stdout (the main thread cannot) and kills the process.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const beats = new Int32Array(workerData.shared); // [heartbeat, bound in ms]
let seen = Atomics.load(beats, 0);
let since = performance.now(); // a monotonic clock: a jump of the wall clock is not a stuck server
setInterval(() => {
  const now = Atomics.load(beats, 0);
  if (now !== seen) { seen = now; since = performance.now(); return; }
  const stuckMs = Math.round(performance.now() - since);
  if (stuckMs < Atomics.load(beats, 1)) return;
  const line = { time: new Date().toISOString(), level: 'error', msg: 'the server has not answered anything for too long (stuck in the database): ending it so it restarts', stuckMs };
  try { writeSync(1, JSON.stringify(line) + '\\n'); } finally { process.kill(process.pid, 'SIGKILL'); }
}, workerData.checkMs);
`;

/**
 * Kills the process when its main thread has been stuck for `boundMs`. PGlite runs WebAssembly on the
 * main thread: when it spins (a full disk under its WAL), no timer or signal handler runs again, so only
 * another thread can tell, and only SIGKILL ends it. systemd then starts it again.
 */
export function startWatchdog({ boundMs }: { boundMs: number }): { stop(): void; bound(ms: number): void } {
  const shared = new SharedArrayBuffer(8);
  const beats = new Int32Array(shared);
  Atomics.store(beats, 1, boundMs);
  const checkMs = Math.max(10, Math.min(1_000, Math.floor(boundMs / 4)));
  // No execArgv: the watchdog is plain CommonJS, and must not wait on the main thread's module loader (tsx).
  const worker = new Worker(WATCHDOG, { eval: true, execArgv: [], workerData: { shared, checkMs } });
  worker.unref();
  const timer = setInterval(() => Atomics.add(beats, 0, 1), checkMs);
  timer.unref();
  return {
    /** A new bound from now on (a first start's initdb holds the main thread for seconds). */
    bound: (ms: number) => void Atomics.store(beats, 1, Math.min(ms, 2 ** 31 - 1)),
    stop() {
      clearInterval(timer);
      worker.terminate().catch(() => {}); // ending it changes nothing the server needs
    },
  };
}

/**
 * The database, each call bounded: one that has not settled within `limitMs` (a lost connection the
 * driver never gives up on, a PGlite that never answers) calls `onStuck`, which ends the process: a
 * restart is the one cure, and a server that waits for ever answers no one.
 */
export function withCallDeadline(db: Database, limitMs: number, onStuck: (what: string) => void): Database {
  const bounded = <T>(what: string, call: Promise<T>): Promise<T> => {
    const timer = setTimeout(() => onStuck(what), limitMs);
    timer.unref();
    return call.finally(() => clearTimeout(timer));
  };
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => bounded('query', q.query(sql, params)),
    exec: (sql) => bounded('exec', q.exec(sql)),
  });
  return {
    engine: db.engine,
    ...wrap(db),
    // A transaction is bounded as a whole: its statements run inside that bound already.
    transaction: (work) =>
      bounded(
        'transaction',
        db.transaction((tx) => work(tx)),
      ),
    listen: (channel, onPayload, onReconnect) => bounded('listen', db.listen(channel, onPayload, onReconnect)),
    close: () => db.close(),
  };
}
