import { DomainValidationError } from '../errors';

/** A non-negative exact rational rate: 18% is 18/100, 7.5% is 75/1000, 1/3 is 1/3. No floats, no Decimal. */
export interface TaxRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * One tax component applied to a line: VAT 16%, or under Indian GST two rules on the same line (CGST 9% and
 * SGST 9%), each rounded on its own as the law requires. Which rules apply to a sale (place of supply,
 * exemptions, reverse charge) is decided by libs/domain/src/tax/tax-decision.ts.
 */
export interface TaxRule {
  /** Stable identifier shown on the invoice and used to group totals, e.g. 'VAT', 'CGST', 'SGST'. */
  readonly code: string;
  readonly rate: TaxRate;
}

/** 1800 basis points → 18%. Basis points cover every common VAT/GST rate; use a rational for anything finer. */
export function rateFromBasisPoints(basisPoints: number): TaxRate {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new DomainValidationError('basisPoints', `must be a non-negative integer, got ${basisPoints}`);
  }
  return { numerator: BigInt(basisPoints), denominator: 10_000n };
}

export function assertTaxRule(rule: TaxRule, field: string): void {
  if (typeof rule.code !== 'string' || rule.code.trim() === '') {
    throw new DomainValidationError(`${field}.code`, 'must be a non-empty string');
  }
  const { numerator, denominator } = rule.rate;
  if (typeof numerator !== 'bigint' || typeof denominator !== 'bigint') {
    throw new DomainValidationError(`${field}.rate`, 'numerator and denominator must be bigints');
  }
  if (denominator <= 0n) throw new DomainValidationError(`${field}.rate.denominator`, 'must be positive');
  if (numerator < 0n) throw new DomainValidationError(`${field}.rate.numerator`, 'must not be negative');
}
