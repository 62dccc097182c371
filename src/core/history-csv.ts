import type { Outcome, PastParty } from './quote-history.ts';
import { err, ok, type Result } from './result.ts';

/** The history file's columns, in the order Waitbell writes them (a file may order them freely). */
export const HISTORY_COLUMNS = [
  'joined_at',
  'party_size',
  'quoted_minutes',
  'seated_at',
  'left_at',
  'outcome',
] as const;
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];

/** Why a line of a history file was refused; the UI and the CLI put it in words. */
export interface CsvProblem {
  /** The physical line of the file where the record starts (1 is the header). */
  line: number;
  kind:
    | 'missing_column'
    | 'bad_time'
    | 'bad_size'
    | 'bad_quote'
    | 'bad_outcome'
    | 'inconsistent'
    | 'unreadable'
    | 'empty'
    /** The columns are separated by semicolons (Excel's CSV in much of Europe), not commas. */
    | 'semicolons';
  column?: HistoryColumn;
  /** What the file holds there (cut to 40 characters). */
  value?: string;
}

/** One record as a CSV tokenizer gives it, with the line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Largest party and quote a file may hold: anything beyond is a typo. */
const MAX_SIZE = 100;
const MAX_MINUTES = 24 * 60;
const OUTCOMES: readonly Outcome[] = ['seated', 'no_show', 'removed'];

/**
 * Past parties from a tokenized history file: the header names the columns (any order, extras
 * ignored); every bad record is refused with its line, and one refusal refuses the whole file.
 */
export function readHistoryRecords(
  header: readonly string[],
  records: readonly CsvRecord[],
): Result<PastParty[], CsvProblem[]> {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = HISTORY_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) return err(missing.map((column) => ({ line: 1, kind: 'missing_column', column })));
  if (records.length === 0) return err([{ line: 2, kind: 'empty' }]);
  const at = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<HistoryColumn, number>;
  const parties: PastParty[] = [];
  const problems: CsvProblem[] = [];
  for (const { line, fields } of records) {
    const read = readRecord(line, (c) => (fields[at[c]] ?? '').trim());
    if (read.ok) parties.push(read.value);
    else problems.push(...read.error);
  }
  return problems.length > 0 ? err(problems) : ok(parties);
}

function readRecord(line: number, field: (c: HistoryColumn) => string): Result<PastParty, CsvProblem[]> {
  const problems: CsvProblem[] = [];
  const refuse = (kind: CsvProblem['kind'], column: HistoryColumn) =>
    problems.push({ line, kind, column, value: field(column).slice(0, 40) });
  const joined = readTime(field('joined_at'));
  if (!joined) refuse('bad_time', 'joined_at');
  const size = Number(field('party_size'));
  if (!/^\d+$/.test(field('party_size')) || size < 1 || size > MAX_SIZE) refuse('bad_size', 'party_size');
  const quoteText = field('quoted_minutes');
  const quote = quoteText === '' ? null : Number(quoteText);
  if (quote !== null && !(/^\d+(\.\d+)?$/.test(quoteText) && quote <= MAX_MINUTES))
    refuse('bad_quote', 'quoted_minutes');
  const outcome = field('outcome').toLowerCase() as Outcome; // checked on the next line
  if (!OUTCOMES.includes(outcome)) refuse('bad_outcome', 'outcome');
  const seated = readOptionalTime(field('seated_at'));
  if (seated === undefined) refuse('bad_time', 'seated_at');
  const left = readOptionalTime(field('left_at'));
  if (left === undefined) refuse('bad_time', 'left_at');
  if (problems.length > 0 || !joined || seated === undefined || left === undefined) return err(problems);
  // Seated parties have a seat time and no leaving time; the others the other way round; neither before joining.
  const end = outcome === 'seated' ? seated : left;
  const other = outcome === 'seated' ? left : seated;
  if (end === null) refuse('inconsistent', outcome === 'seated' ? 'seated_at' : 'left_at');
  else if (end.at < joined.at || end.at - joined.at > MAX_MINUTES * 60_000)
    refuse('inconsistent', outcome === 'seated' ? 'seated_at' : 'left_at');
  if (other !== null) refuse('inconsistent', outcome === 'seated' ? 'left_at' : 'seated_at');
  if (problems.length > 0) return err(problems);
  return ok({
    joinedAt: joined.at,
    utcOffsetMinutes: joined.offset,
    size,
    quotedMinutes: quote,
    seatedAt: outcome === 'seated' ? (end?.at ?? null) : null,
    leftAt: outcome === 'seated' ? null : (end?.at ?? null),
    outcome,
  });
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** An ISO 8601 time with its offset ("2026-03-06T19:05:00+01:00"), or null when it is not one. */
export function readTime(text: string): { at: number; offset: number } | null {
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const zone = m[8]!.toUpperCase();
  const offset =
    zone === 'Z'
      ? 0
      : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2).padStart(2, '0')));
  const local = Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
  const check = new Date(local);
  // Date.UTC rolls 31 February over into March: such a date is not in the calendar.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59)
    return null;
  if (Math.abs(offset) > 14 * 60 || (zone.length > 3 && Number(zone.slice(-2)) > 59)) return null;
  return { at: local - offset * 60_000, offset };
}

/** Empty → null; a time → it; anything else → undefined (refused). */
function readOptionalTime(text: string): { at: number; offset: number } | null | undefined {
  if (text === '') return null;
  return readTime(text) ?? undefined;
}

/** A time in ISO 8601 at the given offset from UTC: "2026-03-06T19:05:00+01:00". */
export function writeTime(at: number, offsetMinutes: number): string {
  const local = new Date(at + offsetMinutes * 60_000).toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23)}${zone}`;
}

/** One field as RFC 4180 writes it: quoted (quotes doubled) only when it must be. */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** One CSV line, CRLF-terminated as RFC 4180 says. */
/**
 * A cell a spreadsheet would not run as a formula: one starting with =, +, @, a tab or a carriage
 * return (or - when it is not a plain number) gets a leading ' (OWASP's advice on CSV injection),
 * so a note like =HYPERLINK(…) in an owner's file shows as text when the backtest's output is opened.
 */
export function spreadsheetSafe(cell: string): string {
  const first = cell.charAt(0);
  if (first === '=' || first === '+' || first === '@' || first === '\t' || first === '\r') return `'${cell}`;
  if (first === '-' && !/^-(\d+\.?\d*|\.\d+)$/.test(cell)) return `'${cell}`;
  return cell;
}

export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** What csv-parse gives with `info: true`: each record and the line it ends on. */
export interface TokenizedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** The options every reader of a history file passes to csv-parse (Node or browser build). */
export const CSV_PARSE_OPTIONS = {
  bom: true,
  info: true,
  relax_column_count: true,
  skip_empty_lines: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** A history file's header, records (with the line each starts on) and parties, or every refusal. */
export interface HistoryFile {
  header: string[];
  records: CsvRecord[];
  parties: PastParty[];
}

/**
 * A header line with semicolons and not one of the columns between commas (Excel's CSV in much of
 * Europe): one refusal that says how to export it, before any row is read (a quoted note would
 * make the rows unreadable first), instead of six missing columns.
 */
function usesSemicolons(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (!head.includes(';')) return false;
  const names = head.split(',').map((h) => h.trim().replace(/^"|"$/g, '').trim().toLowerCase());
  return !HISTORY_COLUMNS.some((c) => names.includes(c));
}

/** Reads a history file with a csv-parse `parse` given CSV_PARSE_OPTIONS (the Node or the browser build). */
export function readHistoryCsv(
  text: string,
  tokenize: (text: string) => TokenizedRecord[],
): Result<HistoryFile, CsvProblem[]> {
  if (usesSemicolons(text)) return err([{ line: 1, kind: 'semicolons' }]);
  let tokens: TokenizedRecord[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    const line = typeof e === 'object' && e !== null && 'lines' in e && typeof e.lines === 'number' ? e.lines : 1;
    return err([{ line, kind: 'unreadable' }]);
  }
  const [head, ...rest] = tokens;
  if (!head) return err([{ line: 1, kind: 'empty' }]);
  let previousEnd = head.info.lines;
  let previousEmpty = head.info.empty_lines;
  const records = rest.map(({ record, info }) => {
    // A record starts after the last one ended and any blank lines skipped in between.
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, fields: record };
  });
  const read = readHistoryRecords(head.record, records);
  return read.ok ? ok({ header: head.record, records, parties: read.value }) : read;
}
