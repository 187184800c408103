import { DomainValidationError } from '../errors';

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

function boundary(anchor: Date, interval: Interval, count: number, n: number): Date {
  const fixedLength = FIXED_LENGTH_MS[interval];
  const result =
    fixedLength !== undefined
      ? new Date(anchor.getTime() + n * count * fixedLength)
      : addMonthsClamped(anchor, n * count * MONTHS_PER[interval]!);
  if (Number.isNaN(result.getTime())) {
    throw new DomainValidationError('n', `boundary ${n} of this schedule is outside the representable date range`);
  }
  return result;
}

/**
 * The n-th period boundary of a schedule that starts at `anchor` and repeats every `count` `interval`s, in UTC.
 * Each boundary is computed from the anchor itself, never from the previous boundary, so clamping does not drift:
 * anchored Jan 31 monthly → Feb 28 (29 in leap years), Mar 31, Apr 30, May 31; yearly from Feb 29 → Feb 28 in
 * common years and Feb 29 again in leap years. The anchor's time of day is kept. Days are exactly 24h (UTC has
 * no DST).
 */
export function addInterval(anchor: Date, interval: Interval, count: number, n: number): Date {
  assertValidDate(anchor, 'anchor');
  assertCycle(interval, count);
  if (!Number.isSafeInteger(n)) throw new DomainValidationError('n', `must be an integer, got ${n}`);
  return boundary(anchor, interval, count, n);
}

/** The period with the given index: [boundary(index), boundary(index + 1)). */
export function periodAt(anchor: Date, interval: Interval, count: number, index: number): BillingPeriod {
  if (!Number.isSafeInteger(index)) throw new DomainValidationError('index', `must be an integer, got ${index}`);
  return { index, start: addInterval(anchor, interval, count, index), end: boundary(anchor, interval, count, index + 1) };
}

/** The period with start <= at < end. Before the anchor this yields negative indexes. */
export function periodContaining(anchor: Date, interval: Interval, count: number, at: Date): BillingPeriod {
  assertValidDate(anchor, 'anchor');
  assertCycle(interval, count);
  assertValidDate(at, 'at');

  const fixedLength = FIXED_LENGTH_MS[interval];
  if (fixedLength !== undefined) {
    const index = Math.floor((at.getTime() - anchor.getTime()) / (count * fixedLength));
    return periodAt(anchor, interval, count, index);
  }

  // Estimate from the calendar-month distance, then step: clamping can put a boundary a few days either side.
  const monthsPerPeriod = count * MONTHS_PER[interval]!;
  const monthDistance =
    (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  let index = Math.floor(monthDistance / monthsPerPeriod);
  while (boundary(anchor, interval, count, index) > at) index -= 1;
  while (boundary(anchor, interval, count, index + 1) <= at) index += 1;
  return periodAt(anchor, interval, count, index);
}

/** The first period that starts after `at`: when a subscription renews next. */
export function nextPeriod(anchor: Date, interval: Interval, count: number, at: Date): BillingPeriod {
  const current = periodContaining(anchor, interval, count, at);
  return periodAt(anchor, interval, count, current.index + 1);
}
