import { ONLINE_JOINS_DEFAULTS, readOnlineJoins } from '../../core/online-joins.ts';
import type { Queryable } from '../db/database.ts';

/** The venue's time zone: its online joins' setting (a zone the tablets' Intl knows), UTC before any tablet set one. */
export async function venueTimeZone(db: Queryable, venueId: string): Promise<string> {
  const { rows } = await db.query<{ joins: unknown }>(
    "SELECT settings->'onlineJoins' AS joins FROM venue_settings WHERE venue_id = $1",
    [venueId],
  );
  const joins = readOnlineJoins(rows[0]?.joins ?? undefined);
  return (joins.ok ? joins.value : ONLINE_JOINS_DEFAULTS).timeZone;
}

/** The venue's offset from UTC at a time, in its time zone: one formatter an export, offsets kept a quarter-hour. */
export function offsetsIn(timeZone: string): (at: number) => number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    return () => 0; // a zone this Node does not know: times in UTC, still exact
  }
  const known = new Map<number, number>();
  return (at) => {
    const quarter = Math.floor(at / 900_000);
    const cached = known.get(quarter);
    if (cached !== undefined) return cached;
    const parts = format.formatToParts(quarter * 900_000);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    const offset = Math.round((local - quarter * 900_000) / 60_000);
    if (known.size > 10_000) known.clear();
    known.set(quarter, offset);
    return offset;
  };
}
