import { randomUUID } from 'node:crypto';
import { inTransaction } from '@nova/common';
import { DEFAULT_TIME_ZONE, DomainError, type ItemChangeRequest, itemPriceProblem, planItemChanges, quantityProblem, subscriptionSchedule, subscriptionStartProblem, trialDaysProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { IssuedInvoice, type PeriodItem, TenantBillingSettings, billingPeriodLines, issueInvoices } from '../../invoicing';
import { type SubscribablePrice, applyDiscounts, findSubscribablePrice, redeemCouponWithin } from '../../catalog';
import { customerClockTime, findCustomerForBilling } from '../../customers';
import { SubscriptionRecord, findSubscription, insertSubscription, insertSubscriptionItems } from '../subscriptions.repository';
import { assertItemShapes, changeablePrice } from './subscription-prices';
import { recordSubscriptionEvent } from '../subscription-resource';

export interface CreateSubscriptionCommand {
  customerId: string;
  /** The base price; omitted, items[0] is the base item. */
  priceId?: string;
  /** The base item's quantity (with priceId). */
  quantity?: number;
  /** Add-on items (Stripe's items): other prices billed with the base every period, same currency and cycle. */
  items?: readonly { priceId?: string; quantity?: number }[];
  /** Defaults to now; a past date backdates the subscription (elapsed periods are billed by the next cycle). */
  startAt?: Date;
  /** Overrides the plan's trial length. */
  trialDays?: number;
  /** A coupon (id or code) to apply: the first invoice and the next ones take it as its terms say. */
  coupon?: string;
  metadata?: Record<string, unknown>;
  /**
   * 1–31 (month and year prices): regular periods start at local midnight (the tenant's zone) on this day of the
   * month, the month's last day when it is shorter; the time until the first one is a prorated stub period.
   */
  billingCycleAnchorDay?: number;
  /** An instant within one period after the start where regular periods start (Stripe's billing_cycle_anchor). */
  billingCycleAnchor?: Date;
}

export interface CreatedSubscription {
  subscriptionId: string;
  subscription: SubscriptionRecord;
  /** The first period's invoice; null during a trial. */
  firstInvoice: IssuedInvoice | null;
}

/**
 * Creates a subscription and, unless it starts with a trial, issues the invoice for its first
 * period in the same transaction (billing in advance). An unknown or inactive customer or price,
 * or a currency mismatch, is a validation error on the field at fault.
 */
export async function createSubscription(db: TenantDatabase, settings: TenantBillingSettings, command: CreateSubscriptionCommand): Promise<CreatedSubscription> {
  // The base item: priceId and quantity, else the first of items (then its fields are named items[0].…).
  const requestedItems = command.items ?? [];
  assertItemShapes(requestedItems, { id: false, deleted: false });
  const baseFromItems = command.priceId === undefined && requestedItems.length > 0;
  const baseField = (name: 'priceId' | 'quantity') => (baseFromItems ? `items[0].${name}` : name);
  const basePriceId = baseFromItems ? requestedItems[0]!.priceId : command.priceId;
  const baseQuantity = (baseFromItems ? requestedItems[0]!.quantity : command.quantity) ?? 1;
  if (basePriceId === undefined) throw DomainError.validation(baseField('priceId'), 'give the price to subscribe to (priceId, or items)');
  const quantityRefused = quantityProblem(baseQuantity);
  if (quantityRefused) throw DomainError.validation(baseField('quantity'), quantityRefused);
  const addOnRequests: ItemChangeRequest[] = (baseFromItems ? requestedItems.slice(1) : requestedItems).map((item) => ({ priceId: item.priceId, quantity: item.quantity }));
  const plannedItems = planItemChanges({ id: 'base', priceId: basePriceId, quantity: baseQuantity }, [], addOnRequests, undefined, baseFromItems ? 1 : 0);
  const trialRefused = command.trialDays === undefined ? null : trialDaysProblem(command.trialDays);
  if (trialRefused) throw DomainError.validation('trialDays', trialRefused);
  const created = await inTransaction(db.pool, async (client) => {
    const customer = await findCustomerForBilling(client, command.customerId);
    if (!customer) throw DomainError.validation('customerId', `customer ${command.customerId} does not exist`);
    const price = await findSubscribablePrice(client, basePriceId);
    if (!price) throw DomainError.validation(baseField('priceId'), `price ${basePriceId} does not exist`);
    if (!price.active || !price.planActive) throw DomainError.validation(baseField('priceId'), 'the price or its plan is no longer active');
    if (customer.currency && customer.currency !== price.currency) {
      throw DomainError.validation(baseField('priceId'), `the price is in ${price.currency} but the customer is billed in ${customer.currency}`);
    }
    // Every add-on shares the base price's currency and cycle.
    const addOns: { priceId: string; quantity: number; price: SubscribablePrice }[] = [];
    for (const item of plannedItems.addOns) {
      const field = `items[${item.index}].priceId`;
      const addOnPrice = await findSubscribablePrice(client, item.priceId);
      if (!addOnPrice) throw DomainError.validation(field, `price ${item.priceId} does not exist`);
      const problem = itemPriceProblem(changeablePrice(price), changeablePrice(addOnPrice));
      if (problem) throw DomainError.validation(field, problem);
      addOns.push({ priceId: item.priceId, quantity: item.quantity, price: addOnPrice });
    }

    // A test clock's customer subscribes as of the clock's frozen time (start, trial end, periods, first invoice).
    const now = (await customerClockTime(client, command.customerId)) ?? new Date();
    const startAt = command.startAt ?? now;
    const startProblem = subscriptionStartProblem(startAt, now);
    if (startProblem) throw DomainError.validation('startAt', startProblem);
    const trialDays = command.trialDays ?? price.trialDays;
    // Periods are computed in the tenant's zone as it is now; a later change of the tenant's zone leaves them be. The
    // start day is a whole day of service from its local midnight (subscriptionSchedule says why); an anchor, with
    // or without a trial, adds a prorated stub up to it.
    const timeZone = settings.timeZone ?? DEFAULT_TIME_ZONE;
    const schedule = subscriptionSchedule(startAt, price.interval, price.intervalCount, timeZone, {
      trialDays,
      anchorDay: command.billingCycleAnchorDay,
      anchor: command.billingCycleAnchor,
    });
    const { trialEnd, firstPeriod } = schedule;
    const id = randomUUID();
    await insertSubscription(client, {
      id,
      customerId: command.customerId,
      priceId: basePriceId,
      status: trialEnd ? 'trialing' : 'active',
      quantity: baseQuantity,
      billingAnchor: schedule.billingAnchor,
      billingAnchorDay: schedule.anchorDay,
      timeZone,
      periodStart: firstPeriod.start,
      periodEnd: firstPeriod.end,
      trialEnd,
      metadata: command.metadata ?? {},
      startedAt: startAt,
    });
    await insertSubscriptionItems(client, id, addOns.map((item) => ({ id: randomUUID(), priceId: item.priceId, quantity: item.quantity })), now);
    // The coupon's months count from the subscription's start (its first day's midnight), backdated or not.
    if (command.coupon !== undefined) await redeemCouponWithin(client, { coupon: command.coupon, target: { subscriptionId: id }, currency: price.currency, start: schedule.serviceStart }, now);
    await recordSubscriptionEvent(client, 'subscription.created', id);
    if (trialEnd) return { subscriptionId: id, firstInvoice: null };

    const items: PeriodItem[] = [{ ...price, priceId: basePriceId, quantity: baseQuantity }, ...addOns.map((item) => ({ ...item.price, priceId: item.priceId, quantity: item.quantity }))];
    const draft = {
      customerId: command.customerId,
      subscriptionId: id,
      currency: price.currency,
      periodStart: firstPeriod.start,
      periodEnd: firstPeriod.end,
      // An anchored subscription's stub: each item's period amount prorated to the second, a line each.
      lines: billingPeriodLines(items, schedule.firstPaidPeriod, timeZone),
    };
    await applyDiscounts(client, [draft], now);
    // The first period is the tenant's request now: past the plan's invoicesPerMonth, 402 and no subscription (MonthlyInvoiceLimit).
    const [firstInvoice] = await issueInvoices(client, settings, [draft], now, 'enforce');
    return { subscriptionId: id, firstInvoice: firstInvoice ?? null };
  });
  return { ...created, subscription: (await findSubscription(db.pool, created.subscriptionId))! };
}
