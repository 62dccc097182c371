import { readFileSync, writeFileSync } from 'node:fs';
import { backtestSuggestions, summarize, type QuoteScore } from '../../core/backtest.ts';
import { csvLine, spreadsheetSafe, type CsvProblem } from '../../core/history-csv.ts';
import { readHistoryFile } from './read-csv.ts';

export const USAGE = `Usage: npm run quotes -- backtest FILE.csv [--out RESULT.csv]

Reads a CSV of past parties (columns joined_at, party_size, quoted_minutes, seated_at,
left_at, outcome; times in ISO 8601 with their offset) and writes the same rows with a
suggested_minutes column: what Waitbell would have suggested when each party joined,
knowing only what was known then. The rows go to standard output (or RESULT.csv), a
summary of how the quotes did to standard error.`;

/** What the command prints and returns; `out` and `err` are written by the caller. */
export interface CliResult {
  code: number;
  out?: string;
  err: string;
}

const SHOWN_PROBLEMS = 20;

/** `backtest FILE [--out FILE]`, `--help`, or usage (exit 2) for anything else. */
export function runQuotesCli(args: readonly string[]): CliResult {
  if (args.includes('--help') || args.includes('-h')) return { code: 0, out: `${USAGE}\n`, err: '' };
  const [command, file, ...rest] = args;
  const outAt = rest.indexOf('--out');
  const outFile = outAt >= 0 ? rest[outAt + 1] : undefined;
  const known = outAt < 0 ? rest.length === 0 : rest.length === 2 && outFile !== undefined;
  if (command !== 'backtest' || !file || !known) return { code: 2, err: `${USAGE}\n` };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { code: 1, err: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n` };
  }
  const read = readHistoryFile(text);
  if (!read.ok) return { code: 1, err: refusal(file, read.error) };
  const { header, records, parties } = read.value;
  const suggestions = backtestSuggestions(parties);
  // The file's own columns and rows, as they were (but never a formula a spreadsheet would run), with suggested_minutes last (replaced if there).
  const keep = header.map((h, i) => (h.trim().toLowerCase() === 'suggested_minutes' ? -1 : i)).filter((i) => i >= 0);
  const line = (cells: string[]) => csvLine(cells.map(spreadsheetSafe));
  const rows = records.map((r, i) => line([...keep.map((k) => r.fields[k] ?? ''), String(suggestions[i])]));
  const csv = line([...keep.map((k) => header[k]!), 'suggested_minutes']) + rows.join('');
  const summary = describeSummary(file, summarize(parties, suggestions));
  if (outFile === undefined) return { code: 0, out: csv, err: summary };
  writeFileSync(outFile, csv);
  return { code: 0, err: `${summary}Wrote ${counted(parties.length, 'row', 'rows')} to ${outFile}.\n` };
}

function refusal(file: string, problems: readonly CsvProblem[]): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  line ${p.line}: ${describeProblem(p)}`);
  const more = problems.length > SHOWN_PROBLEMS ? [`  … and ${problems.length - SHOWN_PROBLEMS} more`] : [];
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  return [`${file} was not read: it has ${count}. Nothing was written.`, ...lines, ...more, ''].join('\n');
}

/** A refused line in words an owner can act on. */
export function describeProblem(p: CsvProblem): string {
  const value = p.value === undefined || p.value === '' ? 'empty' : `"${p.value}"`;
  switch (p.kind) {
    case 'missing_column':
      return `the header has no ${p.column} column`;
    case 'bad_time':
      return `${p.column} is ${value}, not a date and time with its offset, like 2026-03-06T19:05:00+01:00`;
    case 'bad_size':
      return `party_size is ${value}, not a number of guests from 1 to 100`;
    case 'bad_quote':
      return `quoted_minutes is ${value}, not a number of minutes (leave it empty when no quote was given)`;
    case 'bad_outcome':
      return `outcome is ${value}, not seated, no_show or removed`;
    case 'inconsistent':
      return `${p.column} (${value}) does not fit the outcome: a seated party needs seated_at at or after joined_at and an empty left_at; a no-show or removed party needs left_at at or after joined_at and an empty seated_at (and no wait longer than a day)`;
    case 'unreadable':
      return 'the CSV cannot be read from here on (a quote opened and never closed?)';
    case 'empty':
      return 'there are no parties in the file';
    case 'semicolons':
      return 'This file uses semicolons between columns; export it with commas (CSV UTF-8) — in Excel: File › Save As › CSV UTF-8 (Comma delimited) — and run the backtest again';
  }
}

const minutes = (n: number) => `${n.toFixed(1)} min`;
const percent = (n: number) => `${Math.round(n * 100)}%`;
const counted = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** One way of quoting in a line: how far off, which way, and how many guests waited longer than told. */
function describeScore(who: string, s: QuoteScore, longer: string): string {
  const bias =
    Math.abs(s.bias) < 0.05
      ? 'neither longer nor shorter on average'
      : s.bias > 0
        ? `guests waited ${minutes(s.bias)} longer than quoted on average`
        : `guests waited ${minutes(-s.bias)} less than quoted on average`;
  return `  ${who}: off by ${minutes(s.meanAbsoluteError)} on average; ${bias}; ${percent(1 - s.withinQuote)} of guests ${longer}.`;
}

function describeSummary(file: string, s: ReturnType<typeof summarize>): string {
  const quoted = s.host.count;
  const lines = [
    `Read ${counted(s.parties, 'party', 'parties')} from ${file} (${s.seated.toLocaleString('en')} seated, ${quoted.toLocaleString('en')} of them with your quote).`,
  ];
  if (quoted > 0) {
    lines.push(
      `On the same ${counted(quoted, 'seated party', 'seated parties')} you quoted, against their real wait:`,
      describeScore('Your quotes', s.host, 'waited longer than you quoted'),
      describeScore("Waitbell's suggestions", s.waitbell, 'would have waited longer than Waitbell suggested'),
    );
    const better = 1 - s.waitbell.meanAbsoluteError / s.host.meanAbsoluteError;
    lines.push(
      better >= 0
        ? `Waitbell's suggestions were ${percent(better)} closer to the real waits than your quotes.`
        : `Your quotes were ${percent(-better)} closer to the real waits than Waitbell's suggestions.`,
    );
  } else lines.push('No seated party had a quote from you: there is nothing to compare Waitbell with.');
  if (s.waitbellAllSeated.count > quoted)
    lines.push(
      `On all ${counted(s.waitbellAllSeated.count, 'seated party', 'seated parties')}, quoted by you or not:`,
      describeScore("Waitbell's suggestions", s.waitbellAllSeated, 'would have waited longer than Waitbell suggested'),
    );
  return `${lines.join('\n')}\n`;
}
