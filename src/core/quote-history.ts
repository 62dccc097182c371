/** How a past party's evening ended. */
export type Outcome = 'seated' | 'no_show' | 'removed';

/**
 * One finished party as the quote estimator (and the history CSV) knows it: no name, no contact,
 * nothing a guest could be recognised by. Kept longer than the parties themselves.
 */
export interface PastParty {
  /** When they joined the list (ms since the epoch). */
  joinedAt: number;
  /** The venue's offset from UTC at `joinedAt`, in minutes (+60 for UTC+01:00): gives the weekday and hour there. */
  utcOffsetMinutes: number;
  size: number;
  /** What the host quoted; null when no quote was given. */
  quotedMinutes: number | null;
  /** When they were seated; null unless `outcome` is `seated`. */
  seatedAt: number | null;
  /** When they left the list without a table (no-show, removed); null when seated. */
  leftAt: number | null;
  outcome: Outcome;
}

/** A party of tonight as known at one moment: still on the list (`outcome` null), or already gone. */
export interface KnownParty {
  joinedAt: number;
  size: number;
  quotedMinutes: number | null;
  /** null while the party is still on the list at that moment. */
  outcome: Outcome | null;
  /** When it left the list (seated, no-show, removed); null while on it. */
  endedAt: number | null;
  /** Place in line among those on the list, smaller first (the board's rank). */
  rank: number;
}
