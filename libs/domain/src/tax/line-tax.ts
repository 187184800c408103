// The tax of one invoice line in integer minor units, exclusive (added on top) or inclusive (the
// price already contains it). Every component is rounded on its own (GST: CGST and SGST are each
// rounded; so is every stacked levy), half-even, per line — so each printed line adds up.
import { DomainValidationError } from '../errors';
import { divideRounded } from '../money/rounding';
import { assertTaxRule, type TaxRule } from './tax-rate';

export type TaxBehavior = 'exclusive' | 'inclusive';

export interface LineTax {
  /** The taxable value (the line without its tax). */
  readonly taxable: bigint;
  readonly taxes: readonly { readonly code: string; readonly amount: bigint }[];
  /** taxable + every tax: for an inclusive price, exactly the price. */
  readonly total: bigint;
}

export function computeLineTax(amount: bigint, components: readonly TaxRule[], behavior: TaxBehavior): LineTax {
  components.forEach((rule, index) => assertTaxRule(rule, `taxes[${index}]`));
  if (behavior === 'exclusive') {
    const taxes = components.map((rule) => ({ code: rule.code, amount: divideRounded(amount * rule.rate.numerator, rule.rate.denominator, 'half-even') }));
    return { taxable: amount, taxes, total: amount + taxes.reduce((sum, tax) => sum + tax.amount, 0n) };
  }
  if (behavior !== 'inclusive') throw new DomainValidationError('taxBehavior', "must be 'exclusive' or 'inclusive'");
  if (components.length === 0) return { taxable: amount, taxes: [], total: amount };
  // gross = base × (1 + Σ rates): base = gross / (1 + Σ rates), exactly, with one common denominator.
  const denominator = components.reduce((product, rule) => product * rule.rate.denominator, 1n);
  const rateSum = components.reduce((sum, rule) => sum + (rule.rate.numerator * denominator) / rule.rate.denominator, 0n);
  const estimatedBase = divideRounded(amount * denominator, denominator + rateSum, 'half-even');
  const taxes = components.map((rule) => ({ code: rule.code, amount: divideRounded(estimatedBase * rule.rate.numerator, rule.rate.denominator, 'half-even') }));
  // Each component rounded on its own may leave the sum a minor unit off the price: the taxable
  // value absorbs it, so the line still totals exactly what the customer was quoted.
  const taxable = amount - taxes.reduce((sum, tax) => sum + tax.amount, 0n);
  return { taxable, taxes, total: amount };
}
