import { DomainValidationError } from '../errors';
import { formatInvoiceNumber, invoicePrefixProblem } from './invoice-number';

describe('formatInvoiceNumber', () => {
  it.each([
    ['INV', 42, 6, 'INV-000042'],
    ['INV', 42n, 6, 'INV-000042'],
    ['INV', 1, 1, 'INV-1'],
    ['ACME-', 42, 6, 'ACME-000042'], // a trailing dash is the separator, not doubled
    ['A-B-', 3, 2, 'A-B-03'],
    ['ACME-KE-2025', 7, 4, 'ACME-KE-2025-0007'],
    ['0', 999_999, 6, '0-999999'],
    ['INV', 1_234_567, 6, 'INV-1234567'], // longer than the width: printed in full, never cut
    ['INV', 2n ** 64n, 6, 'INV-18446744073709551616'],
  ])('(%p, %p, %p) → %p', (prefix, sequence, width, expected) => {
    expect(formatInvoiceNumber(prefix, sequence, width)).toBe(expected);
  });

  it('pads to 6 digits by default', () => {
    expect(formatInvoiceNumber('INV', 42)).toBe('INV-000042');
  });

  it.each([
    ['', 'prefix: must be 1-12 characters of A-Z, 0-9 or \'-\', starting with a letter or digit, got ""'],
    ['-', 'prefix: must be 1-12 characters'],
    ['-INV', 'prefix: must be 1-12 characters'],
    ['INV--', "prefix: must not end with more than one '-'"],
    ['inv', 'prefix: must be 1-12 characters'],
    ['INV_', 'prefix: must be 1-12 characters'],
    ['ABCDEFGHIJKLM', 'prefix: must be 1-12 characters'],
  ])('rejects prefix %p', (prefix, message) => {
    expect(() => formatInvoiceNumber(prefix, 1)).toThrow(DomainValidationError);
    expect(() => formatInvoiceNumber(prefix, 1)).toThrow(message);
  });

  it('rejects sequences below 1 or not integers, and bad widths', () => {
    expect(() => formatInvoiceNumber('INV', 0)).toThrow('sequence: must be at least 1, got 0');
    expect(() => formatInvoiceNumber('INV', -5n)).toThrow('sequence: must be at least 1, got -5');
    expect(() => formatInvoiceNumber('INV', 1.5)).toThrow('sequence: must be an integer, got 1.5');
    expect(() => formatInvoiceNumber('INV', '7' as unknown as number)).toThrow('sequence: must be a bigint or an integer, got string');
    expect(() => formatInvoiceNumber('INV', 1, 0)).toThrow('width: must be an integer from 1 to 20, got 0');
    expect(() => formatInvoiceNumber('INV', 1, 21)).toThrow('width: must be an integer from 1 to 20, got 21');
  });
});

describe('invoicePrefixProblem', () => {
  it('accepts exactly the prefixes that can be numbered', () => {
    const alphabet = ['A', 'Z', '0', '9', '-', 'a', '_', ' '];
    const candidates = ['ACME-', 'ACME', 'INV', 'ACME-KE-2025', 'ABCDEFGHIJKL', 'ABCDEFGHIJK-', 'ABCDEFGHIJKLM', ''];
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) candidates.push(a + b + c, a + b, a);
    for (const prefix of candidates) {
      const accepted = invoicePrefixProblem(prefix) === null;
      const numbered = (() => {
        try {
          return /^[A-Z0-9-]+-0*7$/.test(formatInvoiceNumber(prefix, 7));
        } catch {
          return false;
        }
      })();
      expect([prefix, numbered]).toEqual([prefix, accepted]);
    }
    expect(invoicePrefixProblem('ACME-')).toBeNull();
    expect(invoicePrefixProblem('acme')).not.toBeNull();
  });
});
