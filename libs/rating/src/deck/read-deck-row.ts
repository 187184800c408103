import { canonicalDecimal, parseDecimalNanos } from '../money/nanos';
import { normalizeNumber } from '../number/normalize';
import { AMOUNT_RULE, INSTANT_RULE, isWholeSeconds, WHOLE_SECONDS_RULE } from '../plan/field-rules';
import { isInstantText } from '../time/time-text';
import { type DeckColumn, type RateDeckError, type RateDeckRow } from './rate-deck';

/** Column positions of a deck, from its header; -1 for an absent optional column. */
export type ColumnPositions = Readonly<Record<DeckColumn, number>>;

/**
 * Validates one record of a deck. Returns the row, or null after pushing one error per bad field so a
 * user can fix a line in one go. (Plain functions, no per-row closures: decks have 100k+ lines.)
 */
export function readDeckRow(fields: readonly string[], line: number, columns: ColumnPositions, errors: RateDeckError[]): RateDeckRow | null {
  const before = errors.length;
  const rawPrefix = field(fields, columns, 'prefix');
  const prefix = normalizeNumber(rawPrefix);
  if (prefix === null) errors.push({ line, field: 'prefix', message: `must be digits (optionally with a leading + or 00), got "${rawPrefix}"` });
  const destination = field(fields, columns, 'destination');
  if (destination === '') errors.push({ line, field: 'destination', message: 'must not be empty' });

  const ratePerUnit = amount(fields, columns, 'rate_per_unit', true, line, errors);
  const unitSeconds = seconds(fields, columns, 'unit_seconds', line, errors);
  const initialIncrement = seconds(fields, columns, 'initial_increment', line, errors);
  const subsequentIncrement = seconds(fields, columns, 'subsequent_increment', line, errors);
  const connectFee = amount(fields, columns, 'connect_fee', false, line, errors) ?? '0';
  const minCost = amount(fields, columns, 'min_cost', false, line, errors);
  const maxCost = amount(fields, columns, 'max_cost', false, line, errors);
  if (minCost !== null && maxCost !== null && parseDecimalNanos(minCost)! > parseDecimalNanos(maxCost)!) {
    errors.push({ line, field: 'max_cost', message: `must not be below min_cost (${minCost})` });
  }
  const activeFrom = field(fields, columns, 'active_from') || null;
  if (activeFrom !== null && !isInstantText(activeFrom)) errors.push({ line, field: 'active_from', message: `${INSTANT_RULE}, got "${activeFrom}"` });
  const timing = field(fields, columns, 'timing') || null;

  if (errors.length > before) return null;
  return {
    line,
    prefix: prefix!,
    destination,
    ratePerUnit: ratePerUnit!,
    unitSeconds,
    connectFee,
    initialIncrement,
    subsequentIncrement,
    minCost,
    maxCost,
    activeFrom,
    timing,
  };
}

function field(fields: readonly string[], columns: ColumnPositions, column: DeckColumn): string {
  const position = columns[column];
  return position >= 0 ? (fields[position] ?? '') : '';
}

/** Canonical decimal text of an amount column; null when empty (if optional) or invalid (error pushed). */
function amount(fields: readonly string[], columns: ColumnPositions, column: DeckColumn, required: boolean, line: number, errors: RateDeckError[]): string | null {
  const value = field(fields, columns, column);
  if (value === '' && !required) return null;
  const canonical = canonicalDecimal(value);
  if (canonical === null) errors.push({ line, field: column, message: `${AMOUNT_RULE}, got "${value}"` });
  return canonical;
}

function seconds(fields: readonly string[], columns: ColumnPositions, column: DeckColumn, line: number, errors: RateDeckError[]): number {
  const value = field(fields, columns, column);
  const number = wholeNumber(value);
  if (!isWholeSeconds(number)) errors.push({ line, field: column, message: `${WHOLE_SECONDS_RULE}, got "${value}"` });
  return number;
}

/** Digits only, as a number; NaN otherwise ("60", not "6e1", " 60" or "60.0"). */
function wholeNumber(text: string): number {
  if (text.length === 0 || text.length > 9) return NaN;
  let value = 0;
  for (let index = 0; index < text.length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}
