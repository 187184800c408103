import { currencyExponent } from '@nova/domain';
import { canonicalDecimal, formatNanos, parseDecimalNanos } from './nanos';
import { toMinorUnits } from './minor-units';
import { divideRounded, divideRoundedBig, RoundingCode } from './rounding';

describe('parseDecimalNanos', () => {
  it('reads decimals exactly, to the nano', () => {
    expect(parseDecimalNanos('0.001')).toBe(1_000_000);
    expect(parseDecimalNanos('12')).toBe(12_000_000_000);
    expect(parseDecimalNanos('0.000000001')).toBe(1);
    expect(parseDecimalNanos('0.0150')).toBe(15_000_000);
  });

  it.each(['', '-1', '1e-3', '0.0000000001', '.5', '1.', '1,5', ' 1', '9007199.254740992'])('rejects %j', (text) => {
    expect(parseDecimalNanos(text)).toBeNull();
  });
});

describe('canonicalDecimal', () => {
  it('drops redundant zeros and keeps canonical text as is', () => {
    expect(['0.0500', '007', '0.05', '12', '0', '10', '10.10', '0.000'].map(canonicalDecimal)).toEqual(['0.05', '7', '0.05', '12', '0', '10', '10.1', '0']);
    expect(canonicalDecimal('1.2.3')).toBeNull();
  });
});

describe('formatNanos', () => {
  it('prints exact decimals without trailing zeros', () => {
    expect(formatNanos(16_667)).toBe('0.000016667');
    expect(formatNanos(95_000_000)).toBe('0.095');
    expect(formatNanos(3_000_000_000)).toBe('3');
    expect(formatNanos(0)).toBe('0');
  });
});

describe('divideRounded', () => {
  // 7 / 2 = 3.5 (a tie), 5 / 2 = 2.5 (a tie), 10 / 3 = 3.33.., 11 / 3 = 3.66..
  it.each([
    [RoundingCode.Up, [4, 3, 4, 4]],
    [RoundingCode.Down, [3, 2, 3, 3]],
    [RoundingCode.HalfUp, [4, 3, 3, 4]],
    [RoundingCode.HalfEven, [4, 2, 3, 4]],
  ])('rounds with method %s', (code, expected) => {
    const cases: [number, number][] = [[7, 2], [5, 2], [10, 3], [11, 3]];
    expect(cases.map(([n, d]) => divideRounded(n, d, code))).toEqual(expected);
    expect(cases.map(([n, d]) => Number(divideRoundedBig(BigInt(n), BigInt(d), code)))).toEqual(expected);
  });

  it('stays exact for numerators near 2^53, where float division alone would not', () => {
    // (2^53 - 1) / 3 = 3002399751580330.33.. but the float quotient is ...330.5, so Math.round would say 331.
    expect(divideRounded(Number.MAX_SAFE_INTEGER, 3, RoundingCode.HalfUp)).toBe(3_002_399_751_580_330);
    expect(divideRounded(Number.MAX_SAFE_INTEGER, 3, RoundingCode.Down)).toBe(3_002_399_751_580_330);
    expect(divideRounded(Number.MAX_SAFE_INTEGER, 3, RoundingCode.Up)).toBe(3_002_399_751_580_331);
  });
});

describe('toMinorUnits', () => {
  it('converts nanos to cents with the chosen rounding', () => {
    const usd = currencyExponent('USD');
    expect(toMinorUnits(12_345_000, usd, 'half-up')).toBe(1); // 0.012345 USD -> 1.2345 cents
    expect(toMinorUnits(12_345_000, usd, 'up')).toBe(2);
    expect(toMinorUnits(15_000_000, usd, 'half-even')).toBe(2); // 1.5 cents -> 2 (even)
    expect(toMinorUnits(25_000_000, usd, 'half-even')).toBe(2); // 2.5 cents -> 2 (even)
  });

  it('uses the currency exponent: UGX has no minor unit, KWD has three', () => {
    expect(toMinorUnits(1_499_999_999, currencyExponent('UGX'), 'half-up')).toBe(1);
    expect(toMinorUnits(1_234_500_000, currencyExponent('KWD'), 'half-even')).toBe(1234); // 1234.5 fils -> 1234
  });

  it('rejects negative or fractional costs and impossible exponents', () => {
    expect(() => toMinorUnits(-1, 2, 'up')).toThrow(RangeError);
    expect(() => toMinorUnits(1.5, 2, 'up')).toThrow(RangeError);
    expect(() => toMinorUnits(1, 10, 'up')).toThrow(/currencyExponent/);
  });
});
