import { DomainValidationError } from '../errors';
import { addLocalDays, addLocalMonths, anchorDayProblem, canonicalTimeZone, timeZoneProblem } from './time-zone';

export type Interval = 'day' | 'week' | 'month' | 'year';

export interface BillingPeriod {
  /** 0 is the period that starts at the anchor; negative indexes are periods before it. */
  readonly index: number;
  readonly start: Date;
  /** Exclusive: the instant the next period starts. */
  readonly end: Date;
}

/**
 * The longest billing period a new price may have, per interval unit: the one rule the price DTO,
 * the catalogue and the docs use. Stripe's bound (at most a year) for days and weeks; months and
 * years go up to three years, since multi-year prepaid contracts are common for the operators and
 * enterprises we bill. A price that passes this rule can always be billed (see the period math below).
 */
export const MAX_INTERVAL_COUNT: Readonly<Record<Interval, number>> = { day: 365, week: 52, month: 36, year: 3 };

export const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'year'];

export function isInterval(value: unknown): value is Interval {
  return typeof value === 'string' && Object.hasOwn(MAX_INTERVAL_COUNT, value);
}

/** Why `count` is not an acceptable interval count for a new price of `interval`, as a phrase after the field name, or null when it is. */
export function intervalCountProblem(interval: Interval, count: unknown): string | null {
  const max = MAX_INTERVAL_COUNT[interval];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > max) {
    return `must be an integer from 1 to ${max} for ${interval} intervals`;
  }
  return null;
}

const MS_PER_DAY = 86_400_000;
const FIXED_LENGTH_MS: Partial<Record<Interval, number>> = { day: MS_PER_DAY, week: 7 * MS_PER_DAY };
const MONTHS_PER: Partial<Record<Interval, number>> = { month: 1, year: 12 };

function assertValidDate(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainValidationError(field, 'must be a valid Date');
  }
}

function assertCycle(interval: Interval, count: number): void {
  if (!Object.hasOwn(MAX_INTERVAL_COUNT, interval)) {
    throw new DomainValidationError('interval', `must be one of day, week, month, year, got '${interval}'`);
  }
  // Any whole count, not only what MAX_INTERVAL_COUNT allows new prices: prices stored before the rule
  // was shared (up to 1095 days or 156 weeks) must keep billing. Schedules past the representable date
  // range are refused where a boundary is computed.
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new DomainValidationError('count', `must be a positive integer, got ${count}`);
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, monthIndex: number): number {
  return monthIndex === 1 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[monthIndex];
}

/** The anchor moved by whole calendar months in UTC, its day clamped to the target month's length. */
function addMonthsClamped(anchor: Date, months: number): Date {
  const monthsSinceYearZero = anchor.getUTCFullYear() * 12 + anchor.getUTCMonth() + months;
  const year = Math.floor(monthsSinceYearZero / 12);
  const monthIndex = monthsSinceYearZero - year * 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, monthIndex));
  const result = new Date(anchor.getTime());
  result.setUTCFullYear(year, monthIndex, day); // setUTCFullYear, unlike Date.UTC, does not remap years 0-99
  return result;
}

/**
 * Where a schedule's boundaries are computed: in a tenant's time zone (each boundary keeps the anchor's local time
 * of day, so periods anchored at local midnight start at local midnight across DST changes) and, for month and year
 * intervals, on an anchor day (1–31) other than the anchor's own local day: a subscription anchored to the 31st whose
 * first regular period starts Feb 28 goes on to Mar 31. Omitted: UTC and the anchor's own day, as before zones.
 */
export interface ScheduleZone {
  readonly timeZone?: string;
  readonly anchorDay?: number | null;
}

function assertZone(zone: ScheduleZone | undefined): void {
  if (!zone) return;
  if (zone.timeZone !== undefined && canonicalTimeZone(zone.timeZone) === null) {
    throw new DomainValidationError('timeZone', timeZoneProblem(zone.timeZone)!);
  }
  if (zone.anchorDay !== undefined && zone.anchorDay !== null && anchorDayProblem(zone.anchorDay)) {
    throw new DomainValidationError('anchorDay', anchorDayProblem(zone.anchorDay)!);
  }
}

const isPlainUtc = (zone: ScheduleZone | undefined) =>
  !zone || ((zone.timeZone === undefined || zone.timeZone === 'UTC') && (zone.anchorDay === undefined || zone.anchorDay === null));

function boundary(anchor: Date, interval: Interval, count: number, n: number, zone?: ScheduleZone): Date {
  const fixedLength = FIXED_LENGTH_MS[interval];
  let result: Date;
  if (isPlainUtc(zone)) {
    result =
      fixedLength !== undefined
        ? new Date(anchor.getTime() + n * count * fixedLength)
        : addMonthsClamped(anchor, n * count * MONTHS_PER[interval]!);
  } else {
    const timeZone = zone!.timeZone ?? 'UTC';
    const steps = n * count;
    try {
      result =
        fixedLength !== undefined
          ? addLocalDays(anchor, steps * (fixedLength / MS_PER_DAY), timeZone)
          : addLocalMonths(anchor, steps * MONTHS_PER[interval]!, timeZone, zone!.anchorDay ?? undefined);
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      result = new Date(Number.NaN);
    }
  }
  if (Number.isNaN(result.getTime())) {
    throw new DomainValidationError('n', `boundary ${n} of this schedule is outside the representable date range`);
  }
  return result;
}

/**
 * The n-th period boundary of a schedule that starts at `anchor` and repeats every `count` `interval`s, in UTC.
 * Each boundary is computed from the anchor itself, never from the previous boundary, so clamping does not drift:
 * anchored Jan 31 monthly → Feb 28 (29 in leap years), Mar 31, Apr 30, May 31; yearly from Feb 29 → Feb 28 in
 * common years and Feb 29 again in leap years. The anchor's time of day is kept. Days are exactly 24h in UTC;
 * with a `zone` they are local days (23 or 25 hours across a DST change) and months are local months.
 */
export function addInterval(anchor: Date, interval: Interval, count: number, n: number, zone?: ScheduleZone): Date {
  assertValidDate(anchor, 'anchor');
  assertCycle(interval, count);
  assertZone(zone);
  if (!Number.isSafeInteger(n)) throw new DomainValidationError('n', `must be an integer, got ${n}`);
  return boundary(anchor, interval, count, n, zone);
}

/** The period with the given index: [boundary(index), boundary(index + 1)). */
export function periodAt(anchor: Date, interval: Interval, count: number, index: number, zone?: ScheduleZone): BillingPeriod {
  if (!Number.isSafeInteger(index)) throw new DomainValidationError('index', `must be an integer, got ${index}`);
  return { index, start: addInterval(anchor, interval, count, index, zone), end: boundary(anchor, interval, count, index + 1, zone) };
}

/** The period with start <= at < end. Before the anchor this yields negative indexes. */
export function periodContaining(anchor: Date, interval: Interval, count: number, at: Date, zone?: ScheduleZone): BillingPeriod {
  assertValidDate(anchor, 'anchor');
  assertCycle(interval, count);
  assertValidDate(at, 'at');
  assertZone(zone);

  const fixedLength = FIXED_LENGTH_MS[interval];
  if (fixedLength !== undefined) {
    let index = Math.floor((at.getTime() - anchor.getTime()) / (count * fixedLength));
    if (isPlainUtc(zone)) return periodAt(anchor, interval, count, index);
    // Local days are 23–25 hours: the estimate can be one off either side.
    while (boundary(anchor, interval, count, index, zone) > at) index -= 1;
    while (boundary(anchor, interval, count, index + 1, zone) <= at) index += 1;
    return periodAt(anchor, interval, count, index, zone);
  }

  // Estimate from the calendar-month distance, then step: clamping can put a boundary a few days either side.
  const monthsPerPeriod = count * MONTHS_PER[interval]!;
  const monthDistance =
    (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  let index = Math.floor(monthDistance / monthsPerPeriod);
  while (boundary(anchor, interval, count, index, zone) > at) index -= 1;
  while (boundary(anchor, interval, count, index + 1, zone) <= at) index += 1;
  return periodAt(anchor, interval, count, index, zone);
}

/** The first period that starts after `at`: when a subscription renews next. */
export function nextPeriod(anchor: Date, interval: Interval, count: number, at: Date, zone?: ScheduleZone): BillingPeriod {
  const current = periodContaining(anchor, interval, count, at, zone);
  return periodAt(anchor, interval, count, current.index + 1, zone);
}
