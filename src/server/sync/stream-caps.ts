/** How many event streams this server copy keeps open: per tablet, per venue, in all. */
export interface StreamLimits {
  perTablet: number;
  perVenue: number;
  total: number;
}

/** Why a new stream is not opened: its venue, or the whole server, holds as many as it may. */
export type StreamRefusal = 'venue' | 'server';

interface Open {
  device: string;
  venue: string;
  /** Ends the stream (it was replaced by a newer one of its tablet). */
  replace(): void;
}

/**
 * Counts the open event streams and decides on each new one. A tablet's newest stream always opens:
 * past its own cap, or when its venue or the server is full, it replaces that tablet's oldest (a tablet
 * that reloads must never lock itself out). Any other stream past the venue's or the server's cap is refused.
 */
export function streamCaps(limits: StreamLimits) {
  const open = new Set<Open>(); // in the order they opened: the first of a tablet's is its oldest
  const count = (pick: (o: Open) => boolean) => [...open].filter(pick).length;

  return {
    /** Admits a stream (ending its tablet's oldest if need be) and gives the way to let it go, or says why not. */
    admit(device: string, venue: string, replace: () => void): { release: () => void } | { refused: StreamRefusal } {
      const mine = [...open].filter((o) => o.device === device);
      const venueFull = count((o) => o.venue === venue) >= limits.perVenue;
      const serverFull = open.size >= limits.total;
      const oldest = mine[0];
      if (oldest && (mine.length >= limits.perTablet || venueFull || serverFull)) {
        open.delete(oldest); // counted out now: its socket may take a while to close
        oldest.replace();
      } else if (venueFull) return { refused: 'venue' };
      else if (serverFull) return { refused: 'server' };
      const entry: Open = { device, venue, replace };
      open.add(entry);
      return { release: () => void open.delete(entry) };
    },
    /** Streams open now. */
    size: () => open.size,
  };
}

/** The streams of one server copy. */
export type StreamCaps = ReturnType<typeof streamCaps>;
