// Rounding of exact non-negative quotients. Rating never produces negative amounts (rates, fees and
// durations are validated as non-negative), so "up" is a ceiling and "down" a truncation, exactly as
// CGRateS' *up / *down; "half-up" is its *middle; "half-even" is banker's rounding.

export const ROUNDING_METHODS = ['up', 'down', 'half-up', 'half-even'] as const;
export type RoundingMethod = (typeof ROUNDING_METHODS)[number];

/** Small integer codes so the hot path compares numbers, not strings. */
export enum RoundingCode {
  Up = 0,
  Down = 1,
  HalfUp = 2,
  HalfEven = 3,
}

export function isRoundingMethod(value: unknown): value is RoundingMethod {
  return typeof value === 'string' && (ROUNDING_METHODS as readonly string[]).includes(value);
}

export function roundingCode(method: RoundingMethod): RoundingCode {
  switch (method) {
    case 'up':
      return RoundingCode.Up;
    case 'down':
      return RoundingCode.Down;
    case 'half-up':
      return RoundingCode.HalfUp;
    case 'half-even':
      return RoundingCode.HalfEven;
  }
}

/**
 * round(numerator / denominator) for safe integers, numerator >= 0, denominator > 0.
 * The float division only seeds the quotient; the remainder is recomputed in integers and the quotient
 * corrected, so the result is exact whenever quotient * denominator stays a safe integer.
 */
export function divideRounded(numerator: number, denominator: number, code: RoundingCode): number {
  let quotient = Math.floor(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  if (remainder < 0) {
    quotient -= 1;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient += 1;
    remainder -= denominator;
  }
  if (remainder === 0) return quotient;
  return roundsAway(code, 2 * remainder, denominator, quotient % 2 === 1) ? quotient + 1 : quotient;
}

/** The same rounding on bigints, for the rare call whose exact intermediate sums leave the safe range. */
export function divideRoundedBig(numerator: bigint, denominator: bigint, code: RoundingCode): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const twice = 2n * remainder;
  const away =
    code === RoundingCode.Up ||
    (code === RoundingCode.HalfUp && twice >= denominator) ||
    (code === RoundingCode.HalfEven && (twice > denominator || (twice === denominator && quotient % 2n === 1n)));
  return away ? quotient + 1n : quotient;
}

function roundsAway(code: RoundingCode, twiceRemainder: number, denominator: number, quotientIsOdd: boolean): boolean {
  switch (code) {
    case RoundingCode.Up:
      return true;
    case RoundingCode.Down:
      return false;
    case RoundingCode.HalfUp:
      return twiceRemainder >= denominator;
    case RoundingCode.HalfEven:
      return twiceRemainder > denominator || (twiceRemainder === denominator && quotientIsOdd);
  }
}
