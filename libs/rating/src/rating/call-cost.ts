// The exact cost of a rated call:
//   connect fee + Σ over money segments of billedSeconds × pricePerUnit / unitSeconds,
// clamped to the minimum and maximum, then rounded once to the rounding precision. All of it comes from
// the rate in force when the call started, as CGRateS takes the connect fee and rounding from the first
// timespan. The sum is kept as an exact fraction numerator / denominator whose denominator is the least
// common multiple of the rates' reduced per-second denominators (1 or 3 for most real prices).
//
// Number arithmetic is exact while every intermediate stays within 2^53. Any value beyond that is seen
// (the float then is >= 2^53 too) and the call is recomputed with bigint. The two versions mirror each
// other on purpose: a generic numeric abstraction would cost the number path its speed.

import { divideRounded, divideRoundedBig, RoundingCode } from '../money/rounding';
import { type Nanos } from '../money/nanos';
import { type CompiledRate, greatestCommonDivisor } from '../plan/compiled-rate';
import { MS_PER_SECOND } from '../time/zoned-clock';
import { MONEY, type RatingScratch } from './rating-scratch';

const SAFE = Number.MAX_SAFE_INTEGER;

/** Returned when the cost does not fit in a safe integer of nanos. */
export const COST_OUT_OF_RANGE = -1;

export interface CostTerms {
  chargeConnectFee: boolean;
  applyMinimum: boolean;
}

export function exactCallCost(scratch: RatingScratch, head: CompiledRate, terms: CostTerms): Nanos {
  const fast = costWithNumbers(scratch, head, terms);
  if (fast >= 0) return fast;
  const exact = costWithBigInts(scratch, head, terms);
  return exact <= BigInt(SAFE) ? Number(exact) : COST_OUT_OF_RANGE;
}

/** Cost of one segment before connect fee, limits and rounding, to the nearest nano (for breakdowns). */
export function segmentCost(rate: CompiledRate, billedMs: number): Nanos {
  const numerator = (billedMs / MS_PER_SECOND) * rate.perSecondNumerator;
  if (numerator <= SAFE) return divideRounded(numerator, rate.perSecondDenominator, RoundingCode.HalfUp);
  const big = BigInt(billedMs / MS_PER_SECOND) * BigInt(rate.perSecondNumerator);
  return Number(divideRoundedBig(big, BigInt(rate.perSecondDenominator), RoundingCode.HalfUp));
}

function costWithNumbers(scratch: RatingScratch, head: CompiledRate, terms: CostTerms): number {
  let numerator = terms.chargeConnectFee ? head.connectFee : 0;
  let denominator = 1;
  for (let index = 0; index < scratch.segmentCount; index++) {
    if (scratch.segmentPayer[index] !== MONEY) continue;
    const rate = scratch.segmentRate[index]!;
    const rateDenominator = rate.perSecondDenominator;
    if (denominator % rateDenominator !== 0) {
      const common = (denominator / greatestCommonDivisor(denominator, rateDenominator)) * rateDenominator;
      numerator *= common / denominator;
      denominator = common;
    }
    const seconds = scratch.segmentBilledMs[index] / MS_PER_SECOND;
    numerator += seconds * rate.perSecondNumerator * (denominator / rateDenominator);
    if (numerator > SAFE) return -1;
  }
  if (terms.applyMinimum && head.minCost !== null && numerator < head.minCost * denominator) numerator = head.minCost * denominator;
  if (head.maxCost !== null && numerator > head.maxCost * denominator) numerator = head.maxCost * denominator;
  const divisor = denominator * head.roundingStep;
  if (numerator > SAFE || divisor > SAFE) return -1;
  return divideRounded(numerator, divisor, head.roundingCode) * head.roundingStep;
}

function costWithBigInts(scratch: RatingScratch, head: CompiledRate, terms: CostTerms): bigint {
  let numerator = terms.chargeConnectFee ? BigInt(head.connectFee) : 0n;
  let denominator = 1n;
  for (let index = 0; index < scratch.segmentCount; index++) {
    if (scratch.segmentPayer[index] !== MONEY) continue;
    const rate = scratch.segmentRate[index]!;
    const rateDenominator = BigInt(rate.perSecondDenominator);
    if (denominator % rateDenominator !== 0n) {
      const common = (denominator / bigGcd(denominator, rateDenominator)) * rateDenominator;
      numerator *= common / denominator;
      denominator = common;
    }
    const seconds = BigInt(scratch.segmentBilledMs[index] / MS_PER_SECOND);
    numerator += seconds * BigInt(rate.perSecondNumerator) * (denominator / rateDenominator);
  }
  if (terms.applyMinimum && head.minCost !== null && numerator < BigInt(head.minCost) * denominator) numerator = BigInt(head.minCost) * denominator;
  if (head.maxCost !== null && numerator > BigInt(head.maxCost) * denominator) numerator = BigInt(head.maxCost) * denominator;
  const step = BigInt(head.roundingStep);
  return divideRoundedBig(numerator, denominator * step, head.roundingCode) * step;
}

function bigGcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
