import { DomainValidationError } from '../errors';
import { type RoundingMode } from '../money/rounding';
import { creditForUnusedTime, type TimeRange } from './proration';

/** What a subscription item is billed per period: a price's unit amount times a quantity. */
export interface PricedQuantity {
  readonly unitAmount: bigint;
  readonly quantity: number;
  /** The whole period's amount when it is not unitAmount × quantity (a tiered price: priceAmount). */
  readonly periodAmount?: bigint;
}

export interface ChangeProration {
  /** Negative: the unused time, from `at` to the period end, on the old price and quantity. */
  readonly credit: bigint;
  /** Positive: the same remaining time on the new price and quantity. */
  readonly charge: bigint;
  /** credit + charge: positive on an upgrade, negative (customer credit) on a downgrade. */
  readonly net: bigint;
}

function periodAmount(item: PricedQuantity, field: string): bigint {
  if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
    throw new DomainValidationError(`${field}.quantity`, `must be a positive integer, got ${item.quantity}`);
  }
  return item.periodAmount ?? item.unitAmount * BigInt(item.quantity);
}

/**
 * Stripe's proration of a plan or quantity change at `at` inside a paid `period`: a credit for the unused time on
 * the old price and a charge for the remaining time on the new one, both on integer milliseconds. Each side is the
 * complement of its used part (creditForUnusedTime), so a change at the period start credits and charges whole
 * periods and a change at the end prorates nothing.
 */
export function prorateChange(
  period: TimeRange,
  at: Date,
  from: PricedQuantity,
  to: PricedQuantity,
  rounding: RoundingMode = 'half-even',
): ChangeProration {
  const credit = -creditForUnusedTime(periodAmount(from, 'from'), period, at, rounding);
  const charge = creditForUnusedTime(periodAmount(to, 'to'), period, at, rounding);
  return { credit, charge, net: credit + charge };
}
