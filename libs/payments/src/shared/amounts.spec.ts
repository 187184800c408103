import { UnknownCurrencyError } from '@nova/domain';
import { AmountConversionError, PaymentRequestError } from '../errors';
import {
  currencyFromProvider,
  decimalToMinor,
  integerFromProvider,
  minorToMajorDecimal,
  minorToMajorNumber,
  requireCurrency,
  requirePositiveAmount,
  rescaleExact,
  toSafeNumber,
} from './amounts';

describe('minorToMajorDecimal', () => {
  it.each([
    [150050n, 'KES', '1500.50'],
    [5n, 'USD', '0.05'],
    [0n, 'NGN', '0.00'],
    [1500n, 'UGX', '1500'],
    [25000n, 'XOF', '25000'],
    [1234n, 'KWD', '1.234'],
    [-705n, 'EUR', '-7.05'],
  ])('%p %s -> %s', (minor, currency, expected) => {
    expect(minorToMajorDecimal(minor, currency)).toBe(expected);
  });
});

describe('decimalToMinor', () => {
  it.each([
    ['1500.5', 'KES', 150050n],
    ['1500.50', 'KES', 150050n],
    [1500.5, 'KES', 150050n],
    [100, 'NGN', 10000n],
    ['0.05', 'USD', 5n],
    ['1500', 'UGX', 1500n],
    ['1500.00', 'RWF', 1500n],
    [98.6, 'NGN', 9860n],
    ['-7.05', 'EUR', -705n],
  ])('%p %s -> %p', (value, currency, expected) => {
    expect(decimalToMinor(value, currency)).toBe(expected);
  });

  it('refuses more decimals than the currency has instead of rounding', () => {
    expect(() => decimalToMinor('1500.5', 'UGX')).toThrow(AmountConversionError);
    expect(() => decimalToMinor('1.005', 'USD')).toThrow(/more decimal places than USD allows/);
    // 0.1 + 0.2 is 0.30000000000000004 as a double: it must not be silently fixed up.
    expect(() => decimalToMinor(0.1 + 0.2, 'USD')).toThrow(AmountConversionError);
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['1e3', '', 'abc', '1,000.00', '.5', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => decimalToMinor(bad, 'USD', 'data.amount')).toThrow(/data.amount/);
    }
  });

  it('round-trips with minorToMajorDecimal for every exponent', () => {
    for (const [minor, currency] of [[123456789n, 'USD'], [123456789n, 'XAF'], [123456789n, 'BHD'], [1n, 'CLF']] as const) {
      expect(decimalToMinor(minorToMajorDecimal(minor, currency), currency)).toBe(minor);
    }
  });
});

describe('minorToMajorNumber', () => {
  it('gives the number whose JSON text is the exact decimal', () => {
    expect(minorToMajorNumber(150050n, 'KES')).toBe(1500.5);
    expect(JSON.stringify(minorToMajorNumber(199n, 'NGN'))).toBe('1.99');
    expect(minorToMajorNumber(25000n, 'XOF')).toBe(25000);
  });

  it('refuses amounts a double cannot carry exactly', () => {
    expect(() => minorToMajorNumber(1234567890123456789n, 'USD')).toThrow(AmountConversionError);
  });
});

describe('rescaleExact', () => {
  it('multiplies up and divides down exactly', () => {
    expect(rescaleExact(500n, 0, 2)).toBe(50000n);
    expect(rescaleExact(150000n, 2, 0)).toBe(1500n);
    expect(rescaleExact(150000n, 2, 2)).toBe(150000n);
  });

  it('refuses to drop non-zero digits', () => {
    expect(() => rescaleExact(150050n, 2, 0, 'amountMinor')).toThrow(/amountMinor: 150050 cannot be expressed with 0 decimal places/);
  });
});

describe('guards', () => {
  it('requirePositiveAmount rejects zero and negatives', () => {
    expect(requirePositiveAmount(1n)).toBe(1n);
    expect(() => requirePositiveAmount(0n)).toThrow(/amountMinor: must be positive/);
    expect(() => requirePositiveAmount(-5n, 'refund.amountMinor')).toThrow(/refund.amountMinor/);
  });

  it('toSafeNumber refuses amounts beyond 2^53 - 1', () => {
    expect(toSafeNumber(9007199254740991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(9007199254740992n)).toThrow(AmountConversionError);
  });

  it('integerFromProvider reads numbers and digit strings only', () => {
    expect(integerFromProvider(5000, 'amount')).toBe(5000n);
    expect(integerFromProvider('5000', 'amount')).toBe(5000n);
    expect(() => integerFromProvider(50.5, 'data.amount')).toThrow(/data.amount/);
    expect(() => integerFromProvider('50.5', 'data.amount')).toThrow(AmountConversionError);
    expect(() => integerFromProvider(undefined, 'data.amount')).toThrow(AmountConversionError);
  });

  it('currencyFromProvider upper-cases and validates', () => {
    expect(currencyFromProvider('usd')).toBe('USD');
    expect(() => currencyFromProvider('xyz')).toThrow(UnknownCurrencyError);
    expect(() => currencyFromProvider(42, 'data.currency')).toThrow(/data.currency/);
  });

  it('requireCurrency wants our own codes upper-case and real', () => {
    expect(requireCurrency('KES')).toBe('KES');
    expect(() => requireCurrency('kes')).toThrow(PaymentRequestError);
    expect(() => requireCurrency('ABC')).toThrow(/currency: "ABC" is not an upper-case ISO 4217 code/);
  });
});
