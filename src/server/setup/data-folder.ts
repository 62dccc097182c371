import { lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Makes the data folder if it is new (owner only) and says, in words, why it must not be used when
 * another user of the machine could read or change it: its WAL holds guests' names, and a writable
 * postgresql.conf or pg_control lets anyone break or destroy the database. Null when it is private.
 */
export function privateDataFolderProblem(dataDir: string): string | null {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const open = openToOthers(dataDir);
  if (!open) return null;
  const folder = resolve(dataDir);
  const mode = (open.mode & 0o777).toString(8).padStart(4, '0');
  const what = open.path === folder ? 'it is' : `${open.path} is`;
  return `The data folder ${folder} is not private: ${what} mode ${mode}, so other users of this machine can read guests' names or change the database. Run  chmod -R go-rwx '${folder.replaceAll("'", "'\\''")}'  and start again.`;
}

/** The first file or folder under `path` (itself included) that group or others may read, write or enter. */
function openToOthers(path: string): { path: string; mode: number } | null {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return null; // its own mode means nothing; what it points at is checked where it lives
  if (stat.mode & 0o077) return { path: resolve(path), mode: stat.mode };
  if (!stat.isDirectory()) return null;
  for (const name of readdirSync(path)) {
    const found = openToOthers(join(path, name));
    if (found) return found;
  }
  return null;
}
