import { DomainValidationError } from '../errors';

/**
 * How to turn an exact rational into an integer count of minor units.
 * - half-even: ties go to the even neighbour (banker's rounding; unbiased over many lines).
 * - half-up:   ties go away from zero (commercial rounding, Java's HALF_UP), so 2.5 → 3 and -2.5 → -3.
 * - floor / ceil: towards -∞ / +∞.
 * - exact:     refuses to round and throws when the division leaves a remainder.
 */
export type RoundingMode = 'half-even' | 'half-up' | 'floor' | 'ceil' | 'exact';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half-even', 'half-up', 'floor', 'ceil', 'exact'];

export class InexactRoundingError extends Error {
  override readonly name = 'InexactRoundingError';

  constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {
    super(`${numerator}/${denominator} is not an integer and rounding mode 'exact' refuses to round`);
  }
}

export function assertRoundingMode(mode: string, field = 'rounding'): asserts mode is RoundingMode {
  if (!(ROUNDING_MODES as readonly string[]).includes(mode)) {
    throw new DomainValidationError(field, `unknown rounding mode '${mode}', expected one of ${ROUNDING_MODES.join(', ')}`);
  }
}

/** numerator / denominator rounded to an integer with the given mode, in exact bigint arithmetic. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  assertRoundingMode(mode);
  if (denominator === 0n) throw new RangeError('divideRounded: denominator must not be zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }

  // bigint division truncates towards zero; step down once for negatives so we start from the floor
  // and a remainder in [0, denominator).
  let floor = numerator / denominator;
  if (numerator % denominator !== 0n && numerator < 0n) floor -= 1n;
  const remainder = numerator - floor * denominator;
  if (remainder === 0n) return floor;

  const twiceRemainder = 2n * remainder;
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return floor + 1n;
    case 'exact':
      throw new InexactRoundingError(numerator, denominator);
    case 'half-up':
      if (twiceRemainder === denominator) return numerator < 0n ? floor : floor + 1n;
      return twiceRemainder < denominator ? floor : floor + 1n;
    case 'half-even':
      if (twiceRemainder === denominator) return floor % 2n === 0n ? floor : floor + 1n;
      return twiceRemainder < denominator ? floor : floor + 1n;
  }
}
