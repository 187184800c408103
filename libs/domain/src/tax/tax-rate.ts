import { DomainValidationError } from '../errors';
import { divideRounded } from '../money/rounding';

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

const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,6}))?$/;

/** "7.5" (per cent, as a decimal string) → 75/1000 exactly; null when it is not a percentage from 0 to 100 with at most 6 decimals. */
export function parsePercent(percent: string): TaxRate | null {
  const match = PERCENT_PATTERN.exec(percent);
  if (!match) return null;
  const decimals = match[2] ?? '';
  const rate = { numerator: BigInt(match[1]! + decimals), denominator: 100n * 10n ** BigInt(decimals.length) };
  return rate.numerator > rate.denominator ? null : rate;
}

/** 75/1000 → "7.5"; a rate with no finite decimal form (1/3) is shown to 6 decimals, rounded half-even. */
export function formatPercent(rate: TaxRate): string {
  const scaled = divideRounded(rate.numerator * 100n * 1_000_000n, rate.denominator, 'half-even');
  const whole = scaled / 1_000_000n;
  const fraction = (scaled % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/** The sum of rates, exactly (the one total rate of stacked levies, or of CGST + SGST). */
export function addRates(rates: readonly TaxRate[]): TaxRate {
  return rates.reduce((sum, rate) => ({ numerator: sum.numerator * rate.denominator + rate.numerator * sum.denominator, denominator: sum.denominator * rate.denominator }), { numerator: 0n, denominator: 1n });
}
