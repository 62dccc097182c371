import { parse } from 'csv-parse/sync';
import {
  CSV_PARSE_OPTIONS,
  readHistoryCsv,
  type CsvProblem,
  type HistoryFile,
  type TokenizedRecord,
} from '../../core/history-csv.ts';
import type { Result } from '../../core/result.ts';

/** A history file read in Node (the backtest CLI): its records and parties, or every refused line. */
export function readHistoryFile(text: string): Result<HistoryFile, CsvProblem[]> {
  // With `info: true` csv-parse returns { record, info } per record; its types only know string[][].
  return readHistoryCsv(text, (t) => parse(t, CSV_PARSE_OPTIONS) as unknown as TokenizedRecord[]);
}
