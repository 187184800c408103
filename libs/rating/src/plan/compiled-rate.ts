import { type Nanos, NANO_DIGITS, POWERS_OF_TEN } from '../money/nanos';
import { type RoundingCode } from '../money/rounding';
import { type CompiledTiming } from '../time/timing';
import { MS_PER_SECOND } from '../time/zoned-clock';

export interface RateTerms {
  id: string;
  destination: string;
  timing: CompiledTiming;
  activeFromMs: number;
  pricePerUnit: Nanos;
  unitSeconds: number;
  initialIncrementSeconds: number;
  subsequentIncrementSeconds: number;
  connectFee: Nanos;
  minCost: Nanos | null;
  maxCost: Nanos | null;
  roundingCode: RoundingCode;
  roundingDecimals: number;
}

/** A validated rate with everything the hot path needs precomputed. */
export class CompiledRate {
  readonly id: string;
  readonly destination: string;
  readonly timing: CompiledTiming;
  readonly activeFromMs: number;
  readonly pricePerUnit: Nanos;
  readonly unitSeconds: number;
  readonly connectFee: Nanos;
  readonly minCost: Nanos | null;
  readonly maxCost: Nanos | null;
  readonly roundingCode: RoundingCode;
  readonly roundingDecimals: number;
  /** Call durations are handled in milliseconds; increments are whole seconds. */
  readonly initialMs: number;
  readonly subsequentMs: number;
  /** Price of one billed second as the reduced fraction pricePerUnit / unitSeconds (0.001/60 s -> 50000/3 nanos). */
  readonly perSecondNumerator: number;
  readonly perSecondDenominator: number;
  /** Nanos per unit of the last kept decimal: rounding to 4 decimals rounds to multiples of 100_000 nanos. */
  readonly roundingStep: number;

  constructor(terms: RateTerms) {
    this.id = terms.id;
    this.destination = terms.destination;
    this.timing = terms.timing;
    this.activeFromMs = terms.activeFromMs;
    this.pricePerUnit = terms.pricePerUnit;
    this.unitSeconds = terms.unitSeconds;
    this.connectFee = terms.connectFee;
    this.minCost = terms.minCost;
    this.maxCost = terms.maxCost;
    this.roundingCode = terms.roundingCode;
    this.roundingDecimals = terms.roundingDecimals;
    this.initialMs = terms.initialIncrementSeconds * MS_PER_SECOND;
    this.subsequentMs = terms.subsequentIncrementSeconds * MS_PER_SECOND;
    const divisor = greatestCommonDivisor(terms.pricePerUnit, terms.unitSeconds);
    this.perSecondNumerator = terms.pricePerUnit / divisor;
    this.perSecondDenominator = terms.unitSeconds / divisor;
    this.roundingStep = POWERS_OF_TEN[NANO_DIGITS - terms.roundingDecimals];
  }
}

export function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a === 0 ? 1 : a;
}
