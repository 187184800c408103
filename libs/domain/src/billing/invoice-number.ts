import { DomainValidationError } from '../errors';

const PREFIX_PATTERN = /^[A-Z0-9-]{1,12}$/;
const MAX_WIDTH = 20;

/**
 * The printed invoice number: prefix, a dash, then the sequence zero-padded to `width` digits
 * (formatInvoiceNumber('INV', 42) → 'INV-000042'). A sequence longer than `width` is printed in full, never cut.
 */
export function formatInvoiceNumber(prefix: string, sequence: bigint | number, width = 6): string {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new DomainValidationError('prefix', `must be 1-12 characters of A-Z, 0-9 or '-', got ${JSON.stringify(prefix)}`);
  }
  if (prefix.endsWith('-')) {
    throw new DomainValidationError('prefix', `must not end with '-' (the separator is added), got "${prefix}"`);
  }
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
  return `${prefix}-${sequence.toString().padStart(width, '0')}`;
}
