import type { ServerResponse } from 'node:http';
import { csvLine, HISTORY_COLUMNS, readTime, spreadsheetSafe, writeTime } from '../../core/history-csv.ts';
import type { Database } from '../db/database.ts';
import { requestUrl } from '../http/http-util.ts';
import type { Call } from '../http/route.ts';
import type { Logger } from '../log/logger.ts';
import type { Device } from './venue-store.ts';
import { offsetsIn, venueTimeZone } from './venue-time-zone.ts';

/**
 * The export's columns: the import's first (so the file goes straight back into a tablet's quotes),
 * then what else the server holds of a party that says nothing about the guest: never a name, note,
 * phone, email, PushedID or token.
 */
export const EXPORT_COLUMNS = [
  ...HISTORY_COLUMNS,
  'party_id',
  'finish_reason',
  'joined_via',
  'joined_position',
  'called_at',
  'call_count',
  'on_my_way_at',
  'finished_by',
] as const;

/** What the export reads of a stored party (the tablets' `Party`, as loosely as rows from older tablets come). */
interface StoredParty {
  size?: unknown;
  quoteMinutes?: unknown;
  status?: unknown;
  joinedAt?: unknown;
  finishedAt?: unknown;
  finishReason?: unknown;
  joinedVia?: unknown;
  joinedPosition?: unknown;
  calledAt?: unknown;
  callCount?: unknown;
  onMyWayAt?: unknown;
}

interface ExportRow {
  party_id: string;
  party: StoredParty;
  /** The label of the tablet that made the party's last change; null from the command line or a tablet gone. */
  label: string | null;
}

/** Only the fields the file has: the guest's own details never leave the database, and the rows stay small. */
const PARTY_FIELDS = `jsonb_build_object(${[
  'size',
  'quoteMinutes',
  'status',
  'joinedAt',
  'finishedAt',
  'finishReason',
  'joinedVia',
  'joinedPosition',
  'calledAt',
  'callCount',
  'onMyWayAt',
]
  .map((f) => `'${f}', party->'${f}'`)
  .join(', ')})`;

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** One party's CSV line, every cell made safe for a spreadsheet; null for a party still on the board. */
export function exportLine(row: ExportRow, offsetAt: (at: number) => number): string | null {
  const p = row.party;
  const joined = num(p.joinedAt);
  const finished = num(p.finishedAt);
  if (joined === null || finished === null) return null;
  const time = (at: unknown) => {
    const t = num(at);
    return t === null ? '' : writeTime(t, offsetAt(t));
  };
  const count = (value: unknown) => {
    const n = num(value);
    return n === null ? '' : String(n);
  };
  if (p.status !== 'seated' && p.status !== 'no_show' && p.status !== 'removed') return null; // on the board: not history yet
  const seated = p.status === 'seated';
  const cells = [
    time(joined),
    count(p.size),
    count(p.quoteMinutes),
    seated ? time(finished) : '',
    seated ? '' : time(finished),
    text(p.status),
    row.party_id,
    text(p.finishReason),
    p.joinedVia === 'online' ? 'online' : 'stand',
    count(p.joinedPosition),
    time(p.calledAt),
    count(p.callCount),
    time(p.onMyWayAt),
    row.label ?? '',
  ];
  return csvLine(cells.map(spreadsheetSafe));
}

/** A `from`/`to` bound: a date (the venue's day: from its start, to its end) or an ISO time; undefined when absent. */
function readBound(value: string | null, end: boolean, offsetAt: (at: number) => number): number | null | undefined {
  if (value === null || value === '') return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [y, m, d] = day.slice(1).map(Number) as [number, number, number];
    const midnight = Date.UTC(y, m - 1, d + (end ? 1 : 0));
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
    return midnight - offsetAt(midnight) * 60_000;
  }
  const at = readTime(value);
  return at ? at.at : null;
}

/** The file's name: the venue's name in plain letters, and the venue's date. */
function fileName(venueName: string, now: number, offsetAt: (at: number) => number): string {
  const slug =
    venueName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'venue';
  const date = new Date(now + offsetAt(now) * 60_000).toISOString().slice(0, 10);
  return `${slug}-history-${date}.csv`;
}

/** Resolves true when the response can take more; false when it closed (the client went away) or took nothing for `stallMs`. */
const drained = (res: ServerResponse, stallMs: number) =>
  new Promise<boolean>((resolve) => {
    const done = (more: boolean) => () => {
      clearTimeout(timer);
      res.off('drain', go);
      res.off('close', stop);
      resolve(more);
    };
    const go = done(true);
    const stop = done(false);
    const timer = setTimeout(stop, stallMs);
    res.on('drain', go);
    res.on('close', stop);
  });

/**
 * `GET /1/history.csv`: the venue's finished parties as CSV, read a page at a time (keyset on the
 * party's id, the table's key) and written as they come. The next page is read only once the client
 * took the last one, so the server never holds more than a page; a client that goes away stops it.
 */
export function historyExport(options: {
  db: Database;
  log: Logger;
  /** Rows a page (a read, and the most the server holds at once). */
  pageRows: number;
  /** A client that takes nothing of the file for this long is let go: its connection no longer holds the export. */
  stallMs: number;
  now?: () => number;
}) {
  const { db, log } = options;
  const now = options.now ?? Date.now;
  // A whole number, at least 1: a page of none would never end the loop.
  const pageRows = Math.max(1, Math.floor(options.pageRows));

  return async function exportCsv(
    call: Call,
    device: Device,
    refuse: (status: number, type: string, message: string) => void,
  ): Promise<void> {
    const { req, res, headers } = call;
    const [{ rows: venueRows }, zone] = await Promise.all([
      db.query<{ name: string }>(`SELECT name FROM venues WHERE id = $1`, [device.venueId]),
      venueTimeZone(db, device.venueId),
    ]);
    const venue = venueRows[0];
    const offsetAt = offsetsIn(zone);
    const query = requestUrl(req)?.searchParams;
    const from = readBound(query?.get('from') ?? null, false, offsetAt);
    const to = readBound(query?.get('to') ?? null, true, offsetAt);
    if (from === null || to === null)
      return refuse(400, 'invalid_request', 'The dates of the export could not be read: give them like 2026-03-06.');

    // Keyset pages over the table's key, filtered here: a page costs the same at the end of a long history as at its start.
    const readPage = (after: string) =>
      db.transaction(async (tx) => {
        // Without fresh statistics (PGlite never gathers them by itself) the planner would sort the whole rest of the history for each page.
        await tx.query('SET LOCAL enable_bitmapscan = off');
        await tx.query('SET LOCAL enable_sort = off');
        return tx.query<ExportRow>(
          `SELECT p.party_id, p.party, d.label
             FROM (SELECT venue_id, party_id, ${PARTY_FIELDS} AS party, last_change FROM sync_parties
                    WHERE venue_id = $1 AND party_id > $2 ORDER BY party_id LIMIT $3) p
             LEFT JOIN devices d ON d.id = p.last_change->>'tablet' AND d.venue_id = p.venue_id
            ORDER BY p.party_id`,
          [device.venueId, after, pageRows],
        );
      });

    const started = now();
    // A kiosk on another origin reads the file's name too.
    const expose = headers['Access-Control-Expose-Headers'];
    res.writeHead(200, {
      ...headers,
      ...(expose ? { 'Access-Control-Expose-Headers': `${expose}, Content-Disposition` } : {}),
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName(venue?.name ?? '', started, offsetAt)}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    let closed = false;
    /** Cut off by the server: the client stopped taking the file. */
    let stalled = false;
    res.on('close', () => (closed = true));
    /** Waits for the client to take what was written; false when it went away or stalled (then the answer is cut off). */
    const taken = async () => {
      if (await drained(res, options.stallMs)) return true;
      stalled = !closed;
      res.destroy();
      closed = true;
      return false;
    };
    let rows = 0;
    let after = '';
    const fields = { venue: device.venueId, device: device.id };
    try {
      if (!res.write(csvLine([...EXPORT_COLUMNS]))) await taken();
      while (!closed) {
        const page = await readPage(after);
        let chunk = '';
        for (const row of page.rows) {
          const joined = num(row.party.joinedAt);
          if (joined === null || (from !== undefined && joined < from) || (to !== undefined && joined >= to)) continue;
          const line = exportLine(row, offsetAt);
          if (line !== null) {
            chunk += line;
            rows += 1;
          }
        }
        after = page.rows.at(-1)?.party_id ?? after;
        if (closed) break;
        if (chunk !== '' && !res.write(chunk) && !(await taken())) break;
        if (page.rows.length < pageRows) break;
      }
    } catch (error) {
      // Half a file must never pass for the whole history: the download fails instead of ending short.
      log.warn('history export failed', { ...fields, rows, error: error instanceof Error ? error.name : 'unknown' });
      res.destroy();
      return;
    }
    const ms = now() - started;
    if (closed) {
      log.info('history export stopped', {
        ...fields,
        rows,
        ms,
        reason: stalled ? 'the client stopped reading' : 'the client went away',
      });
      return;
    }
    res.end();
    log.info('history exported', { ...fields, rows, ms });
  };
}
