// The rules of an invoice written by hand (POST /api/invoices): what its lines and memo may be,
// defined once for the DTO and the use case.
import { DomainError } from '../errors';

export const MANUAL_INVOICE_MAX_LINES = 100;
export const INVOICE_LINE_DESCRIPTION_MAX_LENGTH = 500;
export const INVOICE_LINE_MAX_QUANTITY = 1_000_000;
/** Per unit, either way (a negative unit amount is a discount line): far above any real price, far below bigint overflow. */
export const INVOICE_LINE_MAX_UNIT_AMOUNT = 1_000_000_000_000;
export const INVOICE_MEMO_MAX_LENGTH = 2_000;

export interface ManualLine {
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: bigint;
}

/**
 * Refuses, naming the field, lines a hand-written invoice may not have: none or too many, an
 * empty description, a quantity or unit amount out of bounds, or a negative total (a credit is a
 * credit note or a balance adjustment, not an invoice).
 */
export function assertManualLines(lines: readonly ManualLine[]): void {
  if (lines.length === 0 || lines.length > MANUAL_INVOICE_MAX_LINES) throw DomainError.validation('lines', `must hold 1 to ${MANUAL_INVOICE_MAX_LINES} lines`);
  let total = 0n;
  lines.forEach((line, index) => {
    const field = `lines[${index}]`;
    const description = line.description?.trim() ?? '';
    if (!description || description.length > INVOICE_LINE_DESCRIPTION_MAX_LENGTH) {
      throw DomainError.validation(`${field}.description`, `must be 1 to ${INVOICE_LINE_DESCRIPTION_MAX_LENGTH} characters`);
    }
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > INVOICE_LINE_MAX_QUANTITY) {
      throw DomainError.validation(`${field}.quantity`, `must be a whole number from 1 to ${INVOICE_LINE_MAX_QUANTITY}`);
    }
    const limit = BigInt(INVOICE_LINE_MAX_UNIT_AMOUNT);
    if (line.unitAmount > limit || line.unitAmount < -limit) throw DomainError.validation(`${field}.unitAmount`, `must be within ±${INVOICE_LINE_MAX_UNIT_AMOUNT} minor units`);
    total += BigInt(line.quantity) * line.unitAmount;
  });
  if (total < 0n) throw DomainError.validation('lines', 'must not add up to less than zero');
}
