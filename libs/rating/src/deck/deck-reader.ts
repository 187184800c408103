import { type ColumnPositions, readDeckRow } from './read-deck-row';
import { fieldWithNul, NUL_MESSAGE } from '../csv/text-guard';
import { type DeckColumn, OPTIONAL_COLUMNS, type RateDeckError, type RateDeckParseResult, type RateDeckRefusal, type RateDeckRow, REQUIRED_COLUMNS } from './rate-deck';

/** Consumes a deck's records one at a time: the header first, then rows; collects rows and errors. */
export class DeckReader {
  private columns: ColumnPositions | null = null;
  private width = 0;
  private readonly rows: RateDeckRow[] = [];
  private readonly errors: RateDeckError[] = [];
  private readonly firstLineOf = new Map<string, number>();
  private header: readonly string[] = [];
  private refusal: RateDeckRefusal | undefined;

  /** Reads one record; returns false when the deck cannot be read further (bad header, a NUL character). */
  accept(record: readonly string[], line: number): boolean {
    const nul = fieldWithNul(record);
    if (nul >= 0) {
      this.refuse({ reason: 'not_text', line, field: (this.columns === null ? undefined : this.header[nul]?.toLowerCase()) || `column ${nul + 1}`, message: NUL_MESSAGE });
      return false;
    }
    if (this.columns === null) {
      this.header = record;
      this.columns = this.readHeader(record, line);
      this.width = record.length;
      return this.columns !== null;
    }
    if (record.length !== this.width) {
      this.errors.push({ line, field: 'row', message: `has ${record.length} fields, the header has ${this.width}` });
      return true;
    }
    const row = readDeckRow(record, line, this.columns, this.errors);
    if (row === null) return true;
    const key = `${row.prefix}\u0000${row.destination}\u0000${row.timing ?? ''}\u0000${row.activeFrom ?? ''}`;
    const first = this.firstLineOf.get(key);
    if (first !== undefined) {
      this.errors.push({ line, field: 'prefix', message: `duplicates line ${first} (same prefix, destination, timing and active_from)` });
      return true;
    }
    this.firstLineOf.set(key, line);
    this.rows.push(row);
    return true;
  }

  error(line: number, field: string, message: string): void {
    this.errors.push({ line, field, message });
  }

  /** Stops the deck: it is refused as a whole (the first refusal wins). */
  refuse(refusal: RateDeckRefusal): void {
    this.refusal ??= refusal;
  }

  /** Rows in deck order; errors sorted by line. */
  result(): RateDeckParseResult {
    if (this.columns === null && this.errors.length === 0 && !this.refusal) this.errors.push({ line: 1, field: 'header', message: 'the deck is empty' });
    const result: RateDeckParseResult = { rows: this.rows, errors: this.errors.sort((a, b) => a.line - b.line) };
    if (this.refusal) result.refused = this.refusal;
    return result;
  }

  private readHeader(record: readonly string[], line: number): ColumnPositions | null {
    const names = record.map((name) => name.toLowerCase());
    const positions = {} as Record<DeckColumn, number>;
    let valid = true;
    for (const column of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
      positions[column] = names.indexOf(column);
      if (positions[column] >= 0 && names.indexOf(column, positions[column] + 1) >= 0) {
        this.errors.push({ line, field: column, message: 'column appears more than once in the header' });
        valid = false;
      }
    }
    for (const column of REQUIRED_COLUMNS) {
      if (positions[column] < 0) {
        this.errors.push({ line, field: column, message: 'required column is missing from the header' });
        valid = false;
      }
    }
    return valid ? positions : null;
  }
}
