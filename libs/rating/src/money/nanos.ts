// Every amount inside the rating core is an integer count of nano-units: 1e-9 of the currency's major
// unit, held in a plain JavaScript number.
//
// Why nano-units in safe-integer numbers rather than bigint or decimal.js:
//  - 9 decimal places represent every realistic tariff exactly (0.001 per minute is 1_000_000 nanos,
//    carrier decks rarely go past 6 decimals) and cover every ISO 4217 exponent (at most 4);
//  - a number stays exact up to 2^53 - 1 nanos, i.e. about 9 million major units for ONE call, far above
//    any real call; costs beyond that are reported as unratable rather than silently rounded;
//  - number arithmetic allocates nothing, which is what lets one core rate millions of CDRs a second.
//    Per-second prices such as 0.001 / 60 s are not whole nanos, so costs are summed as exact fractions
//    (see rating/call-cost.ts) and rounded once; the rare call whose intermediate fractions outgrow 2^53
//    is recomputed with bigint, never approximated.

/** An amount in nano-units (1e-9 of the currency's major unit). Always a safe integer. */
export type Nanos = number;

export const NANO_DIGITS = 9;
export const NANOS_PER_UNIT = 1_000_000_000;

/** 10^n for n in 0..15, all exact in doubles. */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, n) => 10 ** n);

const ZERO = 48;
const DOT = 46;

/**
 * Parses a non-negative decimal string ("0.001", "12", "0.015000") into nanos, exactly.
 * Returns null for anything else: signs, exponents, more than 9 decimals, or values past 2^53 nanos.
 * (A character loop rather than a regex: rate decks call this hundreds of thousands of times.)
 */
export function parseDecimalNanos(text: string): Nanos | null {
  let whole = 0;
  let index = 0;
  for (; index < text.length && text.charCodeAt(index) !== DOT; index++) {
    const digit = text.charCodeAt(index) - ZERO;
    if (digit < 0 || digit > 9) return null;
    whole = whole * 10 + digit;
  }
  if (index === 0) return null;
  let fraction = 0;
  let scale = NANOS_PER_UNIT;
  if (index < text.length) {
    if (index === text.length - 1 || text.length - index - 1 > NANO_DIGITS) return null; // "1." or > 9 decimals
    for (index++; index < text.length; index++) {
      const digit = text.charCodeAt(index) - ZERO;
      if (digit < 0 || digit > 9) return null;
      scale /= 10;
      fraction += digit * scale;
    }
  }
  const nanos = whole * NANOS_PER_UNIT + fraction;
  return whole <= Number.MAX_SAFE_INTEGER && Number.isSafeInteger(nanos) ? nanos : null;
}

/** The canonical text of a valid decimal ("0.0500" -> "0.05", "007" -> "7"), the input itself if already so. */
export function canonicalDecimal(text: string): string | null {
  const nanos = parseDecimalNanos(text);
  if (nanos === null) return null;
  const dot = text.indexOf('.');
  const leadingZero = text.charCodeAt(0) === ZERO && (dot < 0 ? text.length : dot) > 1;
  const trailingZero = dot >= 0 && text.charCodeAt(text.length - 1) === ZERO;
  return leadingZero || trailingZero ? formatNanos(nanos) : text;
}

/** Exact decimal text of an amount, without trailing zeros: 16_667 nanos -> "0.000016667". */
export function formatNanos(nanos: Nanos): string {
  const negative = nanos < 0;
  const digits = String(Math.abs(nanos)).padStart(NANO_DIGITS + 1, '0');
  const whole = digits.slice(0, -NANO_DIGITS);
  const fraction = digits.slice(-NANO_DIGITS).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
