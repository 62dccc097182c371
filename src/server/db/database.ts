/**
 * The venue server's storage: PostgreSQL, either a real server (`pg`, several server copies) or
 * PGlite (PostgreSQL in WebAssembly, a data folder, nothing to install). Both run the same SQL.
 */

/** The rows of one statement. */
export interface QueryResult<R> {
  rows: R[];
  /** Rows inserted, updated or deleted (or returned, for a SELECT). */
  rowCount: number;
}

/** What runs SQL: the database itself, or one transaction. */
export interface Queryable {
  /** One statement, with `$1`, `$2`… parameters (never put values into the SQL text). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `work` between BEGIN and COMMIT on one connection; if it throws, rolls back and rethrows
   * what it threw. Resolves once the COMMIT has returned.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Hears `NOTIFY channel` from every connection (every server copy): `onPayload` gets each payload.
   * On PostgreSQL a dedicated connection listens and reconnects by itself; notifications sent while it
   * was down are lost, so `onReconnect` is told when it is back (read what you missed then).
   * Resolves once listening, with the way to stop.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<Unlisten>;
  close(): Promise<void>;
}

/** Stops one `listen`. */
export type Unlisten = () => Promise<void>;

/**
 * A database failure, stripped of everything that could hold a value: drivers put parameters and
 * row values in their messages and details ("invalid input syntax for type integer: …", "Key (…)=(…)"),
 * and a token or a message text must never reach a log. Keeps the SQLSTATE and the constraint's name.
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    /** SQLSTATE (`23505` unique violation, `57014` statement timeout…) or the socket's error code. */
    readonly code: string,
    /** The constraint that refused a row, if any: a schema name, never a value. */
    readonly constraint?: string,
  ) {
    super(`database error ${code}${constraint ? ` (${constraint})` : ''}`);
  }
}

/** A value the database cannot store or a constraint it refused (SQLSTATE class 22 or 23): the request's fault, not the database's. */
export const isDataError = (error: unknown): boolean =>
  error instanceof DatabaseError && /^2[23][0-9A-Z]{3}$/.test(error.code);

/** Runs a driver call, turning its errors into a DatabaseError that carries no value. */
export async function safely<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
    const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
    throw new DatabaseError(
      typeof code === 'string' && code ? code : 'unknown',
      typeof constraint === 'string' ? constraint : undefined,
    );
  }
}
