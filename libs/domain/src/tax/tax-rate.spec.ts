import { DomainValidationError } from '../errors';
import { addRates, assertTaxRule, formatPercent, parsePercent, rateFromBasisPoints } from './tax-rate';

describe('rateFromBasisPoints', () => {
  it('turns basis points into an exact rational', () => {
    expect(rateFromBasisPoints(1800)).toEqual({ numerator: 1800n, denominator: 10_000n });
    expect(rateFromBasisPoints(0)).toEqual({ numerator: 0n, denominator: 10_000n });
  });

  it('rejects negative and fractional basis points', () => {
    expect(() => rateFromBasisPoints(-1)).toThrow('basisPoints: must be a non-negative integer, got -1');
    expect(() => rateFromBasisPoints(12.5)).toThrow(DomainValidationError);
  });
});

describe('assertTaxRule', () => {
  it('accepts a well-formed rule', () => {
    expect(() => assertTaxRule({ code: 'VAT', rate: { numerator: 1n, denominator: 3n } }, 'tax')).not.toThrow();
  });

  it.each([
    [{ code: ' ', rate: rateFromBasisPoints(100) }, 'tax.code: must be a non-empty string'],
    [{ code: 'VAT', rate: { numerator: 1n, denominator: 0n } }, 'tax.rate.denominator: must be positive'],
    [{ code: 'VAT', rate: { numerator: -1n, denominator: 100n } }, 'tax.rate.numerator: must not be negative'],
    [{ code: 'VAT', rate: { numerator: 16, denominator: 100 } }, 'tax.rate: numerator and denominator must be bigints'],
  ])('rejects %p', (rule, message) => {
    expect(() => assertTaxRule(rule as never, 'tax')).toThrow(message);
  });
});

describe('percentages', () => {
  it('parses decimal per cent strings into exact rationals and prints them back', () => {
    expect(parsePercent('7.5')).toEqual({ numerator: 75n, denominator: 1000n });
    expect(parsePercent('16')).toEqual({ numerator: 16n, denominator: 100n });
    expect(parsePercent('0.125')).toEqual({ numerator: 125n, denominator: 100_000n });
    expect(formatPercent({ numerator: 75n, denominator: 1000n })).toBe('7.5');
    expect(formatPercent({ numerator: 18n, denominator: 200n })).toBe('9');
    expect(formatPercent({ numerator: 1n, denominator: 3n })).toBe('33.333333');
  });

  it('refuses what is not a percentage from 0 to 100', () => {
    for (const bad of ['', '-1', '100.5', '1e3', '7,5', '0.1234567', 'abc']) expect(parsePercent(bad)).toBeNull();
  });

  it('adds rates exactly', () => {
    const total = addRates([{ numerator: 16n, denominator: 100n }, { numerator: 15n, denominator: 1000n }]);
    expect(formatPercent(total)).toBe('17.5');
  });
});
