import { describe, expect, test } from 'vitest';
import { readTime, writeTime, type CsvProblem } from '../../src/core/history-csv.ts';
import { historyCsv } from '../support/history-csv-writer.ts';
import type { PastParty } from '../../src/core/quote-history.ts';
import type { Result } from '../../src/core/result.ts';
import { readHistoryFile } from '../../src/server/quotes/read-csv.ts';
import { parseHistoryCsv } from '../../src/state/history-csv-reader.ts';

const HEADER = 'joined_at,party_size,quoted_minutes,seated_at,left_at,outcome';
const SEATED = '2026-03-06T19:05:00+01:00,4,20,2026-03-06T19:31:00+01:00,,seated';
const NO_SHOW = '2026-03-06T19:10:00+01:00,2,,,2026-03-06T19:40:00+01:00,no_show';

const at = (iso: string) => Date.parse(iso);

// The Node reader (the CLI) and the browser build (the Settings import) must read files alike.
const readers: [string, (text: string) => Result<PastParty[], CsvProblem[]>][] = [
  [
    'node',
    (text) => {
      const r = readHistoryFile(text);
      return r.ok ? { ok: true, value: r.value.parties } : r;
    },
  ],
  ['browser', parseHistoryCsv],
];

describe.each(readers)('history CSV (%s build)', (_name, read) => {
  const parties = (text: string) => {
    const r = read(text);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  const problems = (text: string) => {
    const r = read(text);
    if (r.ok) throw new Error('expected refusal');
    return r.error;
  };

  test('reads seated and no-show parties, keeping the offset of the venue', () => {
    expect(parties(`${HEADER}\n${SEATED}\n${NO_SHOW}\n`)).toEqual([
      {
        joinedAt: at('2026-03-06T18:05:00Z'),
        utcOffsetMinutes: 60,
        size: 4,
        quotedMinutes: 20,
        seatedAt: at('2026-03-06T18:31:00Z'),
        leftAt: null,
        outcome: 'seated',
      },
      {
        joinedAt: at('2026-03-06T18:10:00Z'),
        utcOffsetMinutes: 60,
        size: 2,
        quotedMinutes: null,
        seatedAt: null,
        leftAt: at('2026-03-06T18:40:00Z'),
        outcome: 'no_show',
      },
    ]);
  });

  test('CRLF, a BOM, quoted and doubled-quote fields, an embedded newline, extra and reordered columns', () => {
    const text =
      '\uFEFFnote,outcome,left_at,seated_at,quoted_minutes,party_size,joined_at\r\n' +
      '"Smith, table ""by the window""",seated,,2026-03-06T19:31:00+01:00,"20",4,2026-03-06T19:05:00+01:00\r\n' +
      '"two\r\nlines",removed,2026-03-06T20:00:00-05:00,,,3,2026-03-06T19:30:00-05:00\r\n';
    const [first, second] = parties(text);
    expect(first).toMatchObject({ size: 4, quotedMinutes: 20, outcome: 'seated', utcOffsetMinutes: 60 });
    expect(second).toMatchObject({
      size: 3,
      outcome: 'removed',
      utcOffsetMinutes: -300,
      leftAt: at('2026-03-07T01:00:00Z'),
    });
  });

  test('a file mixing line endings and blank lines still reads every row', () => {
    expect(parties(`${HEADER}\r\n${SEATED}\n\n${NO_SHOW}\r\n`)).toHaveLength(2);
  });

  test('a missing column is named, and nothing else is read', () => {
    expect(problems(`joined_at,party_size,seated_at,left_at\n${SEATED}\n`)).toEqual([
      { line: 1, kind: 'missing_column', column: 'quoted_minutes' },
      { line: 1, kind: 'missing_column', column: 'outcome' },
    ]);
  });

  test('a file with semicolons between columns (Excel in much of Europe) is refused once, saying so', () => {
    const semi = (line: string) => line.replaceAll(',', ';');
    expect(problems(`\uFEFF${semi(HEADER)}\r\n${semi(SEATED)}\r\n${semi(NO_SHOW)}\r\n`)).toEqual([
      { line: 1, kind: 'semicolons' },
    ]);
    // A comma file with a semicolon in a column name still names what is missing.
    expect(problems(`joined_at,party_size,seated_at,left_at,notes;tables\n${SEATED}\n`)).toEqual([
      { line: 1, kind: 'missing_column', column: 'quoted_minutes' },
      { line: 1, kind: 'missing_column', column: 'outcome' },
    ]);
  });

  test('an empty file and a header alone are refused as empty', () => {
    expect(problems('')).toEqual([{ line: 1, kind: 'empty' }]);
    expect(problems(`${HEADER}\r\n`)).toEqual([{ line: 2, kind: 'empty' }]);
  });

  test('every bad row is refused with the line it starts on, past embedded newlines and blank lines', () => {
    const text = [
      HEADER, // 1
      '"2026-03-06T19:05:00+01:00",4,20,2026-03-06T19:31:00+01:00,,"seat', // 2 (the field runs on to line 3)
      'ed"',
      SEATED, // 4 fine
      '', // 5 blank
      '2026-03-06 19:05,4,20,2026-03-06T19:31:00+01:00,,seated', // 6 no offset
      '2026-03-06T19:05:00+01:00,0,20,2026-03-06T19:31:00+01:00,,seated', // 7
      '2026-03-06T19:05:00+01:00,4,soon,2026-03-06T19:31:00+01:00,,seated', // 8
      '2026-03-06T19:05:00+01:00,4,20,2026-03-06T19:31:00+01:00,,eaten', // 9
      '2026-03-06T19:05:00+01:00,4,20,2026-03-06T18:31:00+01:00,,seated', // 10 seated before joining
      '2026-03-06T19:05:00+01:00,4,20,,,seated', // 11 seated without a time
      '2026-03-06T19:05:00+01:00,4,20,2026-03-06T19:31:00+01:00,2026-03-06T19:32:00+01:00,no_show', // 12 no-show seated
      '2026-02-30T19:05:00+01:00,4,20,2026-03-06T19:31:00+01:00,,seated', // 13 no such day
    ].join('\n');
    expect(problems(text)).toEqual([
      { line: 2, kind: 'bad_outcome', column: 'outcome', value: 'seat\ned' },
      { line: 6, kind: 'bad_time', column: 'joined_at', value: '2026-03-06 19:05' },
      { line: 7, kind: 'bad_size', column: 'party_size', value: '0' },
      { line: 8, kind: 'bad_quote', column: 'quoted_minutes', value: 'soon' },
      { line: 9, kind: 'bad_outcome', column: 'outcome', value: 'eaten' },
      { line: 10, kind: 'inconsistent', column: 'seated_at', value: '2026-03-06T18:31:00+01:00' },
      { line: 11, kind: 'inconsistent', column: 'seated_at', value: '' },
      { line: 12, kind: 'inconsistent', column: 'seated_at', value: '2026-03-06T19:31:00+01:00' },
      { line: 13, kind: 'bad_time', column: 'joined_at', value: '2026-02-30T19:05:00+01:00' },
    ]);
  });

  test('a file the tokenizer cannot read (a quote never closed) is refused at its line', () => {
    expect(problems(`${HEADER}\n${SEATED}\n"2026-03-06,4,20,,,seated\n`)).toEqual([{ line: 3, kind: 'unreadable' }]);
  });

  test('what Waitbell writes reads back the same, offsets included', () => {
    const rows: PastParty[] = [
      {
        joinedAt: at('2026-03-06T18:05:00Z'),
        utcOffsetMinutes: 60,
        size: 4,
        quotedMinutes: 20,
        seatedAt: at('2026-03-06T18:31:00Z'),
        leftAt: null,
        outcome: 'seated',
      },
      {
        joinedAt: at('2026-07-06T23:59:30.250Z'),
        utcOffsetMinutes: -330,
        size: 9,
        quotedMinutes: null,
        seatedAt: null,
        leftAt: at('2026-07-07T00:20:00Z'),
        outcome: 'removed',
      },
    ];
    const text = historyCsv(rows, { 'note, with comma': ['say "hi"', null] });
    expect(text.split('\r\n')[0]).toBe(`${HEADER},"note, with comma"`);
    expect(text).toContain('"say ""hi"""');
    expect(text).toContain('2026-07-06T18:29:30.250-05:30');
    expect(parties(text)).toEqual(rows);
  });
});

test('times: offsets written and read back as given', () => {
  expect(writeTime(at('2026-03-06T18:05:00Z'), 60)).toBe('2026-03-06T19:05:00+01:00');
  expect(writeTime(at('2026-03-06T18:05:00Z'), -570)).toBe('2026-03-06T08:35:00-09:30');
  expect(readTime('2026-03-06T19:05:00Z')).toEqual({ at: at('2026-03-06T19:05:00Z'), offset: 0 });
  expect(readTime('2026-03-06T19:05+0530')).toEqual({ at: at('2026-03-06T13:35:00Z'), offset: 330 });
  expect(readTime('2026-03-06T19:05:00')).toBeNull();
  expect(readTime('2026-03-06T24:05:00Z')).toBeNull();
});
