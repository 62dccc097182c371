/** One structured log line: JSON, one per line. Callers pass ids, never secrets, tokens or message text. */
export type LogFields = Record<string, string | number | boolean | null>;

/** A logger writing JSON lines to `write` (stdout by default). */
export function serverLogger(write: (line: string) => void = (line) => process.stdout.write(line)) {
  const log = (level: 'info' | 'warn' | 'error', msg: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  return {
    info: (msg: string, fields?: LogFields) => log('info', msg, fields),
    warn: (msg: string, fields?: LogFields) => log('warn', msg, fields),
    error: (msg: string, fields?: LogFields) => log('error', msg, fields),
  };
}

/** A relay logger. */
export type Logger = ReturnType<typeof serverLogger>;
