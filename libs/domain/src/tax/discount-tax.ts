// A discount line (a coupon's "LAUNCH15 (15% off)", a hand-written negative line without a rate)
// lowers the taxable value of what it discounts, not a rate of its own: its amount is spread over
// the invoice's other positive lines pro rata to what they charge, grouped by their tax (rate and
// behaviour; untaxed lines are a group too), by largest remainder so the shares add up to the
// discount exactly, and each share is taxed like its group (every component rounded on its own,
// inclusive shares backed out). The tax summary per rate and component then shows the net taxable
// value and tax a GST/VAT return needs.
import { allocate } from '../money/allocate';
import { computeLineTax, type TaxBehavior } from './line-tax';
import { formatPercent, type TaxRule } from './tax-rate';

export interface DiscountableLine {
  /** As priced (quantity × unit amount); negative for discount and credit lines. */
  readonly amount: bigint;
  /** Spread over the other lines instead of taxed at a rate of its own. */
  readonly discount: boolean;
  readonly rateId: string | null;
  readonly components: readonly TaxRule[];
  readonly behavior: TaxBehavior;
}

export interface DiscountTaxShare {
  /** The group's rate (null: the untaxed lines). */
  readonly rateId: string | null;
  readonly code: string;
  /** The component's exact per cent ("9"). */
  readonly percentage: string;
  readonly behavior: TaxBehavior;
  /** The share's taxable value (negative). */
  readonly taxable: bigint;
  readonly amount: bigint;
}

export interface DiscountLineTax {
  /** The discount's taxable value: its amount less the tax it takes off. */
  readonly taxable: bigint;
  /** Per group and component: what the discount takes off each rate's taxable value and tax. */
  readonly taxes: readonly DiscountTaxShare[];
  /** taxable + every tax: for a discount on exclusive prices, the discount plus the tax it takes off. */
  readonly total: bigint;
}

/**
 * The tax of each discount line of one invoice (null for the other lines), spread pro rata over
 * the positive non-discount lines. A discount with nothing to spread over (no positive line) is
 * untaxed.
 */
export function spreadDiscountTax(lines: readonly DiscountableLine[]): (DiscountLineTax | null)[] {
  const groups: { rateId: string | null; behavior: TaxBehavior; components: readonly TaxRule[]; weight: bigint }[] = [];
  for (const line of lines) {
    if (line.discount || line.amount <= 0n) continue;
    const rateId = line.components.length === 0 ? null : line.rateId;
    const group = groups.find((candidate) => candidate.rateId === rateId && candidate.behavior === line.behavior && (rateId !== null || candidate.components.length === 0));
    if (group) group.weight += line.amount;
    else groups.push({ rateId, behavior: line.behavior, components: rateId === null ? [] : line.components, weight: line.amount });
  }
  return lines.map((line) => {
    if (!line.discount) return null;
    if (groups.length === 0 || line.amount === 0n) return { taxable: line.amount, taxes: [], total: line.amount };
    const shares = allocate(line.amount, groups.map((group) => group.weight));
    const taxes: DiscountTaxShare[] = [];
    let taxable = 0n;
    groups.forEach((group, index) => {
      const taxed = computeLineTax(shares[index]!, group.components, group.behavior);
      taxable += taxed.taxable;
      taxed.taxes.forEach((tax, position) =>
        taxes.push({ rateId: group.rateId, code: tax.code, percentage: formatPercent(group.components[position]!.rate), behavior: group.behavior, taxable: taxed.taxable, amount: tax.amount }),
      );
    });
    return { taxable, taxes, total: taxable + taxes.reduce((sum, tax) => sum + tax.amount, 0n) };
  });
}
