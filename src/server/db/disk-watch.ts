import { statfs } from 'node:fs/promises';
import type { Logger } from '../log/logger.ts';

/** Free and total bytes of the filesystem holding a folder (what an unprivileged process may use). */
export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}
export type ReadDiskSpace = (dir: string) => Promise<DiskSpace>;

/** The filesystem's space as `statfs` tells it: blocks available to a process that is not root. */
export const readDiskSpace: ReadDiskSpace = async (dir) => {
  const stats = await statfs(dir);
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
};

/** The floor's share of the filesystem, beside the floor in bytes: the larger of the two is kept free. */
export const MIN_FREE_SHARE = 0.02;

export interface DiskWatchOptions {
  dir: string;
  /** Below max(this, 2% of the filesystem) free, writes are refused. */
  minFreeBytes: number;
  everyMs: number;
  read?: ReadDiskSpace;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * Watches the free space under the data folder. PGlite whose WAL fills the disk spins for good (no
 * probe, no SIGTERM answers), so writes stop at a floor, well before: reads go on, and writes resume
 * by themselves once space comes back. One log line when the floor is crossed each way.
 */
export function diskWatch({ dir, minFreeBytes, everyMs, read = readDiskSpace, log }: DiskWatchOptions) {
  let low = false;
  let unreadable = false;
  async function check(): Promise<void> {
    let space: DiskSpace;
    try {
      space = await read(dir);
    } catch (error) {
      // Unknown is not full: the database answers for itself. Said once, not every few seconds.
      if (!unreadable) log.warn('free disk space cannot be read', { code: (error as { code?: string }).code ?? null });
      unreadable = true;
      return;
    }
    unreadable = false;
    const floor = Math.max(minFreeBytes, space.totalBytes * MIN_FREE_SHARE);
    const fields = { freeMB: Math.floor(space.freeBytes / 2 ** 20), floorMB: Math.ceil(floor / 2 ** 20) };
    if (!low && space.freeBytes < floor) {
      low = true;
      log.error("disk almost full: writes refused until space is freed on the data folder's disk", fields);
    } else if (low && space.freeBytes >= floor) {
      low = false;
      log.info('disk space back: writes accepted again', fields);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  return {
    /** True while the free space is under the floor: nothing may be written. */
    full: () => low,
    check,
    /** Checks now, then every `everyMs`; the timer never holds the process open. */
    async start(): Promise<void> {
      await check();
      timer = setInterval(() => void check().catch(() => {}), everyMs); // check logs its own failures
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
export type DiskWatch = ReturnType<typeof diskWatch>;
