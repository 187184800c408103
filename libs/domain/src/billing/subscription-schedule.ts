import { DomainValidationError } from '../errors';
import { trialDaysProblem } from '../catalog/limits';
import { anchoredSchedule, type AnchorRequest } from './billing-anchor';
import { periodAt, periodContaining, type BillingPeriod, type Interval, type ScheduleZone } from './period';
import type { TimeRange } from './proration';
import { addLocalDays, startOfLocalDay } from './time-zone';

/**
 * How a new subscription's time is laid out in the tenant's zone.
 *
 * The rule for the start day: a subscription's service begins at local midnight of the day it starts (created, or
 * backdated to), and that day is a whole day of service. The hours of the start day before creation are neither
 * charged on top nor left out: they are part of the first day, as in day-granular billing (a hotel night, a telecom
 * bundle). So every period and trial starts and ends at a local midnight (anchored on an explicit
 * `billingCycleAnchor` instant: at that instant's time of day), a plain monthly subscription created at 14:23 on
 * 15 March is billed in full for 15 March – 15 April, and an anchored one's stub is a whole number of local days.
 * Mid-period changes (plan, quantity, items, cancel with proration) are still prorated to the second from the
 * instant they happen (Stripe's rule).
 */
export interface SubscriptionScheduleRequest extends AnchorRequest {
  /** 0 or omitted: no trial. A trial of N days ends at local midnight N days after the start day's midnight. */
  readonly trialDays?: number;
}

export interface SubscriptionSchedule {
  /** Local midnight of the start day: where the first period (or the trial) starts. */
  readonly serviceStart: Date;
  /** Local midnight ending the trial, or null. */
  readonly trialEnd: Date | null;
  /** Where regular period 0 starts. */
  readonly billingAnchor: Date;
  /** The day of month the periods clamp to; null: the anchor's own local day (or day and week intervals). */
  readonly anchorDay: number | null;
  /** The subscription's current period at creation: the trial, the stub, or regular period 0. */
  readonly firstPeriod: TimeRange;
  /** The first period the customer pays for (after the trial, if any), with the full period a stub is prorated against. */
  readonly firstPaidPeriod: PeriodToBill;
}

/** A period to bill: a regular one (fullPeriod null), or a stub [start, end) of the regular period `fullPeriod`, prorated. */
export interface PeriodToBill extends BillingPeriod {
  readonly fullPeriod: BillingPeriod | null;
}

/** Whether the caller asked for an anchor. */
const anchored = (request: AnchorRequest) => request.anchorDay !== undefined || request.anchor !== undefined;

/**
 * The schedule of a subscription starting at `start` (an instant on its start day) in `timeZone`. With a trial and an
 * anchor (Stripe's trial + billing_cycle_anchor): the trial runs, then a prorated stub from the trial's end to the
 * anchor (the anchor is computed from the trial's end, so `billingCycleAnchor` must lie within one period after it),
 * then regular anchored periods.
 */
export function subscriptionSchedule(start: Date, interval: Interval, count: number, timeZone: string, request: SubscriptionScheduleRequest = {}): SubscriptionSchedule {
  const trialDays = request.trialDays ?? 0;
  const trialProblem = trialDaysProblem(trialDays);
  if (trialProblem) throw new DomainValidationError('trialDays', trialProblem);
  const serviceStart = startOfLocalDay(start, timeZone);
  const trialEnd = trialDays > 0 ? addLocalDays(serviceStart, trialDays, timeZone) : null;
  const paidFrom = trialEnd ?? serviceStart;
  let billingAnchor = paidFrom;
  let anchorDay: number | null = null;
  let firstPaidPeriod: PeriodToBill;
  if (anchored(request)) {
    const schedule = anchoredSchedule(paidFrom, interval, count, timeZone, { anchorDay: request.anchorDay, anchor: request.anchor });
    billingAnchor = schedule.billingAnchor;
    anchorDay = schedule.anchorDay;
    firstPaidPeriod = schedule.stub
      ? { index: -1, start: schedule.stub.start, end: schedule.stub.end, fullPeriod: { index: -1, start: schedule.fullPeriod!.start, end: schedule.fullPeriod!.end } }
      : { ...periodAt(billingAnchor, interval, count, 0, { timeZone, anchorDay }), fullPeriod: null };
  } else {
    firstPaidPeriod = { ...periodAt(billingAnchor, interval, count, 0, { timeZone }), fullPeriod: null };
  }
  const firstPeriod = trialEnd ? { start: serviceStart, end: trialEnd } : { start: firstPaidPeriod.start, end: firstPaidPeriod.end };
  return { serviceStart, trialEnd, billingAnchor, anchorDay, firstPeriod, firstPaidPeriod };
}

/**
 * The period the billing cycle bills from `from` (where the current period ended) on the schedule anchored at
 * `anchor`: the regular period starting there, or, when `from` falls inside a regular period (a trial that ended
 * before an anchor), the stub from `from` to that period's end, prorated against it.
 */
export function periodToBillFrom(anchor: Date, interval: Interval, count: number, from: Date, zone?: ScheduleZone): PeriodToBill {
  const containing = periodContaining(anchor, interval, count, from, zone);
  if (containing.start.getTime() === from.getTime()) return { ...containing, fullPeriod: null };
  return { index: containing.index, start: from, end: containing.end, fullPeriod: containing };
}
