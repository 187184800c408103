// Stripe's test clocks: a frozen time that test-mode customers (and so their subscriptions,
// invoices and payments) live by instead of the wall clock. The clock only moves forward, a bounded
// step at a time, and only through this machine: ready → advancing (the worker steps through every
// billing boundary on the way) → ready again, or internal_failure when a step fails. Pure: no
// database, no wall clock; the caller passes the times.

import { InvalidTransitionError } from '../errors';

/** As the `TestClockStatus` enum of the tenant schema. */
export const TEST_CLOCK_STATUSES = ['ready', 'advancing', 'internal_failure'] as const;
export type TestClockStatus = (typeof TEST_CLOCK_STATUSES)[number];

/** How far one advance may move a clock (Stripe bounds an advance too): two years. */
export const MAX_TEST_CLOCK_ADVANCE_YEARS = 2;
/** A new clock's frozen time lies within a year back and two years ahead of the wall clock. */
export const MAX_TEST_CLOCK_START_BACK_YEARS = 1;
export const MAX_TEST_CLOCK_START_AHEAD_YEARS = 2;
export const TEST_CLOCK_NAME_MAX_LENGTH = 300;

/** The columns the machine owns. */
export interface TestClockState {
  readonly status: TestClockStatus;
  /** The clock's time now (during an advance: how far it got). */
  readonly frozenTime: Date;
  /** While advancing: the time it is moving to; otherwise null. */
  readonly advancingTo: Date | null;
}

export type TestClockEvent =
  /** The tenant asks for the clock to move to `to`; the worker does it. */
  | { readonly type: 'advance'; readonly to: Date }
  /** The worker got as far as `to` (a boundary on the way, or the target). */
  | { readonly type: 'step'; readonly to: Date }
  /** The worker reached the target: the clock is ready again. */
  | { readonly type: 'advanced' }
  /** A step failed: the clock stops where it got to, and can only be deleted (as Stripe's). */
  | { readonly type: 'fail' };

function yearsFrom(at: Date, years: number): Date {
  const result = new Date(at.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** Why `frozenTime` cannot start a new clock at wall time `now` (a phrase after the field name), or null. */
export function testClockStartProblem(frozenTime: Date, now: Date): string | null {
  if (!isValidDate(frozenTime)) return 'must be a valid date-time';
  const earliest = yearsFrom(now, -MAX_TEST_CLOCK_START_BACK_YEARS);
  const latest = yearsFrom(now, MAX_TEST_CLOCK_START_AHEAD_YEARS);
  if (frozenTime < earliest) return `must not be more than ${MAX_TEST_CLOCK_START_BACK_YEARS} year back (not before ${earliest.toISOString()})`;
  if (frozenTime > latest) return `must not be more than ${MAX_TEST_CLOCK_START_AHEAD_YEARS} years ahead (not after ${latest.toISOString()})`;
  return null;
}

/** Why a clock at `frozenTime` cannot be advanced to `to` (a phrase after the field name), or null. */
export function testClockAdvanceProblem(frozenTime: Date, to: Date): string | null {
  if (!isValidDate(to)) return 'must be a valid date-time';
  if (to.getTime() <= frozenTime.getTime()) return `must be later than the clock's frozen time (${frozenTime.toISOString()}): a test clock only moves forward`;
  const latest = yearsFrom(frozenTime, MAX_TEST_CLOCK_ADVANCE_YEARS);
  if (to > latest) return `must not be more than ${MAX_TEST_CLOCK_ADVANCE_YEARS} years after the clock's frozen time (not after ${latest.toISOString()})`;
  return null;
}

/** The state after `event`, or an InvalidTransitionError when the machine forbids it. */
export function transitionTestClock(from: TestClockState, event: TestClockEvent): TestClockState {
  const refused = refusal(from, event);
  if (refused) throw new InvalidTransitionError('test_clock', from.status, event.type, refused);
  switch (event.type) {
    case 'advance':
      return { status: 'advancing', frozenTime: from.frozenTime, advancingTo: event.to };
    case 'step':
      return { ...from, frozenTime: event.to };
    case 'advanced':
      return { status: 'ready', frozenTime: from.advancingTo!, advancingTo: null };
    case 'fail':
      return { ...from, status: 'internal_failure', advancingTo: null };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown test clock event ${JSON.stringify(unknown)}`);
    }
  }
}

function refusal(from: TestClockState, event: TestClockEvent): string | null {
  switch (event.type) {
    case 'advance': {
      if (from.status === 'advancing') return 'the test clock is already advancing; wait until it is ready';
      if (from.status === 'internal_failure') return 'the test clock failed while advancing and can only be deleted';
      return testClockAdvanceProblem(from.frozenTime, event.to);
    }
    case 'step':
      if (from.status !== 'advancing') return `a ${from.status} test clock is not advancing`;
      if (event.to < from.frozenTime || event.to > from.advancingTo!) return 'a step must lie between the frozen time and the time the clock is advancing to';
      return null;
    case 'advanced':
      if (from.status !== 'advancing') return `a ${from.status} test clock is not advancing`;
      if (from.frozenTime.getTime() !== from.advancingTo!.getTime()) return 'the test clock has not reached the time it is advancing to';
      return null;
    case 'fail':
      return from.status === 'advancing' ? null : `a ${from.status} test clock is not advancing`;
  }
}

/**
 * Where an advance steps next from `from` towards `target`: the earliest billing boundary (a period
 * end, a trial end, a dunning retry, a reminder day …) after `from` and not after `target`, else the
 * target itself. Stepping boundary by boundary runs the billing cycle once per boundary crossed, in
 * order, so a year of monthly renewals yields twelve invoices each issued at its own time.
 */
export function nextTestClockStep(from: Date, target: Date, boundaries: readonly (Date | null)[]): Date {
  let next = target;
  for (const boundary of boundaries) {
    if (boundary && boundary > from && boundary < next) next = boundary;
  }
  return next;
}
