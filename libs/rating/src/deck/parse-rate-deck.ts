import { type CsvError, parse, type Parser } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';
import { type ColumnPositions, readDeckRow } from './read-deck-row';
import { type DeckColumn, OPTIONAL_COLUMNS, type RateDeckError, type RateDeckParseResult, type RateDeckRow, REQUIRED_COLUMNS } from './rate-deck';

export type RateDeckInput = string | Buffer | Readable | AsyncIterable<string | Buffer>;

interface ParsedRecord {
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
 */
export async function parseRateDeck(input: RateDeckInput): Promise<RateDeckParseResult> {
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: true });
  const rows: RateDeckRow[] = [];
  const errors: RateDeckError[] = [];
  parser.on('skip', (error: CsvError) => errors.push({ line: typeof error.lines === 'number' ? error.lines : 0, field: 'csv', message: error.message }));
  feed(parser, input);
  const firstLineOf = new Map<string, number>();
  let columns: ColumnPositions | null = null;
  let width = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (columns === null) {
        columns = readHeader(record, info.lines, errors);
        width = record.length;
        if (columns === null) break;
        continue;
      }
      if (record.length !== width) {
        errors.push({ line: info.lines, field: 'row', message: `has ${record.length} fields, the header has ${width}` });
        continue;
      }
      const row = readDeckRow(record, info.lines, columns, errors);
      if (row === null) continue;
      const key = `${row.prefix}\u0000${row.destination}\u0000${row.timing ?? ''}\u0000${row.activeFrom ?? ''}`;
      const first = firstLineOf.get(key);
      if (first !== undefined) {
        errors.push({ line: row.line, field: 'prefix', message: `duplicates line ${first} (same prefix, destination, timing and active_from)` });
        continue;
      }
      firstLineOf.set(key, row.line);
      rows.push(row);
    }
  } catch (error) {
    errors.push({ line: 0, field: 'input', message: `reading the deck failed: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    parser.destroy();
  }
  if (columns === null && errors.length === 0) errors.push({ line: 1, field: 'header', message: 'the deck is empty' });
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}

function feed(parser: Parser, input: RateDeckInput): void {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    parser.end(input);
    return;
  }
  // pipeline() destroys the parser when the source fails, which surfaces the error in the loop above.
  pipeline(input, parser, () => undefined);
}

function readHeader(record: readonly string[], line: number, errors: RateDeckError[]): ColumnPositions | null {
  const names = record.map((name) => name.toLowerCase());
  const positions = {} as Record<DeckColumn, number>;
  let valid = true;
  for (const column of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
    positions[column] = names.indexOf(column);
    if (positions[column] >= 0 && names.indexOf(column, positions[column] + 1) >= 0) {
      errors.push({ line, field: column, message: 'column appears more than once in the header' });
      valid = false;
    }
  }
  for (const column of REQUIRED_COLUMNS) {
    if (positions[column] < 0) {
      errors.push({ line, field: column, message: 'required column is missing from the header' });
      valid = false;
    }
  }
  return valid ? positions : null;
}
