// Coupons and the discounts they give, with Stripe Billing's semantics: a coupon takes a percentage
// or a fixed amount (in one currency) off an invoice's subtotal, for one invoice (`once`), for the
// invoices of the first N months after it is applied (`repeating`), or for good (`forever`); it can be
// limited in redemptions and expire (`redeemBy`). A discount is a coupon applied to a subscription
// or a customer. Amounts are integer minor units; a percentage is kept in basis points (12.5 % =
// 1,250), so the discount of any amount is exact but for one rounding, half up, as Stripe rounds.
import { addInterval } from '../billing/period';
import { formatMinorAmount } from '../money/money';
import { divideRounded } from '../money/rounding';

export const COUPON_DURATIONS = ['once', 'repeating', 'forever'] as const;
export type CouponDuration = (typeof COUPON_DURATIONS)[number];

export const MAX_COUPON_DURATION_MONTHS = 36;
export const MAX_COUPON_REDEMPTIONS = 1_000_000;
/** Coupon codes customers type: letters, digits, "-" and "_", like Stripe's promotion codes. */
export const COUPON_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const COUPON_CODE_RULE = '1-40 letters, digits, "-" or "_", starting with a letter or digit';

const BASIS_POINTS = 10_000n;

/** What a coupon takes off: exactly one of the two. */
export type CouponValue = { percentOffBasisPoints: number; amountOff?: undefined } | { amountOff: bigint; currency: string; percentOffBasisPoints?: undefined };

export interface CouponTerms {
  value: CouponValue;
  duration: CouponDuration;
  /** Only for `repeating`. */
  durationInMonths: number | null;
}

export interface CouponInput {
  code?: unknown;
  percentOff?: unknown;
  amountOff?: unknown;
  currency?: unknown;
  duration?: unknown;
  durationInMonths?: unknown;
  maxRedemptions?: unknown;
  redeemBy?: unknown;
}

/** A percentage as basis points, when it has at most two decimals and is more than 0 and at most 100. */
export function percentToBasisPoints(percent: unknown): number | null {
  if (typeof percent !== 'number' || !Number.isFinite(percent)) return null;
  const basisPoints = Math.round(percent * 100);
  if (Math.abs(basisPoints - percent * 100) > 1e-6 || basisPoints <= 0 || basisPoints > 10_000) return null;
  return basisPoints;
}

/** The first rule a new coupon breaks, with the field it names; null when it is valid. */
export function couponProblem(input: CouponInput, at: Date): { field: string; message: string } | null {
  if (typeof input.code !== 'string' || !COUPON_CODE_PATTERN.test(input.code)) return { field: 'code', message: `must be ${COUPON_CODE_RULE}` };
  const hasPercent = input.percentOff !== undefined && input.percentOff !== null;
  const hasAmount = input.amountOff !== undefined && input.amountOff !== null;
  if (hasPercent === hasAmount) return { field: hasPercent ? 'amountOff' : 'percentOff', message: 'give exactly one of percentOff and amountOff' };
  if (hasPercent && percentToBasisPoints(input.percentOff) === null) return { field: 'percentOff', message: 'must be more than 0 and at most 100, with at most 2 decimals' };
  if (hasAmount) {
    if (!Number.isSafeInteger(input.amountOff) || (input.amountOff as number) <= 0) return { field: 'amountOff', message: 'must be a whole number of minor units, more than 0' };
    if (typeof input.currency !== 'string' || !/^[A-Z]{3}$/.test(input.currency)) return { field: 'currency', message: 'an amount off needs its ISO 4217 currency' };
  } else if (input.currency !== undefined && input.currency !== null) {
    return { field: 'currency', message: 'only an amount off has a currency' };
  }
  if (!(COUPON_DURATIONS as readonly unknown[]).includes(input.duration)) return { field: 'duration', message: `must be one of ${COUPON_DURATIONS.join(', ')}` };
  const months = input.durationInMonths;
  if (input.duration === 'repeating') {
    if (!Number.isInteger(months) || (months as number) < 1 || (months as number) > MAX_COUPON_DURATION_MONTHS) return { field: 'durationInMonths', message: `a repeating coupon lasts 1 to ${MAX_COUPON_DURATION_MONTHS} months` };
  } else if (months !== undefined && months !== null) {
    return { field: 'durationInMonths', message: 'only a repeating coupon has a duration in months' };
  }
  const max = input.maxRedemptions;
  if (max !== undefined && max !== null && (!Number.isInteger(max) || (max as number) < 1 || (max as number) > MAX_COUPON_REDEMPTIONS)) {
    return { field: 'maxRedemptions', message: `must be a whole number from 1 to ${MAX_COUPON_REDEMPTIONS}` };
  }
  if (input.redeemBy !== undefined && input.redeemBy !== null && (!(input.redeemBy instanceof Date) || input.redeemBy.getTime() <= at.getTime())) {
    return { field: 'redeemBy', message: 'must be in the future' };
  }
  return null;
}

export interface CouponAvailability {
  active: boolean;
  timesRedeemed: number;
  maxRedemptions: number | null;
  redeemBy: Date | null;
  /** Set for an amount off: it applies only to invoices in that currency. */
  currency: string | null;
}

/** Why a coupon cannot be applied now to something billed in `currency`; null when it can. */
export function couponRedemptionRefusal(coupon: CouponAvailability, currency: string, at: Date): string | null {
  if (!coupon.active) return 'the coupon is archived';
  if (coupon.redeemBy && coupon.redeemBy.getTime() <= at.getTime()) return `the coupon expired on ${coupon.redeemBy.toISOString()}`;
  if (coupon.maxRedemptions !== null && coupon.timesRedeemed >= coupon.maxRedemptions) return `the coupon was redeemed ${coupon.maxRedemptions} times, its limit`;
  if (coupon.currency && coupon.currency !== currency) return `the coupon takes ${coupon.currency} off, and this is billed in ${currency}`;
  return null;
}

/** What a coupon takes off a subtotal: never more than the subtotal, never below zero. */
export function discountAmount(subtotal: bigint, value: CouponValue): bigint {
  if (subtotal <= 0n) return 0n;
  const off = value.amountOff !== undefined ? value.amountOff : divideRounded(subtotal * BigInt(value.percentOffBasisPoints), BASIS_POINTS, 'half-up');
  return off < subtotal ? off : subtotal;
}

/** A coupon applied: when it started, and how many invoices it has discounted. */
export interface DiscountState {
  duration: CouponDuration;
  durationInMonths: number | null;
  start: Date;
  invoicesDiscounted: number;
}

/** When a discount stops applying: null for `forever`, and for `once` (it stops after one invoice instead). */
export function discountEnd(duration: CouponDuration, durationInMonths: number | null, start: Date): Date | null {
  return duration === 'repeating' ? addInterval(start, 'month', durationInMonths!, 1) : null;
}

/** Whether a discount applies to an invoice for the period starting at `periodStart`. */
export function discountApplies(discount: DiscountState, periodStart: Date): boolean {
  switch (discount.duration) {
    case 'once':
      return discount.invoicesDiscounted === 0;
    case 'forever':
      return true;
    case 'repeating':
      return periodStart.getTime() < discountEnd('repeating', discount.durationInMonths, discount.start)!.getTime();
  }
}

/** How a discount is named on an invoice line, e.g. "WELCOME20 (20% off)". */
export function discountDescription(code: string, value: CouponValue): string {
  const off = value.amountOff !== undefined ? `${value.currency} ${formatMinorAmount(value.amountOff, value.currency)}` : `${formatBasisPoints(value.percentOffBasisPoints)}%`;
  return `${code} (${off} off)`;
}

function formatBasisPoints(basisPoints: number): string {
  return (basisPoints / 100).toFixed(2).replace(/\.?0+$/, '');
}

/**
 * A coupon's discount line on an invoice knows where it came from: the discount (the coupon applied
 * to a subscription or customer) and the coupon's terms, which never change. That is what lets a
 * draft's discount follow its lines (followCouponDiscounts) instead of staying the amount it was.
 */
export interface LineCoupon {
  discountId: string;
  value: CouponValue;
}

/** A line as far as its discount is concerned: a coupon's discount line has `coupon`. */
export interface CouponDiscountableLine {
  readonly quantity: number;
  readonly unitAmount: bigint;
  readonly coupon?: LineCoupon;
}

/**
 * A draft's lines with its coupons' discount lines recomputed over the other lines as they are now
 * (Stripe: a draft's discounts apply to its current lines): a percentage of their subtotal (rounded
 * half up, as at issuance), an amount off capped at it, never below zero; several coupons each on
 * what the ones before left. The other lines keep their order and the discount lines come last, on
 * the subtotal they discount. A discount line that takes nothing off now stays (at 0) while the
 * invoice is a draft, so that it comes back if lines are added again; finalization drops it.
 */
export function followCouponDiscounts<L extends CouponDiscountableLine>(lines: readonly L[]): L[] {
  const others = lines.filter((line) => line.coupon === undefined);
  let base = others.reduce((sum, line) => sum + BigInt(line.quantity) * line.unitAmount, 0n);
  const discounts = lines
    .filter((line) => line.coupon !== undefined)
    .map((line) => {
      const off = discountAmount(base, line.coupon!.value);
      base -= off;
      return { ...line, quantity: 1, unitAmount: -off };
    });
  return [...others, ...discounts];
}

/** The lines an invoice is finalized with: its coupons' discounts recomputed on its lines, and those that take nothing off left out. */
export function couponDiscountsAtFinalization<L extends CouponDiscountableLine>(lines: readonly L[]): L[] {
  return followCouponDiscounts(lines).filter((line) => line.coupon === undefined || line.unitAmount !== 0n);
}
