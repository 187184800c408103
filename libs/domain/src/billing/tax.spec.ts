import { DomainValidationError } from '../errors';
import { assertTaxRule, rateFromBasisPoints } from './tax';

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
