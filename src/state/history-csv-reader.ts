import { parse } from 'csv-parse/browser/esm/sync';
import { CSV_PARSE_OPTIONS, readHistoryCsv, type CsvProblem, type TokenizedRecord } from '../core/history-csv.ts';
import type { PastParty } from '../core/quote-history.ts';
import type { Result } from '../core/result.ts';

/**
 * Past parties from a history file's text, or every refused line. Load this module with
 * `import()`: the CSV tokenizer stays out of the first screen's JavaScript.
 */
export function parseHistoryCsv(text: string): Result<PastParty[], CsvProblem[]> {
  // With `info: true` csv-parse returns { record, info } per record; its types only know string[][].
  const read = readHistoryCsv(text, (t) => parse(t, CSV_PARSE_OPTIONS) as unknown as TokenizedRecord[]);
  return read.ok ? { ok: true, value: read.value.parties } : read;
}
