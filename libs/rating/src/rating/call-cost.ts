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

import { type Nanos } from '../money/nanos';
import { divideRounded, divideRoundedBig, RoundingCode } from '../money/rounding';
import { greatestCommonDivisor } from '../plan/compiled-rate';
import { NO_LIMIT, type TariffTable } from '../plan/tariff-table';
import { MS_PER_SECOND } from '../time/zoned-clock';
import { MONEY, type RatingScratch } from './rating-scratch';

const SAFE = Number.MAX_SAFE_INTEGER;

/** Returned when the cost does not fit in a safe integer of nanos. */
export const COST_OUT_OF_RANGE = -1;

/** `applyMinimum` is false for zero-second calls, which pay their connect fee only. */
export function exactCallCost(scratch: RatingScratch, rates: TariffTable, applyMinimum: boolean): Nanos {
  const fast = costWithNumbers(scratch, rates, applyMinimum);
  if (fast >= 0) return fast;
  const exact = costWithBigInts(scratch, rates, applyMinimum);
  return exact <= BigInt(SAFE) ? Number(exact) : COST_OUT_OF_RANGE;
}

/** Cost of one segment before connect fee, limits and rounding, to the nearest nano (for breakdowns). */
export function segmentCost(rates: TariffTable, rate: number, billedMs: number): Nanos {
  const seconds = billedMs / MS_PER_SECOND;
  const numerator = seconds * rates.perSecondNumerator(rate);
  if (numerator <= SAFE) return divideRounded(numerator, rates.perSecondDenominator(rate), RoundingCode.HalfUp);
  const big = BigInt(seconds) * BigInt(rates.perSecondNumerator(rate));
  return Number(divideRoundedBig(big, BigInt(rates.perSecondDenominator(rate)), RoundingCode.HalfUp));
}

function costWithNumbers(scratch: RatingScratch, rates: TariffTable, applyMinimum: boolean): number {
  const head = scratch.headRate;
  let numerator = rates.connectFee(head);
  let denominator = 1;
  for (let index = 0; index < scratch.segmentCount; index++) {
    if (scratch.segmentPayer[index] !== MONEY) continue;
    const rate = scratch.segmentRate[index];
    const rateDenominator = rates.perSecondDenominator(rate);
    if (denominator % rateDenominator !== 0) {
      const common = (denominator / greatestCommonDivisor(denominator, rateDenominator)) * rateDenominator;
      numerator *= common / denominator;
      denominator = common;
    }
    const seconds = scratch.segmentBilledMs[index] / MS_PER_SECOND;
    numerator += seconds * rates.perSecondNumerator(rate) * (denominator / rateDenominator);
    if (numerator > SAFE) return -1;
  }
  const minCost = rates.minCost(head);
  const maxCost = rates.maxCost(head);
  if (applyMinimum && minCost !== NO_LIMIT && numerator < minCost * denominator) numerator = minCost * denominator;
  if (maxCost !== NO_LIMIT && numerator > maxCost * denominator) numerator = maxCost * denominator;
  const step = rates.roundingStep(head);
  const divisor = denominator * step;
  if (numerator > SAFE || divisor > SAFE) return -1;
  return divideRounded(numerator, divisor, rates.roundingCode(head)) * step;
}

function costWithBigInts(scratch: RatingScratch, rates: TariffTable, applyMinimum: boolean): bigint {
  const head = scratch.headRate;
  let numerator = BigInt(rates.connectFee(head));
  let denominator = 1n;
  for (let index = 0; index < scratch.segmentCount; index++) {
    if (scratch.segmentPayer[index] !== MONEY) continue;
    const rate = scratch.segmentRate[index];
    const rateDenominator = BigInt(rates.perSecondDenominator(rate));
    if (denominator % rateDenominator !== 0n) {
      const common = (denominator / bigGcd(denominator, rateDenominator)) * rateDenominator;
      numerator *= common / denominator;
      denominator = common;
    }
    const seconds = BigInt(scratch.segmentBilledMs[index] / MS_PER_SECOND);
    numerator += seconds * BigInt(rates.perSecondNumerator(rate)) * (denominator / rateDenominator);
  }
  const minCost = rates.minCost(head);
  const maxCost = rates.maxCost(head);
  if (applyMinimum && minCost !== NO_LIMIT && numerator < BigInt(minCost) * denominator) numerator = BigInt(minCost) * denominator;
  if (maxCost !== NO_LIMIT && numerator > BigInt(maxCost) * denominator) numerator = BigInt(maxCost) * denominator;
  const step = BigInt(rates.roundingStep(head));
  return divideRoundedBig(numerator, denominator * step, rates.roundingCode(head)) * step;
}

function bigGcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
