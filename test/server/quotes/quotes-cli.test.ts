import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { historyCsv } from '../../support/history-csv-writer.ts';
import { readHistoryFile } from '../../../src/server/quotes/read-csv.ts';
import { runQuotesCli } from '../../../src/server/quotes/backtest-cli.ts';
import { simulateVenue, VENUES } from '../../quotes/restaurant-sim.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'waitbell-quotes-'));

/** `npm run quotes -- …` as an owner runs it, in its own process: its exit code, standard output and standard error. */
async function quotesProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/server/quotes/main.ts', ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

/** The same command in this process (what main.ts prints and exits with), without starting Node and tsx again. */
function quotes(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, out = '', err } = runQuotesCli(args);
  return Promise.resolve({ code, out, err });
}

const bar = join(dir, 'bar.csv');
beforeAll(() => {
  // The owner’s own columns come along (a note) and stay in the result.
  const text = historyCsv(simulateVenue(VENUES[3]!, 3, 21), {
    note: Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? 'by the window, "booth"' : '')),
  });
  writeFileSync(bar, text);
});

test('backtest writes every row with what Waitbell would have suggested, and a summary in plain words', async () => {
  const { code, out, err } = await quotesProcess('backtest', bar); // the one real `npm run quotes`
  expect(code).toBe(0);
  const lines = out.split('\r\n');
  expect(lines[0]).toBe('joined_at,party_size,quoted_minutes,seated_at,left_at,outcome,note,suggested_minutes');
  expect(lines[1]).toMatch(/^2026-03-0\dT\d\d:\d\d:00\+00:00,\d+,/);
  const input = readHistoryFile(readFileSync(bar, 'utf8'));
  const output = readHistoryFile(out);
  if (!input.ok || !output.ok) throw new Error('unreadable');
  expect(output.value.parties).toEqual(input.value.parties);
  expect(out).toContain('"by the window, ""booth"""');
  const suggested = output.value.records.map((r) => Number(r.fields[7]));
  expect(suggested.every((m) => Number.isInteger(m) && m >= 0)).toBe(true);
  expect(new Set(suggested).size).toBeGreaterThan(10);
  expect(err).toMatch(/^Read [\d,]+ parties from .*bar\.csv \([\d,]+ seated, [\d,]+ of them with your quote\)\./);
  expect(err).toMatch(/On the same [\d,]+ seated parties you quoted, against their real wait:/);
  expect(err).toMatch(/Your quotes: off by \d+\.\d min on average;.*; \d+% of guests waited longer than you quoted\./);
  expect(err).toMatch(
    /Waitbell's suggestions: off by \d+\.\d min on average;.*; \d+% of guests would have waited longer than Waitbell suggested\./,
  );
});

test('the host and Waitbell are compared on the same parties; Waitbell on every seated party apart; one party is one', async () => {
  const file = join(dir, 'three.csv');
  // Three seated couples: two quoted by the host (10 and 30 min) who waited 20 min; one not quoted, who waited 50.
  writeFileSync(
    file,
    [
      'joined_at,party_size,quoted_minutes,seated_at,left_at,outcome',
      '2026-03-06T19:00:00Z,2,10,2026-03-06T19:20:00Z,,seated',
      '2026-03-06T19:01:00Z,2,30,2026-03-06T19:21:00Z,,seated',
      '2026-03-06T19:02:00Z,2,,2026-03-06T19:52:00Z,,seated',
      '',
    ].join('\r\n'),
  );
  const { code, err } = await quotes('backtest', file, '--out', join(dir, 'three-out.csv'));
  expect(code).toBe(0);
  const lines = err.split('\n');
  expect(lines[0]).toBe(`Read 3 parties from ${file} (3 seated, 2 of them with your quote).`);
  expect(lines[1]).toBe('On the same 2 seated parties you quoted, against their real wait:');
  expect(lines[2]).toBe(
    '  Your quotes: off by 10.0 min on average; neither longer nor shorter on average; 50% of guests waited longer than you quoted.',
  );
  // No history: 15 min for the first couple, and for the second, one couple ahead (still the usual 15).
  expect(lines[3]).toBe(
    "  Waitbell's suggestions: off by 5.0 min on average; guests waited 5.0 min longer than quoted on average; 100% of guests would have waited longer than Waitbell suggested.",
  );
  expect(lines[5]).toBe('On all 3 seated parties, quoted by you or not:');
  expect(lines[6]).toMatch(
    /^ {2}Waitbell's suggestions: off by \d+\.\d min .* would have waited longer than Waitbell suggested\.$/,
  );

  const one = join(dir, 'one.csv');
  writeFileSync(
    one,
    'joined_at,party_size,quoted_minutes,seated_at,left_at,outcome\n2026-03-06T19:00:00Z,2,10,2026-03-06T19:20:00Z,,seated\n',
  );
  const single = await quotes('backtest', one, '--out', join(dir, 'one-out.csv'));
  expect(single.err).toContain(`Read 1 party from ${one} (1 seated, 1 of them with your quote).`);
  expect(single.err).toContain('On the same 1 seated party you quoted');
  expect(single.err).toContain('Wrote 1 row to');
  expect(single.err).not.toMatch(/\b1 seated parties|\b1 parties/);
});

test("a note that a spreadsheet would run as a formula comes back as text (a leading '), the rest as it was", async () => {
  const file = join(dir, 'formulas.csv');
  const notes = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    '@SUM(1+1)',
    '\tx',
    '-2+3',
    '-12.5',
    'ok',
  ];
  writeFileSync(
    file,
    historyCsv(simulateVenue(VENUES[0]!, 1, 5).slice(0, notes.length), { note: notes, '=header': notes.map(() => '') }),
  );
  const { code, out } = await quotes('backtest', file);
  expect(code).toBe(0);
  const output = readHistoryFile(out);
  if (!output.ok) throw new Error('unreadable');
  expect(output.value.header).toContain("'=header");
  const column = output.value.header.indexOf('note');
  expect(output.value.records.map((r) => r.fields[column])).toEqual([
    '\'=HYPERLINK("http://evil.example","click")',
    "'+cmd|' /C calc'!A0",
    "'@SUM(1+1)",
    "'\tx",
    "'-2+3",
    '-12.5',
    'ok',
  ]);
  // The input file is untouched.
  expect(readFileSync(file, 'utf8')).toContain(',"=HYPERLINK(');
});

test('--out writes the rows to a file; the summary still goes to the terminal', async () => {
  const target = join(dir, 'result.csv');
  const { code, out, err } = await quotes('backtest', bar, '--out', target);
  expect(code).toBe(0);
  expect(out).toBe('');
  expect(err).toContain(`rows to ${target}`);
  expect(readFileSync(target, 'utf8').split('\r\n')[0]).toContain('suggested_minutes');
});

test('a bad file: each refused line with its number (the first 20 and a count), exit 1, nothing written', async () => {
  const rows = readFileSync(bar, 'utf8').split('\r\n').slice(0, 40);
  for (let i = 3; i < 33; i++) rows[i] = rows[i]!.replace(/,(seated|no_show|removed),/, ',eaten,');
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, rows.join('\r\n'));
  const { code, out, err } = await quotes('backtest', bad, '--out', join(dir, 'never.csv'));
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err).toContain('it has 30 problems. Nothing was written.');
  expect(err).toContain('line 4: outcome is "eaten", not seated, no_show or removed');
  expect(err).toContain('line 23: outcome');
  expect(err).not.toContain('line 24:');
  expect(err).toContain('… and 10 more');
  expect(() => readFileSync(join(dir, 'never.csv'))).toThrow();
});

test('a semicolon-separated file is refused once, saying how to export it with commas', async () => {
  const file = join(dir, 'semicolons.csv');
  writeFileSync(file, readFileSync(bar, 'utf8').split('\r\n').slice(0, 5).join('\r\n').replaceAll(',', ';'));
  const { code, out, err } = await quotes('backtest', file);
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err).toContain('it has a problem. Nothing was written.');
  expect(err).toContain('line 1: This file uses semicolons between columns; export it with commas (CSV UTF-8)');
  expect(err).not.toContain('the header has no');
});

test('--help explains; an unknown command or a missing file name shows the usage with exit 2', async () => {
  const help = await quotes('--help');
  expect(help.code).toBe(0);
  expect(help.out).toContain('Usage: npm run quotes -- backtest FILE.csv');
  for (const args of [['frobnicate'], ['backtest'], ['backtest', bar, '--bogus']]) {
    const { code, err } = await quotes(...args);
    expect(code).toBe(2);
    expect(err).toContain('Usage:');
  }
  const missing = await quotes('backtest', join(dir, 'nope.csv'));
  expect(missing).toMatchObject({ code: 1, out: '' });
  expect(missing.err).toContain('Cannot read');
});
