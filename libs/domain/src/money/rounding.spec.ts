import { DomainValidationError } from '../errors';
import { divideRounded, InexactRoundingError, type RoundingMode } from './rounding';

describe('divideRounded', () => {
  // numerator, denominator, then the expected result per mode.
  const cases: Array<[bigint, bigint, Record<Exclude<RoundingMode, 'exact'>, bigint>]> = [
    [5n, 2n, { 'half-even': 2n, 'half-up': 3n, floor: 2n, ceil: 3n }], // 2.5
    [7n, 2n, { 'half-even': 4n, 'half-up': 4n, floor: 3n, ceil: 4n }], // 3.5
    [-5n, 2n, { 'half-even': -2n, 'half-up': -3n, floor: -3n, ceil: -2n }], // -2.5
    [-7n, 2n, { 'half-even': -4n, 'half-up': -4n, floor: -4n, ceil: -3n }], // -3.5
    [10n, 3n, { 'half-even': 3n, 'half-up': 3n, floor: 3n, ceil: 4n }], // 3.33…
    [-10n, 3n, { 'half-even': -3n, 'half-up': -3n, floor: -4n, ceil: -3n }], // -3.33…
    [20n, 3n, { 'half-even': 7n, 'half-up': 7n, floor: 6n, ceil: 7n }], // 6.66…
    [-20n, 3n, { 'half-even': -7n, 'half-up': -7n, floor: -7n, ceil: -6n }], // -6.66…
    [1n, 4n, { 'half-even': 0n, 'half-up': 0n, floor: 0n, ceil: 1n }], // 0.25
    [-1n, 4n, { 'half-even': 0n, 'half-up': 0n, floor: -1n, ceil: 0n }], // -0.25
    [5n, -2n, { 'half-even': -2n, 'half-up': -3n, floor: -3n, ceil: -2n }], // negative denominator: -2.5
  ];

  for (const [numerator, denominator, expected] of cases) {
    for (const [mode, result] of Object.entries(expected)) {
      it(`${numerator}/${denominator} ${mode} → ${result}`, () => {
        expect(divideRounded(numerator, denominator, mode as RoundingMode)).toBe(result);
      });
    }
  }

  it('returns exact quotients unchanged in every mode, including exact', () => {
    for (const mode of ['half-even', 'half-up', 'floor', 'ceil', 'exact'] as const) {
      expect(divideRounded(-12n, 3n, mode)).toBe(-4n);
      expect(divideRounded(0n, 7n, mode)).toBe(0n);
    }
  });

  it('keeps every digit of amounts far beyond 2^53', () => {
    const twoTo64 = 2n ** 64n;
    // (2^64 + 1) / 2 = 2^63 + 0.5: half-even keeps the even 2^63, half-up goes to 2^63 + 1.
    expect(divideRounded(twoTo64 + 1n, 2n, 'half-even')).toBe(2n ** 63n);
    expect(divideRounded(twoTo64 + 1n, 2n, 'half-up')).toBe(2n ** 63n + 1n);
    expect(divideRounded(123456789012345678901234567890n, 10n, 'half-even')).toBe(12345678901234567890123456789n);
  });

  it("throws InexactRoundingError in 'exact' mode when there is a remainder", () => {
    expect(() => divideRounded(10n, 3n, 'exact')).toThrow(InexactRoundingError);
    expect(() => divideRounded(10n, 3n, 'exact')).toThrow('10/3 is not an integer');
  });

  it('rejects a zero denominator and unknown modes', () => {
    expect(() => divideRounded(1n, 0n, 'floor')).toThrow(RangeError);
    expect(() => divideRounded(1n, 2n, 'nearest' as RoundingMode)).toThrow(DomainValidationError);
    expect(() => divideRounded(1n, 2n, 'nearest' as RoundingMode)).toThrow("unknown rounding mode 'nearest'");
  });
});
