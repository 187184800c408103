import { DomainValidationError } from '../errors';

export const INVOICE_PREFIX_MAX_LENGTH = 12;
const PREFIX_PATTERN = new RegExp(`^[A-Z0-9][A-Z0-9-]{0,${INVOICE_PREFIX_MAX_LENGTH - 1}}$`);
const MAX_WIDTH = 20;

/**
 * Why `prefix` cannot prefix invoice numbers, as a phrase after the field name, or null when it can:
 * the one rule of the tenant settings API and of the numbering. Upper-case letters, digits and '-',
 * starting with a letter or digit; a trailing '-' is taken as the separator ('ACME-' numbers like 'ACME').
 */
export function invoicePrefixProblem(prefix: unknown): string | null {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    return `must be 1-${INVOICE_PREFIX_MAX_LENGTH} characters of A-Z, 0-9 or '-', starting with a letter or digit`;
  }
  if (prefix.endsWith('--')) return "must not end with more than one '-' (the separator)";
  return null;
}

/**
 * The printed invoice number: prefix, a dash (unless the prefix ends with one), then the sequence zero-padded to `width` digits
 * (formatInvoiceNumber('INV', 42) → 'INV-000042'). A sequence longer than `width` is printed in full, never cut.
 */
export function formatInvoiceNumber(prefix: string, sequence: bigint | number, width = 6): string {
  const problem = invoicePrefixProblem(prefix);
  if (problem) throw new DomainValidationError('prefix', `${problem}, got ${JSON.stringify(prefix)}`);
  if (typeof sequence === 'number' && !Number.isSafeInteger(sequence)) {
    throw new DomainValidationError('sequence', `must be an integer, got ${sequence}`);
  }
  if (typeof sequence !== 'number' && typeof sequence !== 'bigint') {
    throw new DomainValidationError('sequence', `must be a bigint or an integer, got ${typeof sequence}`);
  }
  if (sequence < 1) throw new DomainValidationError('sequence', `must be at least 1, got ${sequence}`);
  if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
    throw new DomainValidationError('width', `must be an integer from 1 to ${MAX_WIDTH}, got ${width}`);
  }
  const separated = prefix.endsWith('-') ? prefix : `${prefix}-`;
  return `${separated}${sequence.toString().padStart(width, '0')}`;
}
