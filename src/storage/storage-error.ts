/** What went wrong with the tablet's storage, in terms the UI can explain to a host. */
export type StorageProblem =
  | 'quota' // the device is out of space
  | 'blocked' // an older Waitbell in another tab keeps the database from upgrading
  | 'outdated' // a newer Waitbell in another tab upgraded the database; this tab must reload
  | 'newer_data' // the database was written by a newer Waitbell than this one
  | 'unavailable' // no IndexedDB (private mode, disabled by policy)
  | 'failed'; // anything else

/** A storage failure. Nothing was written when it is thrown. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly problem: StorageProblem,
    options?: { cause?: unknown },
  ) {
    super(`Storage failed: ${problem}`, options);
  }
}

/** Classifies whatever IndexedDB threw. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const problem: StorageProblem =
    name === 'QuotaExceededError'
      ? 'quota'
      : name === 'VersionError'
        ? 'newer_data'
        : name === 'InvalidStateError' // the connection was closed for a newer version
          ? 'outdated'
          : 'failed';
  return new StorageError(problem, { cause: error });
}

/** Runs a storage operation so that every failure comes out as a StorageError. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStorageError(error);
  }
}
