import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** One structured log line: JSON, one per line. Callers pass ids, never secrets, tokens or message text. */
export type LogFields = Record<string, string | number | boolean | null>;

// The request being answered, for every line logged while answering it (however deep the call).
const current = new AsyncLocalStorage<string>();
// A client's own id is taken only when it is a short token: it goes into headers and log lines as is.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request id of an answer: the client's `X-Request-Id` when it is a short safe token, else a new one. */
export const requestIdOf = (given: string | string[] | undefined): string =>
  typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();

/** Runs `work` as the answering of request `id`: every line it logs carries `request: id`. */
export const withRequestId = <T>(id: string, work: () => T): T => current.run(id, work);

/** A logger writing JSON lines to `write` (stdout by default). */
export function serverLogger(write: (line: string) => void = (line) => process.stdout.write(line)) {
  const log = (level: 'info' | 'warn' | 'error', msg: string, fields: LogFields = {}) => {
    const request = current.getStore();
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...(request ? { request } : {}), ...fields })}\n`,
    );
  };
  return {
    info: (msg: string, fields?: LogFields) => log('info', msg, fields),
    warn: (msg: string, fields?: LogFields) => log('warn', msg, fields),
    error: (msg: string, fields?: LogFields) => log('error', msg, fields),
  };
}

/** A relay logger. */
export type Logger = ReturnType<typeof serverLogger>;
