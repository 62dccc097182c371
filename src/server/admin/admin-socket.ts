import { chmodSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { EXIT, type AdminAnswer, type AdminRequest } from './admin-commands.ts';
import type { Logger } from '../log/logger.ts';

/**
 * PGlite is one process's database: while the server serves a data folder, the CLI must not open
 * it too. So the serving process listens on a Unix socket in that folder, readable only by its
 * owner, and the CLI sends its command there. One request a connection: a JSON line
 * `{"args": [...], "appSecret"?: "...", "terminal"?: true}`, answered by a JSON line `{"exitCode", "output"}`.
 */

/** The admin socket of a PGlite data folder. */
export const adminSocketPath = (dataDir: string) => join(dataDir, 'admin.sock');

/** A request's size at most (a command and a secret are far smaller). */
const MAX_REQUEST_BYTES = 64 * 1024;
/** A connection that has not sent its whole request by then is answered and closed. */
const REQUEST_TIMEOUT_MS = 5_000;

/** Whether a server answers on the socket: false when there is no socket file, or only a stale one. */
export function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The request in a line, or what is wrong with it (said without repeating any of it). */
function readRequest(line: string): AdminRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const { args, appSecret, terminal } = value as Record<string, unknown>;
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) return 'args must be a list of strings';
  if (appSecret !== undefined && typeof appSecret !== 'string') return 'appSecret must be a string';
  if (terminal !== undefined && typeof terminal !== 'boolean') return 'terminal must be true or false';
  return { args, ...(appSecret !== undefined ? { appSecret } : {}), ...(terminal === true ? { terminal } : {}) };
}

/** Another process (a server, or the CLI working on the folder itself) holds the folder's admin socket. */
export class FolderInUseError extends Error {
  override readonly name = 'FolderInUseError';
  constructor() {
    super('Another venue server or admin command is using this data folder.');
  }
}

/** A process's hold on a PGlite folder: its admin socket. */
export interface AdminSocket {
  /** From now on, requests are run with `run` (before: answered with the `busy` words). */
  serve(run: (request: AdminRequest) => Promise<AdminAnswer>): void;
  /** Stops listening and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Takes the folder's admin socket (mode 0600; a stale socket file from a crash is replaced; one
 * that answers throws FolderInUseError): taken before the database is opened, it is the folder's
 * lock. Requests are answered `busy` until `serve` is called. Any input, however malformed, gets an
 * answer and a log line.
 */
export async function listenAdminSocket(
  path: string,
  log: Pick<Logger, 'warn' | 'error'>,
  busy = 'The venue server is starting: try again in a moment.',
): Promise<AdminSocket> {
  let run: (request: AdminRequest) => Promise<AdminAnswer> = () =>
    Promise.resolve({ exitCode: EXIT.failed, output: busy });
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a client gone mid-answer: nothing to tell it
    let buffer = Buffer.alloc(0);
    let answered = false;
    let received = false; // the request is read: later bytes or the end change nothing
    const answer = (value: AdminAnswer) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      socket.end(`${JSON.stringify(value)}\n`);
    };
    const refuse = (reason: string) => {
      log.warn('admin request refused', { reason });
      answer({ exitCode: EXIT.usage, output: `The server could not read this admin request (${reason}).` });
    };
    const timer = setTimeout(() => refuse('incomplete request'), REQUEST_TIMEOUT_MS);
    timer.unref();
    const handle = (line: string) => {
      received = true;
      clearTimeout(timer); // a slow command is not an incomplete request
      const request = readRequest(line);
      if (typeof request === 'string') return refuse(request);
      run(request).then(answer, (error: unknown) => {
        log.error('admin command failed', { name: error instanceof Error ? error.name : 'error' });
        answer({ exitCode: EXIT.failed, output: 'The command failed on the server; its log says more.' });
      });
    };
    socket.on('data', (chunk: Buffer) => {
      if (answered || received) return;
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf(10);
      if ((end < 0 ? buffer.length : end) > MAX_REQUEST_BYTES) return refuse('request too long');
      if (end >= 0) handle(buffer.subarray(0, end).toString('utf8'));
    });
    socket.on('end', () => {
      if (answered || received) return;
      if (buffer.length) handle(buffer.toString('utf8'));
      // A connection closed without a byte is a probe (socketAnswers, a second server starting): answered, not logged.
      else answer({ exitCode: EXIT.usage, output: 'The admin request was empty.' });
    });
  });
  server.on('error', (error) => log.error('admin socket failed', { name: error.name }));
  if (await socketAnswers(path)) throw new FolderInUseError();
  try {
    unlinkSync(path); // a stale socket left by a process that died
  } catch {
    // none there
  }
  // The socket is created under this umask (owner only), then chmod'ed again in case the platform ignores it.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => (server.off('error', reject), resolve()));
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  return {
    serve: (runner) => void (run = runner),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve()); // removes the socket file
      }),
  };
}

/** What a command is told when the folder's holder hung up without answering: it is busy, not broken. */
export const BUSY: AdminAnswer = {
  exitCode: EXIT.failed,
  output: 'The data folder is busy (the venue server or another admin command is using it): try again in a moment.',
};

/**
 * Sends a request to a serving process's admin socket: its answer, or null when nothing answers
 * there (no socket, or a stale one), so the caller may open the database itself.
 */
export function sendAdminRequest(path: string, request: AdminRequest, timeoutMs = 60_000): Promise<AdminAnswer | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let connected = false;
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('The venue server did not answer on its admin socket.'));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {
      clearTimeout(timer);
      // Cut before it answered: the folder's holder was closing (another command finishing, a server stopping).
      resolve(connected ? BUSY : null);
    });
    socket.once('end', () => {
      clearTimeout(timer);
      socket.end();
      if (text === '') return resolve(BUSY);
      try {
        const answer = JSON.parse(text) as AdminAnswer;
        if (typeof answer.exitCode === 'number' && typeof answer.output === 'string') return resolve(answer);
      } catch {
        // said below
      }
      reject(new Error('The venue server gave an answer the CLI cannot read.'));
    });
  });
}
