import { DomainValidationError } from '../errors';
import { divideRounded } from '../money/rounding';
import { addInterval, periodAt, type Interval, type ScheduleZone } from './period';
import type { TimeRange } from './proration';
import { anchorDayProblem, localDateTime, nextAnchorDayMidnight } from './time-zone';

/** How a new subscription asks for its billing-cycle anchor (Stripe's billing_cycle_anchor / _config.day_of_month). */
export interface AnchorRequest {
  /** 1–31: regular periods start at local midnight on this day of the month (the month's last day when shorter). */
  readonly anchorDay?: number;
  /** An instant within one period after the start: regular periods start there. */
  readonly anchor?: Date;
}

export interface AnchoredSchedule {
  /** Where regular period 0 starts: the schedule's anchor. */
  readonly billingAnchor: Date;
  /** The day of month the month/year periods clamp to (null: day and week intervals). */
  readonly anchorDay: number | null;
  /** The first, partial period [start, billingAnchor), prorated; null when the start is the anchor. */
  readonly stub: TimeRange | null;
  /** The regular period that ends at the anchor: the base the stub is prorated against. */
  readonly fullPeriod: TimeRange | null;
}

const usesMonths = (interval: Interval) => interval === 'month' || interval === 'year';

/**
 * The schedule of a subscription created with an anchor, starting at `start` in `timeZone`. With `anchorDay`, the
 * anchor is the next local midnight on that day (on or after the start); with `anchor`, that instant, which must lie
 * within one regular period after the start. The time until the anchor is a stub period prorated against the full
 * period that ends at the anchor. Field names are the API's (`billingCycleAnchorDay`, `billingCycleAnchor`).
 */
export function anchoredSchedule(start: Date, interval: Interval, count: number, timeZone: string, request: AnchorRequest): AnchoredSchedule {
  if (request.anchorDay !== undefined && request.anchor !== undefined) {
    throw new DomainValidationError('billingCycleAnchor', 'cannot be combined with billingCycleAnchorDay: give one of them');
  }
  let billingAnchor: Date;
  let anchorDay: number | null;
  if (request.anchorDay !== undefined) {
    const problem = anchorDayProblem(request.anchorDay);
    if (problem) throw new DomainValidationError('billingCycleAnchorDay', problem);
    if (!usesMonths(interval)) throw new DomainValidationError('billingCycleAnchorDay', 'applies only to prices billed by the month or year');
    anchorDay = request.anchorDay;
    billingAnchor = nextAnchorDayMidnight(start, anchorDay, timeZone);
  } else if (request.anchor !== undefined) {
    const anchor = request.anchor;
    if (!(anchor instanceof Date) || Number.isNaN(anchor.getTime())) throw new DomainValidationError('billingCycleAnchor', 'must be a valid date-time');
    const firstRegularEnd = addInterval(start, interval, count, 1, { timeZone });
    if (anchor < start || anchor > firstRegularEnd) {
      throw new DomainValidationError('billingCycleAnchor', `must lie between the start and one billing period after it (${firstRegularEnd.toISOString()})`);
    }
    billingAnchor = anchor;
    anchorDay = usesMonths(interval) ? localDateTime(anchor, timeZone).day : null;
  } else {
    throw new DomainValidationError('billingCycleAnchorDay', 'or billingCycleAnchor is required for an anchored schedule');
  }
  if (billingAnchor.getTime() === start.getTime()) return { billingAnchor, anchorDay, stub: null, fullPeriod: null };
  const zone: ScheduleZone = { timeZone, anchorDay };
  const before = periodAt(billingAnchor, interval, count, -1, zone);
  return { billingAnchor, anchorDay, stub: { start, end: billingAnchor }, fullPeriod: { start: before.start, end: before.end } };
}

const wholeSeconds = (range: TimeRange) => BigInt(Math.floor((range.end.getTime() - range.start.getTime()) / 1000));

/**
 * The stub's share of `amount` (a full period's charge), to the second: amount × stub seconds / full-period seconds,
 * rounded half-even once. 10 days of a 30-day month of 3000n is 1000n; a stub as long as the period is the amount.
 */
export function prorateStub(amount: bigint, fullPeriod: TimeRange, stub: TimeRange): bigint {
  if (typeof amount !== 'bigint') throw new DomainValidationError('amount', `must be a bigint, got ${typeof amount}`);
  const full = wholeSeconds(fullPeriod);
  const used = wholeSeconds(stub);
  if (full <= 0n) throw new DomainValidationError('fullPeriod', 'must last at least a second');
  if (used < 0n || used > full) throw new DomainValidationError('stub', 'must not be longer than the full period');
  return divideRounded(amount * used, full, 'half-even');
}
