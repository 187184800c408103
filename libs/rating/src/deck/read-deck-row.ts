import { formatNanos } from '../money/nanos';
import { normalizeNumber } from '../number/normalize';
import { AMOUNT_RULE, INSTANT_RULE, isWholeSeconds, parseAmount, WHOLE_SECONDS_RULE } from '../plan/field-rules';
import { isInstantText } from '../time/time-text';
import { type DeckColumn, type RateDeckError, type RateDeckRow } from './rate-deck';

/** Column positions of a deck, from its header; -1 for an absent optional column. */
export type ColumnPositions = Readonly<Record<DeckColumn, number>>;

const WHOLE_NUMBER = /^\d+$/;

/**
 * Validates one record of a deck. Returns the row, or null after pushing one error per bad field so
 * a user can fix a line in one go.
 */
export function readDeckRow(fields: readonly string[], line: number, columns: ColumnPositions, errors: RateDeckError[]): RateDeckRow | null {
  const before = errors.length;
  const text = (column: DeckColumn): string => (columns[column] >= 0 ? (fields[columns[column]] ?? '') : '');
  const fail = (field: string, message: string): void => void errors.push({ line, field, message });

  const rawPrefix = text('prefix');
  const prefix = normalizeNumber(rawPrefix);
  if (prefix === null) fail('prefix', `must be digits (optionally with a leading + or 00), got "${rawPrefix}"`);
  const destination = text('destination');
  if (destination === '') fail('destination', 'must not be empty');

  const amount = (column: DeckColumn, required: boolean): string | null => {
    const value = text(column);
    if (value === '' && !required) return null;
    const nanos = parseAmount(value);
    if (nanos === null) {
      fail(column, `${AMOUNT_RULE}, got "${value}"`);
      return null;
    }
    return formatNanos(nanos);
  };
  const seconds = (column: DeckColumn): number => {
    const value = text(column);
    const number = WHOLE_NUMBER.test(value) ? Number(value) : NaN;
    if (!isWholeSeconds(number)) fail(column, `${WHOLE_SECONDS_RULE}, got "${value}"`);
    return number;
  };

  const ratePerUnit = amount('rate_per_unit', true);
  const unitSeconds = seconds('unit_seconds');
  const initialIncrement = seconds('initial_increment');
  const subsequentIncrement = seconds('subsequent_increment');
  const connectFee = amount('connect_fee', false) ?? '0';
  const minCost = amount('min_cost', false);
  const maxCost = amount('max_cost', false);
  if (minCost !== null && maxCost !== null && parseAmount(minCost)! > parseAmount(maxCost)!) fail('max_cost', `must not be below min_cost (${minCost})`);
  const activeFrom = text('active_from') || null;
  if (activeFrom !== null && !isInstantText(activeFrom)) fail('active_from', `${INSTANT_RULE}, got "${activeFrom}"`);
  const timing = text('timing') || null;

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
