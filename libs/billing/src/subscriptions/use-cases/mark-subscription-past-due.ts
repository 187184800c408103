// Collection gave up on one of the subscription's invoices (dunning exhausted, policy "past due").
import type { TenantDatabase } from '@nova/tenant-db';
import { inTransaction } from '@nova/common';
import { canTransitionSubscription, transitionSubscription } from '@nova/domain';
import { lockSubscriptionState, saveSubscriptionState } from '../subscriptions.repository';
import { recordSubscriptionEvent } from '../subscription-resource';

/**
 * Moves a trialing or active subscription to past due through the state machine. One already
 * past due, or canceled meanwhile, is left as it is (returns false): giving up on a second
 * invoice is not an error.
 */
export async function markSubscriptionPastDue(db: TenantDatabase, subscriptionId: string): Promise<boolean> {
  return inTransaction(db.pool, async (client) => {
    const current = await lockSubscriptionState(client, subscriptionId);
    if (!current || !canTransitionSubscription(current, 'payment_overdue')) return false;
    await saveSubscriptionState(client, current.id, transitionSubscription(current, { type: 'payment_overdue' }));
    await recordSubscriptionEvent(client, 'subscription.updated', current.id);
    return true;
  });
}
