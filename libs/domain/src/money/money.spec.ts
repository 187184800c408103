import { DomainValidationError } from '../errors';
import { UnknownCurrencyError } from './currency';
import {
  assertSameCurrency,
  CurrencyMismatchError,
  formatMinorAmount,
  formatMoney,
  money,
  parseMajorAmount,
  sumMoney,
  toMinorUnitsOf,
} from './money';

const BEYOND_2_53 = 2n ** 53n + 1n; // 9007199254740993: not representable as a float

describe('parseMajorAmount', () => {
  it.each([
    ['12.34', 'USD', 1234n],
    ['12.3', 'USD', 1230n],
    ['12', 'USD', 1200n],
    ['0.05', 'USD', 5n],
    ['-0.05', 'USD', -5n],
    ['-0', 'USD', 0n],
    ['500', 'XOF', 500n], // exponent 0
    ['500.00', 'XOF', 500n], // trailing zeros lose nothing
    ['12.340', 'USD', 1234n],
    ['1.234', 'KWD', 1234n], // exponent 3
    ['0.001', 'KWD', 1n],
    ['1.2345', 'CLF', 12345n], // exponent 4
    ['007.50', 'INR', 750n],
    ['90071992547409.93', 'USD', BEYOND_2_53],
    ['123456789012345678901234567890.12', 'INR', 12345678901234567890123456789012n],
  ])('%s %s → %p', (text, currency, expected) => {
    expect(parseMajorAmount(text, currency)).toBe(expected);
  });

  it.each([
    ['12.345', 'USD', 'more decimal places than USD allows (2)'],
    ['0.5', 'XOF', 'more decimal places than XOF allows (0)'],
    ['1.0001', 'KWD', 'more decimal places than KWD allows (3)'],
    ['1e3', 'USD', '"1e3" is not a plain decimal number'],
    ['', 'USD', 'is empty'],
    ['abc', 'USD', '"abc" is not a plain decimal number'],
    ['1,000.00', 'USD', 'not a plain decimal number'],
    [' 12.34', 'USD', 'not a plain decimal number'],
    ['+12', 'USD', 'not a plain decimal number'],
    ['.5', 'USD', 'not a plain decimal number'],
    ['5.', 'USD', 'not a plain decimal number'],
    ['--5', 'USD', 'not a plain decimal number'],
    ['Infinity', 'USD', 'not a plain decimal number'],
    ['1'.repeat(41), 'USD', 'more than 40 digits'],
  ])('rejects %p in %s: %s', (text, currency, reason) => {
    expect(() => parseMajorAmount(text, currency)).toThrow(DomainValidationError);
    expect(() => parseMajorAmount(text, currency)).toThrow(reason);
  });

  it('names the field it was given', () => {
    expect(() => parseMajorAmount('12.345', 'USD', 'unitPrice')).toThrow(/^unitPrice: "12.345" has more decimal places/);
    try {
      parseMajorAmount('x', 'USD', 'lines[3].amount');
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).field).toBe('lines[3].amount');
    }
  });

  it('rejects unknown currencies and non-strings', () => {
    expect(() => parseMajorAmount('1', 'XXX')).toThrow(UnknownCurrencyError);
    expect(() => parseMajorAmount(12 as unknown as string, 'USD')).toThrow('must be a decimal string, got number');
  });
});

describe('formatMinorAmount', () => {
  it.each([
    [1234n, 'USD', '12.34'],
    [5n, 'USD', '0.05'],
    [0n, 'USD', '0.00'],
    [-5n, 'USD', '-0.05'],
    [-1234n, 'USD', '-12.34'],
    [500n, 'XOF', '500'],
    [-500n, 'XOF', '-500'],
    [0n, 'JPY', '0'],
    [1234n, 'KWD', '1.234'],
    [1n, 'KWD', '0.001'],
    [12345n, 'CLF', '1.2345'],
    [BEYOND_2_53, 'USD', '90071992547409.93'],
  ])('%p %s → %s', (minor, currency, expected) => {
    expect(formatMinorAmount(minor, currency)).toBe(expected);
  });

  it('round-trips with parseMajorAmount, huge values included', () => {
    for (const currency of ['USD', 'XOF', 'KWD', 'CLF']) {
      for (const minor of [0n, 1n, -1n, 99n, -100n, 10n ** 30n + 7n, -(2n ** 70n)]) {
        expect(parseMajorAmount(formatMinorAmount(minor, currency), currency)).toBe(minor);
      }
    }
  });
});

describe('formatMoney', () => {
  it.each([
    [1234n, 'USD', 'en', '$12.34'],
    [-5n, 'USD', 'en', '-$0.05'],
    [1234567890n, 'INR', 'en-IN', '₹1,23,45,678.90'],
    [1500n, 'XOF', 'fr', '1\u202f500\u00a0F\u202fCFA'],
    [1234n, 'KWD', 'en', 'KWD\u00a01.234'],
    // CLDR would show IQD with 0 decimals; the stored ISO exponent (3) wins so nothing is hidden.
    [1234n, 'IQD', 'en', 'IQD\u00a01.234'],
    [100n, 'JPY', 'en', '¥100'],
  ])('%p %s in %s → %p', (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });

  it('keeps every digit beyond 2^53 (no float on the way)', () => {
    expect(formatMoney(BEYOND_2_53, 'USD')).toBe('$90,071,992,547,409.93');
    expect(formatMoney(123456789012345678901234567890n, 'USD')).toBe('$1,234,567,890,123,456,789,012,345,678.90');
  });

  it('defaults to the en locale', () => {
    expect(formatMoney(100n, 'EUR')).toBe('€1.00');
  });
});

describe('toMinorUnitsOf', () => {
  it('scales up exactly: UGX (ISO exponent 0) into a provider counting hundredths', () => {
    expect(toMinorUnitsOf(5000n, 0, 2)).toBe(500000n);
    expect(toMinorUnitsOf(-7n, 0, 3)).toBe(-7000n);
  });

  it('scales down when exact, and refuses to round by default', () => {
    expect(toMinorUnitsOf(12340n, 3, 2)).toBe(1234n);
    expect(() => toMinorUnitsOf(1234n, 3, 2)).toThrow(
      'amount: 1234 at exponent 3 cannot be expressed at exponent 2 without rounding',
    );
  });

  it('rounds with the mode it is told: KWD 1.235 into 2 decimals', () => {
    expect(toMinorUnitsOf(1235n, 3, 2, 'half-even')).toBe(124n);
    expect(toMinorUnitsOf(1225n, 3, 2, 'half-even')).toBe(122n);
    expect(toMinorUnitsOf(1225n, 3, 2, 'half-up')).toBe(123n);
    expect(toMinorUnitsOf(-1225n, 3, 2, 'half-up')).toBe(-123n);
    expect(toMinorUnitsOf(1229n, 3, 2, 'floor')).toBe(122n);
    expect(toMinorUnitsOf(1221n, 3, 2, 'ceil')).toBe(123n);
    expect(toMinorUnitsOf(149n, 2, 0, 'half-even')).toBe(1n);
  });

  it('is the identity for equal exponents and exact for huge values', () => {
    expect(toMinorUnitsOf(BEYOND_2_53, 2, 2)).toBe(BEYOND_2_53);
    expect(toMinorUnitsOf(BEYOND_2_53, 2, 4)).toBe(BEYOND_2_53 * 100n);
  });

  it('validates exponents and the rounding mode', () => {
    expect(() => toMinorUnitsOf(1n, -1, 2)).toThrow('fromExponent: must be an integer from 0 to 18, got -1');
    expect(() => toMinorUnitsOf(1n, 2, 1.5)).toThrow('toExponent: must be an integer from 0 to 18, got 1.5');
    expect(() => toMinorUnitsOf(15n, 1, 0, 'round' as 'floor')).toThrow("unknown rounding mode 'round'");
  });
});

describe('Money', () => {
  it('money() validates the currency and the amount type', () => {
    expect(money(1234n, 'USD')).toEqual({ amount: 1234n, currency: 'USD' });
    expect(() => money(1n, 'usd')).toThrow(UnknownCurrencyError);
    expect(() => money(12 as unknown as bigint, 'USD')).toThrow('amount: must be a bigint of minor units, got number');
  });

  it('assertSameCurrency passes equal currencies and names both on a mismatch', () => {
    expect(() => assertSameCurrency(money(1n, 'USD'), money(2n, 'USD'))).not.toThrow();
    expect(() => assertSameCurrency(money(1n, 'USD'), money(2n, 'EUR'))).toThrow(CurrencyMismatchError);
    expect(() => assertSameCurrency(money(1n, 'USD'), money(2n, 'EUR'))).toThrow('currency: must be USD like the rest, got EUR');
  });

  it('sumMoney adds exactly, negatives and huge values included', () => {
    const values = [money(BEYOND_2_53, 'INR'), money(BEYOND_2_53, 'INR'), money(-3n, 'INR')];
    expect(sumMoney(values)).toEqual({ amount: 2n * BEYOND_2_53 - 3n, currency: 'INR' });
  });

  it('sumMoney needs a currency for an empty list and enforces the one given', () => {
    expect(sumMoney([], 'KES')).toEqual({ amount: 0n, currency: 'KES' });
    expect(() => sumMoney([])).toThrow('currency: is required to sum an empty list');
    expect(() => sumMoney([money(1n, 'USD')], 'EUR')).toThrow('values[0].currency: must be EUR like the rest, got USD');
    expect(() => sumMoney([money(1n, 'USD'), money(1n, 'EUR')])).toThrow(CurrencyMismatchError);
  });
});
