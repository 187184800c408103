// Discounts: a coupon applied to a subscription or a customer (redeemed: counted against its
// limit), and what they take off the invoices issued for subscriptions. The subscriptions and
// customers contexts own the targets; they check them and call these inside their transaction.
import type { PoolClient } from 'pg';
import type { Queryable } from '@nova/common';
import { DomainError, couponRedemptionRefusal, discountAmount, discountApplies, discountDescription, discountEnd, type CouponValue, type LineCoupon } from '@nova/domain';
import {
  type ApplicableDiscount,
  type DiscountTarget,
  countRedemption,
  endDiscount,
  findActiveDiscount,
  findCoupon,
  insertDiscount,
  lockDiscountTarget,
  lockDiscountsFor,
  recordDiscountUse,
} from '../coupons.repository';
import type { CouponRecord, DiscountRecord } from '../catalog.types';

export type { DiscountTarget };

/** A discount as shown: its record, its coupon, and when a repeating one stops. */
export interface DiscountView extends DiscountRecord {
  coupon: CouponRecord;
  /** When it stops applying: null for once (after one invoice) and forever. */
  end: Date | null;
}

export function couponValue(coupon: CouponRecord): CouponValue {
  return coupon.amountOff !== null ? { amountOff: coupon.amountOff, currency: coupon.currency! } : { percentOffBasisPoints: coupon.percentOffBasisPoints! };
}

function view(discount: DiscountRecord, coupon: CouponRecord): DiscountView {
  return { ...discount, coupon, end: discountEnd(coupon.duration, coupon.durationInMonths, discount.start) };
}

/** A coupon just applied, and the discount it replaced (ended now), whose drafts must drop it. */
export interface RedeemedDiscount extends DiscountView {
  replacedDiscountId: string | null;
}

/**
 * Applies a coupon (by id or code) to a subscription or a customer billed in `currency`,
 * replacing the discount it had (Stripe: one coupon at a time). Refused while the coupon is
 * archived, expired, used up or in another currency (400 naming `coupon`). Counted under the
 * coupon's lock, so its limit holds under concurrency.
 */
export async function redeemCouponWithin(
  client: PoolClient,
  command: { coupon: string; target: DiscountTarget; currency: string | null; /** When its months start counting; `at` unless a new subscription starts earlier. */ start?: Date },
  at: Date,
): Promise<RedeemedDiscount> {
  await lockDiscountTarget(client, command.target);
  const coupon = await findCoupon(client, command.coupon, true);
  if (!coupon) throw DomainError.validation('coupon', `no coupon "${command.coupon}"`);
  // A customer not billed yet has no currency: an amount-off coupon is then matched at issuance.
  const refusal = couponRedemptionRefusal(coupon, command.currency ?? coupon.currency ?? '', at);
  if (refusal) throw DomainError.validation('coupon', refusal);
  const current = await findActiveDiscount(client, command.target);
  if (current) await endDiscount(client, current.id, at);
  const discount = await insertDiscount(client, { couponId: coupon.id, start: command.start ?? at, ...command.target });
  await countRedemption(client, coupon.id);
  return { ...view(discount, { ...coupon, timesRedeemed: coupon.timesRedeemed + 1 }), replacedDiscountId: current?.id ?? null };
}

/** Ends the target's discount now (already issued invoices keep theirs) and returns its id; not_found when it has none. */
export async function removeDiscountWithin(client: PoolClient, target: DiscountTarget, at: Date): Promise<string> {
  await lockDiscountTarget(client, target);
  const current = await findActiveDiscount(client, target);
  if (!current) throw DomainError.notFound('Discount');
  await endDiscount(client, current.id, at);
  return current.id;
}

export async function findDiscount(db: Queryable, target: DiscountTarget): Promise<DiscountView | null> {
  const current = await findActiveDiscount(db, target);
  if (!current) return null;
  const coupon = (await findCoupon(db, current.couponId))!;
  return view(current, coupon);
}

/** A subscription's invoice about to be issued: what its discount applies to. */
export interface DiscountableDraft {
  subscriptionId: string;
  customerId: string;
  currency: string;
  /** The invoice's lines before the discount, minor units. */
  subtotal: bigint;
  periodStart: Date;
}

/** The line a discount adds to an invoice: what it takes off, as a negative amount, and the coupon it follows on a draft. */
export interface DiscountLine {
  description: string;
  quantity: 1;
  unitAmount: bigint;
  coupon: LineCoupon;
}

/**
 * The discount line of each draft (in draft order, null where none applies), counted as used in
 * the caller's transaction: a `once` discount ends with its invoice. Several invoices of one
 * batch on one discount (periods caught up, a customer's discount on several subscriptions) each
 * count, and a `once` one discounts only the first.
 */
export async function takeDiscounts(client: PoolClient, drafts: readonly DiscountableDraft[], at: Date): Promise<(DiscountLine | null)[]> {
  const discounts = await lockDiscountsFor(client, drafts);
  const lines: (DiscountLine | null)[] = drafts.map(() => null);
  /** Invoices each discount takes something off in this batch, by discount id. */
  const uses = new Map<string, { discount: ApplicableDiscount; count: number }>();
  for (const [index, draft] of drafts.entries()) {
    const discount = discounts.get(draft.subscriptionId);
    if (!discount) continue;
    const used = discount.invoicesDiscounted + (uses.get(discount.id)?.count ?? 0);
    if (!applies(discount, used, draft, at)) continue;
    const value = couponValue(discount.coupon);
    if (value.amountOff !== undefined && value.currency !== draft.currency) continue;
    const off = discountAmount(draft.subtotal, value);
    if (off <= 0n) continue;
    lines[index] = { description: discountDescription(discount.coupon.code, value), quantity: 1, unitAmount: -off, coupon: { discountId: discount.id, value } };
    uses.set(discount.id, { discount, count: (uses.get(discount.id)?.count ?? 0) + 1 });
  }
  await recordDiscountUse(
    client,
    [...uses.values()].map(({ discount, count }) => ({ discountId: discount.id, count, endsNow: discount.coupon.duration === 'once', at })),
  );
  return lines;
}

function applies(discount: ApplicableDiscount, used: number, draft: DiscountableDraft, at: Date): boolean {
  if (discount.start.getTime() > at.getTime()) return false;
  return discountApplies({ duration: discount.coupon.duration, durationInMonths: discount.coupon.durationInMonths, start: discount.start, invoicesDiscounted: used }, draft.periodStart);
}

/** An invoice about to be issued, as issuance takes it (invoicing's InvoiceDraft has this shape). */
export interface DraftToDiscount {
  customerId: string;
  subscriptionId?: string;
  currency: string;
  periodStart?: Date;
  /** Set while the subscription's collection is paused: such an invoice takes no discount (nor uses one up). */
  pausedCollection?: string;
  lines: { description: string; quantity: number; unitAmount: bigint; coupon?: LineCoupon }[];
}

/**
 * Adds its discount line to each subscription invoice whose subscription (or customer) has a
 * discount that still applies, on the subtotal of the lines it has (usage included), in the
 * caller's transaction: the discounts are counted as used with the invoices they go on.
 */
export async function applyDiscounts(client: PoolClient, drafts: readonly DraftToDiscount[], at: Date): Promise<void> {
  const discountable = drafts.filter((draft): draft is DraftToDiscount & { subscriptionId: string } => draft.subscriptionId !== undefined && draft.pausedCollection === undefined);
  const lines = await takeDiscounts(
    client,
    discountable.map((draft) => ({
      subscriptionId: draft.subscriptionId,
      customerId: draft.customerId,
      currency: draft.currency,
      subtotal: draft.lines.reduce((sum, line) => sum + BigInt(line.quantity) * line.unitAmount, 0n),
      periodStart: draft.periodStart ?? at,
    })),
    at,
  );
  discountable.forEach((draft, index) => {
    const line = lines[index];
    if (line) draft.lines.push({ description: line.description, quantity: line.quantity, unitAmount: line.unitAmount, coupon: line.coupon });
  });
}

