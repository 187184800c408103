import type { Queryable } from '@nova/common';
import type { EventType } from '@nova/domain';
import { recordEvent, recordEvents } from '@nova/events';
import { type SubscriptionRecord, findSubscription, selectSubscriptionsByIds } from './subscriptions.repository';

/** A subscription as the API shows it and as events carry it (`data.object`): the one public mapping. */
export function subscriptionResource(s: SubscriptionRecord) {
  const { id, customerId, priceId, status, quantity, billingAnchor, billingAnchorDay, timeZone, currentPeriodStart, currentPeriodEnd, trialEnd, cancelAtPeriodEnd, canceledAt, endedAt, metadata, createdAt, pendingChange, pauseCollection } = s;
  return {
    object: 'subscription' as const,
    id, customerId, priceId, status, quantity, currentPeriodStart, currentPeriodEnd, trialEnd, cancelAtPeriodEnd, canceledAt, endedAt, metadata, createdAt,
    pendingChange: pendingChange && {
      object: 'subscription_scheduled_change' as const,
      priceId: pendingChange.priceId,
      quantity: pendingChange.quantity,
      // Every item billed from then, the base first: the scheduled add-ons, or the current ones when it leaves them be.
      items: [
        { id, priceId: pendingChange.priceId, quantity: pendingChange.quantity },
        ...(pendingChange.items ?? s.items).map((item) => ({ id: item.id, priceId: item.priceId, quantity: item.quantity })),
      ],
      requestedAt: pendingChange.requestedAt,
      effectiveAt: currentPeriodEnd,
    },
    pauseCollection,
    // Every item, the base one first (its id is the subscription's: the base item is the subscription's price and quantity).
    items: [
      { object: 'subscription_item' as const, id, priceId, quantity, base: true },
      ...s.items.map((item) => ({ object: 'subscription_item' as const, id: item.id, priceId: item.priceId, quantity: item.quantity, base: false })),
    ],
    billingCycleAnchor: billingAnchor,
    billingCycleAnchorDay: billingAnchorDay,
    timeZone,
  };
}

/** Records `type` about the subscription as it is now in the caller's transaction (after its change). */
export async function recordSubscriptionEvent(client: Queryable, type: EventType & `subscription.${string}`, subscriptionId: string): Promise<void> {
  const subscription = await findSubscription(client, subscriptionId);
  if (subscription) await recordEvent(client, { type, object: subscriptionResource(subscription) });
}

/** subscription.trial_will_end for each of these subscriptions (the billing cycle's notice). */
export async function recordTrialWillEndEvents(client: Queryable, subscriptionIds: readonly string[]): Promise<void> {
  if (subscriptionIds.length === 0) return;
  const subscriptions = await selectSubscriptionsByIds(client, subscriptionIds);
  await recordEvents(client, subscriptions.map((subscription) => ({ type: 'subscription.trial_will_end' as const, object: subscriptionResource(subscription) })));
}

/** The billing cycle's batch: `subscription.canceled` for those that ended, `subscription.updated` for those renewed (one statement each way). */
export async function recordAdvanceEvents(client: Queryable, subscriptionIds: readonly string[]): Promise<void> {
  if (subscriptionIds.length === 0) return;
  const subscriptions = await selectSubscriptionsByIds(client, subscriptionIds);
  await recordEvents(client, subscriptions.map((subscription) => ({ type: subscription.status === 'canceled' ? 'subscription.canceled' : 'subscription.updated', object: subscriptionResource(subscription) })));
}

/** subscription.resumed for each of these subscriptions (resumed by the billing cycle at their resume date). */
export async function recordResumedEvents(client: Queryable, subscriptionIds: readonly string[]): Promise<void> {
  if (subscriptionIds.length === 0) return;
  const subscriptions = await selectSubscriptionsByIds(client, subscriptionIds);
  await recordEvents(client, subscriptions.map((subscription) => ({ type: 'subscription.resumed' as const, object: subscriptionResource(subscription) })));
}
