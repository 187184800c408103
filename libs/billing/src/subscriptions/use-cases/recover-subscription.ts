// An invoice of the subscription was paid: a past-due subscription is back in good standing.
import type { PoolClient } from 'pg';
import { canTransitionSubscription, transitionSubscription } from '@nova/domain';
import { lockSubscriptionState, saveSubscriptionState } from '../subscriptions.repository';
import { recordSubscriptionEvent } from '../subscription-resource';

/**
 * Runs in the caller's transaction (the payment's). Only a past-due subscription changes (to
 * active); any other status is left as it is, so paying never revives a canceled one. Returns
 * whether it was reactivated.
 */
export async function recoverSubscription(client: PoolClient, subscriptionId: string): Promise<boolean> {
  const subscription = await lockSubscriptionState(client, subscriptionId);
  if (!subscription || !canTransitionSubscription(subscription, 'payment_recovered')) return false;
  await saveSubscriptionState(client, subscription.id, transitionSubscription(subscription, { type: 'payment_recovered' }));
  await recordSubscriptionEvent(client, 'subscription.updated', subscription.id);
  return true;
}
