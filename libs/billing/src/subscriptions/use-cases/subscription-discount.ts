// A coupon applied to one subscription: its next invoices take the discount (catalog's
// takeDiscounts at issuance). The subscription is checked here, its owner; the coupon and the
// discount are the catalog's. A discount that ends (removed, or replaced by another coupon) leaves
// the subscription's drafts too (invoicing's withdrawDiscountsFromDrafts): it is not applied when
// they are finalized.
import { inTransaction } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type DiscountView, findDiscount, findSubscribablePrice, redeemCouponWithin, removeDiscountWithin } from '../../catalog';
import { withdrawDiscountsFromDrafts } from '../../invoicing';
import { findSubscription } from '../subscriptions.repository';

export async function applySubscriptionDiscount(db: TenantDatabase, command: { subscriptionId: string; coupon: string }, at = new Date()): Promise<DiscountView> {
  return inTransaction(db.pool, async (client) => {
    const subscription = await findSubscription(client, command.subscriptionId);
    if (!subscription) throw DomainError.notFound('Subscription', command.subscriptionId);
    if (subscription.status === 'canceled') throw DomainError.invalidState(`Subscription ${subscription.id} is canceled: nothing more will be billed to discount`);
    const price = (await findSubscribablePrice(client, subscription.priceId))!;
    const { replacedDiscountId, ...discount } = await redeemCouponWithin(client, { coupon: command.coupon, target: { subscriptionId: subscription.id }, currency: price.currency }, at);
    if (replacedDiscountId) await withdrawDiscountsFromDrafts(client, [replacedDiscountId]);
    return discount;
  });
}

export async function removeSubscriptionDiscount(db: TenantDatabase, subscriptionId: string, at = new Date()): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    if (!(await findSubscription(client, subscriptionId))) throw DomainError.notFound('Subscription', subscriptionId);
    await withdrawDiscountsFromDrafts(client, [await removeDiscountWithin(client, { subscriptionId }, at)]);
  });
}

/** The subscription's own discount (not its customer's); not_found when it has none. */
export async function getSubscriptionDiscount(db: TenantDatabase, subscriptionId: string): Promise<DiscountView> {
  if (!(await findSubscription(db.pool, subscriptionId))) throw DomainError.notFound('Subscription', subscriptionId);
  const discount = await findDiscount(db.pool, { subscriptionId });
  if (!discount) throw DomainError.notFound('Discount of subscription', subscriptionId);
  return discount;
}
