/** Flags read from the address bar; each is documented in the README's "Debug flags". */
export interface DebugFlags {
  /** `?db=training`: a separate waitlist (for training staff or demos) that leaves the real one alone. */
  waitlist: string | null;
}

/** Reads the debug flags; an unusable value is ignored rather than trusted. */
export function readDebugFlags(search: string): DebugFlags {
  const db = new URLSearchParams(search).get('db');
  return { waitlist: db && /^[a-z0-9-]{1,32}$/i.test(db) ? db.toLowerCase() : null };
}
