import type { CsvProblem } from '../../core/history-csv.ts';
import { DEFAULT_QUOTE_MAX, DEFAULT_QUOTE_MIN } from '../../core/settings.ts';

const CLASSES = ['1–2', '3–4', '5–6', '7+'];
const TABLES = ['a table for 1–2', 'a table for 3–4', 'a table for 5–6', 'a large table'];
/** 50,000: counts as the host writes them. */
const num = (n: number) => new Intl.NumberFormat('en').format(n);
const parties = (n: number) => `${n === 0 ? 'No' : n} ${n === 1 ? 'party' : 'parties'}`;

/** The quotes' words in English: the suggestion on Add party, the re-quote prompt, usual quotes and history import. */
export const enQuotes = {
  sizeClass: (c: number) => CLASSES[c] ?? '7+',
  suggested: (minutes: number) => `Suggested: ${minutes} min`,
  suggestedChip: (minutes: number) => `${minutes} min, suggested`,
  /** `someHistory`: the quotes learned from past parties, just too few of this size. */
  basisDefault: (sizeClass: number, ahead: number, someHistory: boolean) => {
    const why = someHistory ? `not enough history for ${CLASSES[sizeClass]} yet` : 'no history yet';
    return ahead === 0
      ? `Your usual quote for ${CLASSES[sizeClass]} (${why})`
      : `${parties(ahead)} of ${CLASSES[sizeClass]} ahead · from your usual quote (${why})`;
  },
  basisEstimate: (sizeClass: number, ahead: number, turnMinutes: number) =>
    `${parties(ahead)} of ${CLASSES[sizeClass]} ahead, ${TABLES[sizeClass]} frees up about every ${turnMinutes} min`,
  requoteShort: (minutes: number) => `Quote likely short: ~${minutes} min`,
  requote: (minutes: number) => `Re-quote ${minutes} min`,
  requoteFor: (name: string) => `for ${name}`,
  requoted: 'given a new quote',
  defaults: {
    legend: 'Usual quote, for when there is no history yet (minutes)',
    hint: 'Add party suggests these until Waitbell has seen enough parties of that size.',
    field: (c: number) => `Parties of ${CLASSES[c]}`,
    refused: `Whole minutes from ${DEFAULT_QUOTE_MIN} to ${DEFAULT_QUOTE_MAX}.`,
  },
  fieldLabels: {
    defaultQuote0: 'Usual quote for 1–2',
    defaultQuote1: 'Usual quote for 3–4',
    defaultQuote2: 'Usual quote for 5–6',
    defaultQuote3: 'Usual quote for 7+',
  },
  history: {
    title: 'Import history',
    why: 'Start with your old system’s past parties, so suggested quotes know your venue from day one. Only sizes, quotes and times are kept: no names.',
    format: 'A CSV file with a header row: joined_at, party_size, quoted_minutes, seated_at, left_at, outcome.',
    choose: 'History file (CSV)',
    reading: 'Reading the file…',
    summary: (n: number) => `${num(n)} ${n === 1 ? 'party' : 'parties'} in this file`,
    range: (from: string, to: string) => (from === to ? `On ${from}` : `From ${from} to ${to}`),
    outcomes: (seated: number, noShow: number, removed: number) =>
      `${num(seated)} seated · ${num(noShow)} ${noShow === 1 ? 'no-show' : 'no-shows'} · ${num(removed)} removed`,
    firstRows: 'First rows',
    columns: { joined: 'Joined', size: 'Size', quoted: 'Quoted', outcome: 'Outcome' },
    outcome: { seated: 'Seated after', no_show: 'No-show', removed: 'Removed' } as Record<string, string>,
    minutes: (n: number) => `${n} min`,
    none: '—',
    import: (n: number) => `Import ${num(n)} ${n === 1 ? 'party' : 'parties'}`,
    importing: 'Importing…',
    done: (added: number, alreadyThere: number) =>
      alreadyThere === 0
        ? `Imported ${num(added)} ${added === 1 ? 'party' : 'parties'}. Suggested quotes now use them.`
        : `Imported ${num(added)} ${added === 1 ? 'party' : 'parties'}; ${num(alreadyThere)} ${alreadyThere === 1 ? 'was' : 'were'} already there from an earlier import.`,
    willLeaveOut: (n: number) =>
      `${num(n)} ${n === 1 ? 'party is' : 'parties are'} older than 13 months and will be left out: Waitbell keeps about a year of history.`,
    tooOld: (n: number) =>
      `${num(n)} ${n === 1 ? 'party' : 'parties'} older than 13 months ${n === 1 ? 'was' : 'were'} left out: Waitbell keeps about a year of history.`,
    refused: (lines: number) =>
      `Nothing was imported: ${lines} ${lines === 1 ? 'line' : 'lines'} of this file can’t be used. Fix ${lines === 1 ? 'it' : 'them'} and choose the file again.`,
    more: (n: number) => `…and ${n} more ${n === 1 ? 'line' : 'lines'}.`,
    notText: 'This file can’t be read as text. Choose the CSV file your old system exported.',
    failed: 'The history could not be saved, so nothing was imported. Try again.',
  },
  /** One refusal and the lines it is on ("4–27, 31"). */
  csvProblem: (lines: string, count: number, p: CsvProblem) =>
    `${count === 1 ? 'Line' : 'Lines'} ${lines}: ${csvWords(p)}`,
};

/** What is wrong on one line, in a host's words. */
function csvWords(p: CsvProblem): string {
  const value = p.value ? ` (“${p.value}”)` : '';
  switch (p.kind) {
    case 'missing_column':
      return `the header has no ${p.column} column.`;
    case 'empty':
      return 'the file has no parties in it.';
    case 'semicolons':
      return 'this file uses semicolons between columns; export it with commas (CSV UTF-8) and choose it again.';
    case 'unreadable':
      return 'this line can’t be read (a quote mark that is never closed?).';
    case 'bad_time':
      return p.value
        ? `${p.column}${value} isn’t a time like 2026-03-06T19:05:00+01:00.`
        : `${p.column} is empty: every party needs the time it joined.`;
    case 'bad_size':
      return `party_size${value} must be a whole number of guests, 1 or more.`;
    case 'bad_quote':
      return `quoted_minutes${value} must be minutes (or empty for no quote).`;
    case 'bad_outcome':
      return `outcome${value} must be seated, no_show or removed.`;
    case 'inconsistent':
      return p.column === 'seated_at' || p.column === 'left_at'
        ? `${p.column}${value} doesn’t fit the outcome: seated parties need seated_at only, others left_at only, after joined_at.`
        : 'the times don’t fit together.';
  }
}
