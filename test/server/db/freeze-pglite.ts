import { PGlite } from '@electric-sql/pglite';

// Loaded into a server process (node --import) by a test: after SIGUSR2, every PGlite query is sent
// and never answered, and closing waits for them (as pg's pool.end() waits for a stuck connection):
// a database that hangs while the process itself stays alive.
let frozen = false;
process.on('SIGUSR2', () => void (frozen = true));
const query = PGlite.prototype.query;
PGlite.prototype.query = function (this: PGlite, ...args: Parameters<PGlite['query']>) {
  return frozen ? new Promise<never>(() => {}) : query.apply(this, args);
} as PGlite['query'];
const close = PGlite.prototype.close;
PGlite.prototype.close = function (this: PGlite) {
  return frozen ? new Promise<never>(() => {}) : close.call(this);
};
