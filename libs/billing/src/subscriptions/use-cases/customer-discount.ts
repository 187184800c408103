// A coupon applied to a customer: each of its subscriptions without a discount of its own takes
// it. The customer is checked through its owner (customers context), the coupon and the discount
// are the catalog's. Here, with the subscription discount, because a discount that ends (removed,
// or replaced by another coupon) also leaves the subscription drafts it was on (invoicing's
// withdrawDiscountsFromDrafts), which catalog cannot reach.
import { inTransaction } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type DiscountView, findDiscount, redeemCouponWithin, removeDiscountWithin } from '../../catalog';
import { findCustomerForBilling } from '../../customers';
import { withdrawDiscountsFromDrafts } from '../../invoicing';

export async function applyCustomerDiscount(db: TenantDatabase, command: { customerId: string; coupon: string }, at = new Date()): Promise<DiscountView> {
  return inTransaction(db.pool, async (client) => {
    const customer = await findCustomerForBilling(client, command.customerId);
    if (!customer) throw DomainError.notFound('Customer', command.customerId);
    // A customer not billed yet has no currency: an amount-off coupon is then checked at issuance.
    const { replacedDiscountId, ...discount } = await redeemCouponWithin(client, { coupon: command.coupon, target: { customerId: customer.id }, currency: customer.currency }, at);
    if (replacedDiscountId) await withdrawDiscountsFromDrafts(client, [replacedDiscountId]);
    return discount;
  });
}

export async function removeCustomerDiscount(db: TenantDatabase, customerId: string, at = new Date()): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    if (!(await findCustomerForBilling(client, customerId))) throw DomainError.notFound('Customer', customerId);
    await withdrawDiscountsFromDrafts(client, [await removeDiscountWithin(client, { customerId }, at)]);
  });
}

export async function getCustomerDiscount(db: TenantDatabase, customerId: string): Promise<DiscountView> {
  if (!(await findCustomerForBilling(db.pool, customerId))) throw DomainError.notFound('Customer', customerId);
  const discount = await findDiscount(db.pool, { customerId });
  if (!discount) throw DomainError.notFound('Discount of customer', customerId);
  return discount;
}
