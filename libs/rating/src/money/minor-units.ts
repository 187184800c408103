import { divideRounded, type RoundingMethod, roundingCode } from './rounding';
import { NANO_DIGITS, type Nanos, POWERS_OF_TEN } from './nanos';

/**
 * Converts a rated cost in nanos into integer minor units of its currency for invoicing.
 * `currencyExponent` is the ISO 4217 exponent, e.g. `currencyExponent('USD')` from @nova/domain (2).
 *
 * toMinorUnits(12_345_000, 2, 'half-up') === 1   // 0.012345 USD -> 1 cent
 */
export function toMinorUnits(cost: Nanos, currencyExponent: number, rounding: RoundingMethod): number {
  if (!Number.isSafeInteger(cost) || cost < 0) {
    throw new RangeError(`cost must be a non-negative safe integer of nanos, got ${cost}`);
  }
  if (!Number.isInteger(currencyExponent) || currencyExponent < 0 || currencyExponent > NANO_DIGITS) {
    throw new RangeError(`currencyExponent must be an integer from 0 to ${NANO_DIGITS}, got ${currencyExponent}`);
  }
  return divideRounded(cost, POWERS_OF_TEN[NANO_DIGITS - currencyExponent], roundingCode(rounding));
}
