import { type CsvError, parse, type Parser } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';
import { CsvTextError, utf8Guard } from '../csv/text-guard';
import { DeckReader } from './deck-reader';
import { type RateDeckParseResult } from './rate-deck';

export type RateDeckInput = string | Buffer | Readable | AsyncIterable<string | Buffer>;

export interface ParseRateDeckOptions {
  /** Lines (header included) past which the deck is refused (`refused.reason = 'too_many_lines'`) and reading stops. */
  maxLines?: number;
}

interface RecordWithInfo {
  record: string[];
  info: { lines: number };
}

/**
 * Parses a CSV rate deck. The header names the columns (any order, case-insensitive, unknown columns
 * ignored): prefix, destination, rate_per_unit, unit_seconds, initial_increment, subsequent_increment
 * are required; connect_fee, min_cost, max_cost, active_from, timing are optional.
 *
 * Every bad line is reported with its line number and column and left out of `rows`; the good lines
 * are still returned. CSV syntax errors (a stray or unclosed quote) are reported under the column "csv";
 * a failing input stream under "input". Errors come sorted by line.
 *
 * Streamed: records are read as the bytes arrive. Reading stops, with `refused` set, at the first
 * line past `maxLines`, at bytes that are not UTF-8 and at a NUL character (no database stores it).
 */
export function parseRateDeck(input: RateDeckInput, options: ParseRateDeckOptions = {}): Promise<RateDeckParseResult> {
  const maxLines = options.maxLines ?? Infinity;
  return new Promise((resolve) => {
    const reader = new DeckReader();
    // `info` gives each record's line number; 'data' events avoid the per-record cost of async iteration.
    const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: true });
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      parser.destroy();
      resolve(reader.result());
    };
    parser.on('skip', (error: CsvError) => reader.error(typeof error.lines === 'number' ? error.lines : 0, 'csv', error.message));
    parser.on('data', ({ record, info }: RecordWithInfo) => {
      if (settled) return;
      if (info.lines > maxLines) {
        reader.refuse({ reason: 'too_many_lines', line: info.lines, field: 'csv', message: `a rate deck has at most ${maxLines.toLocaleString('en')} lines` });
        return finish();
      }
      if (!reader.accept(record, info.lines)) finish();
    });
    parser.on('error', (error: Error) => {
      if (error instanceof CsvTextError) reader.refuse({ reason: 'not_text', line: error.line, field: error.field, message: error.detail });
      else reader.error(0, 'input', `reading the deck failed: ${error.message}`);
      finish();
    });
    parser.on('end', finish);
    feed(parser, input);
  });
}

function feed(parser: Parser, input: RateDeckInput): void {
  if (typeof input === 'string') {
    parser.end(input);
    return;
  }
  // Bytes are checked to be UTF-8 on the way in. pipeline() destroys the parser with the source's
  // (or the guard's) error, which the 'error' handler reports.
  pipeline(Buffer.isBuffer(input) ? [input] : input, utf8Guard(), parser, () => undefined);
}
