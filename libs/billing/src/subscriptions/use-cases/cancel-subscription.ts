// The one way a subscription is canceled, now or at period end: by the API (an admin or the
// tenant's server) and by dunning (policy "cancel" after the last failed charge) alike.
import type { TenantDatabase } from '@nova/tenant-db';
import { inTransaction } from '@nova/common';
import { SubscriptionState, transitionSubscription, DomainError } from '@nova/domain';
import { lockSubscriptionState, saveSubscriptionState } from '../subscriptions.repository';

export interface CancelSubscriptionCommand {
  readonly subscriptionId: string;
  /** true: it stays live until its current period ends (the billing cycle ends it then). */
  readonly atPeriodEnd: boolean;
  /** When it happens; defaults to now. */
  readonly at?: Date;
}

/**
 * Cancels under the subscription's row lock, through the state machine: a canceled subscription,
 * or one already set to cancel at period end, is refused with an InvalidTransitionError (409 at
 * the API); an unknown id is DomainError not_found.
 */
export async function cancelSubscription(db: TenantDatabase, command: CancelSubscriptionCommand): Promise<SubscriptionState & { id: string }> {
  const at = command.at ?? new Date();
  return inTransaction(db.pool, async (client) => {
    const current = await lockSubscriptionState(client, command.subscriptionId);
    if (!current) throw DomainError.notFound('Subscription', command.subscriptionId);
    const next = transitionSubscription(current, command.atPeriodEnd ? { type: 'cancel_at_period_end', at } : { type: 'cancel_now', at });
    await saveSubscriptionState(client, current.id, next);
    return { id: current.id, ...next };
  });
}
