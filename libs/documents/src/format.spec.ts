import { UnknownCurrencyError } from '@nova/domain';
import { formatDate, formatAmount, formatPeriod, formatQuantity } from './format';

describe('formatAmount', () => {
  it.each([
    [123450n, 'KES', 'KES 1,234.50'],
    [500000n, 'UGX', 'UGX 500,000'],
    [1234567n, 'KWD', 'KWD 1,234.567'],
    [5n, 'KWD', 'KWD 0.005'],
    [0n, 'USD', 'USD 0.00'],
    [7n, 'INR', 'INR 0.07'],
    [-123450n, 'KES', 'KES -1,234.50'],
    [999n, 'JPY', 'JPY 999'],
    [1000n, 'JPY', 'JPY 1,000'],
    [12345678n, 'CLF', 'CLF 1,234.5678'],
  ])('formats %p %s as %s', (amount, currency, expected) => {
    expect(formatAmount(amount, currency)).toBe(expected);
  });

  it('stays exact beyond the range of a double', () => {
    // 2^63 - 1 minor units: a float would round the last digits away.
    expect(formatAmount(9223372036854775807n, 'USD')).toBe('USD 92,233,720,368,547,758.07');
  });

  it('rejects a currency that is not ISO 4217', () => {
    expect(() => formatAmount(1n, 'XYZ')).toThrow(UnknownCurrencyError);
  });
});

describe('formatQuantity', () => {
  it('groups integers and keeps metered fractions', () => {
    expect(formatQuantity(12000)).toBe('12,000');
    expect(formatQuantity(1.5)).toBe('1.5');
  });
});

describe('formatDate', () => {
  it('uses the UTC calendar date', () => {
    expect(formatDate(new Date('2025-12-05T23:30:00Z'))).toBe('5 Dec 2025');
    expect(formatPeriod(new Date('2025-11-01T00:00:00Z'), new Date('2025-11-30T00:00:00Z'))).toBe('1 Nov 2025 – 30 Nov 2025');
  });

  it("uses the tenant's local date when given its zone: 23:30 UTC on 5 Dec is 6 Dec in Kolkata and Nairobi", () => {
    expect(formatDate(new Date('2025-12-05T23:30:00Z'), 'Asia/Kolkata')).toBe('6 Dec 2025');
    expect(formatDate(new Date('2025-12-05T20:59:59Z'), 'Africa/Nairobi')).toBe('5 Dec 2025');
    expect(formatDate(new Date('2025-12-05T21:00:00Z'), 'Africa/Nairobi')).toBe('6 Dec 2025');
    // Kolkata midnight periods print as the local days they are.
    expect(formatPeriod(new Date('2026-03-31T18:30:00Z'), new Date('2026-04-30T18:30:00Z'), 'Asia/Kolkata')).toBe('1 Apr 2026 – 1 May 2026');
  });
});
