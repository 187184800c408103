import { DomainValidationError } from '../errors';
import { divideRounded } from '../money/rounding';
import type { Interval } from './period';

// Monthly recurring revenue: what a price brings in per month, whatever its billing interval.
// A month is 1/12 of a year; weeks and days convert through the 365-day year (52.14 weeks), so a
// weekly 700 is 700 × 365 / 7 / 12 = 3,041.67 a month, not 700 × 4.

const MONTHLY_FACTOR: Record<Interval, { numerator: bigint; denominator: bigint }> = {
  day: { numerator: 365n, denominator: 12n },
  week: { numerator: 365n, denominator: 7n * 12n },
  month: { numerator: 1n, denominator: 1n },
  year: { numerator: 1n, denominator: 12n },
};

/** The monthly value of `quantity` × `unitAmount` billed every `intervalCount` `interval`s, in minor units (half-even). */
export function monthlyRecurringAmount(unitAmount: bigint, quantity: number, interval: Interval, intervalCount: number): bigint {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new DomainValidationError('quantity', `must be a non-negative integer, got ${quantity}`);
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1) throw new DomainValidationError('intervalCount', `must be a positive integer, got ${intervalCount}`);
  const factor = MONTHLY_FACTOR[interval];
  if (!factor) throw new DomainValidationError('interval', `must be day, week, month or year, got ${interval}`);
  return divideRounded(unitAmount * BigInt(quantity) * factor.numerator, factor.denominator * BigInt(intervalCount), 'half-even');
}
