// Small plans for the specs. Lagos (UTC+1 all year, no DST) keeps local times easy to check by hand.

import { compileRatingPlan } from '../plan/compile-plan';
import type { RateData, RatingPlanData } from '../plan/plan-data';
import type { RatingPlan } from '../rating/rating-plan';
import type { RatedCall, RatingResult } from '../rating/rating-result';

export const LAGOS = 'Africa/Lagos';

/** UTC epoch ms of a Lagos wall time, e.g. lagos('2025-03-05T17:59:30'). */
export function lagos(wallTime: string): number {
  return Date.parse(`${wallTime}+01:00`);
}

/** A rate with the fields a spec does not care about filled in: 0.06 per minute, 60/60. */
export function rate(overrides: Partial<RateData> & Pick<RateData, 'id'>): RateData {
  return { destination: 'NG', pricePerUnit: '0.06', unitSeconds: 60, initialIncrement: 60, subsequentIncrement: 60, ...overrides };
}

export function planData(overrides: Partial<RatingPlanData>): RatingPlanData {
  return {
    id: 'test-plan',
    currency: 'USD',
    timezone: LAGOS,
    rounding: { method: 'half-up', decimals: 6 },
    destinations: [{ name: 'NG', prefixes: ['234'] }],
    rates: [],
    ...overrides,
  };
}

export function plan(overrides: Partial<RatingPlanData>): RatingPlan {
  return compileRatingPlan(planData(overrides));
}

export function rated(result: RatingResult): RatedCall {
  if (!result.rated) throw new Error(`expected a rated call, got ${result.reason}: ${result.message}`);
  return result;
}

/** Rates a call to a Nigerian number and returns its rated result. */
export function rateCall(ratingPlan: RatingPlan, startedAtMs: number, durationSeconds: number, calledNumber = '2348031234567'): RatedCall {
  return rated(ratingPlan.rate({ calledNumber, startedAtMs, durationSeconds }));
}
