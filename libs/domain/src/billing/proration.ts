import { DomainValidationError } from '../errors';
import { divideRounded, type RoundingMode } from '../money/rounding';

/** A half-open span of time [start, end). */
export interface TimeRange {
  readonly start: Date;
  readonly end: Date;
}

function millis(value: Date, field: string): bigint {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainValidationError(field, 'must be a valid Date');
  }
  return BigInt(value.getTime());
}

/**
 * The share of `amount` earned by `used`, a span inside `period`: amount × usedMs / periodMs, computed exactly on
 * integer milliseconds and rounded once with `rounding`. Half of a 30-day period of 1000n is 500n; a third of
 * 1000n is 333.33… → 333n. Negative amounts (credits) prorate symmetrically.
 */
export function prorate(
  amount: bigint,
  period: TimeRange,
  used: TimeRange,
  rounding: RoundingMode = 'half-even',
): bigint {
  if (typeof amount !== 'bigint') throw new DomainValidationError('amount', `must be a bigint, got ${typeof amount}`);
  const periodStart = millis(period.start, 'period.start');
  const periodEnd = millis(period.end, 'period.end');
  const usedStart = millis(used.start, 'used.start');
  const usedEnd = millis(used.end, 'used.end');
  if (periodEnd <= periodStart) throw new DomainValidationError('period', 'must end after it starts');
  if (usedEnd < usedStart) throw new DomainValidationError('used', 'must not end before it starts');
  if (usedStart < periodStart || usedEnd > periodEnd) {
    throw new DomainValidationError('used', 'must lie within the period');
  }
  return divideRounded(amount * (usedEnd - usedStart), periodEnd - periodStart, rounding);
}

/**
 * What to give back when a period paid in full (`amount`) stops at `at`: the amount minus the prorated charge for
 * [period.start, at), or for [servedFrom, at) when the service began inside the period. Defined as a complement rather than prorated on its own so that charge + credit always equals
 * the amount paid, even when both halves sit on a rounding tie (5n split at the midpoint → charge 2n, credit 3n).
 */
export function creditForUnusedTime(
  amount: bigint,
  period: TimeRange,
  at: Date,
  rounding: RoundingMode = 'half-even',
  servedFrom?: Date,
): bigint {
  const atMs = millis(at, 'at');
  if (atMs < millis(period.start, 'period.start') || atMs > millis(period.end, 'period.end')) {
    throw new DomainValidationError('at', 'must lie within the period');
  }
  // A subscription's first period starts at its start day's midnight: the hours before it began are not
  // time it used, so a cancel 12 seconds after subscribing is charged 12 seconds (`servedFrom`: when it began).
  const from = servedFrom !== undefined && millis(servedFrom, 'servedFrom') > millis(period.start, 'period.start') ? (servedFrom < at ? servedFrom : at) : period.start;
  return amount - prorate(amount, period, { start: from, end: at }, rounding);
}
