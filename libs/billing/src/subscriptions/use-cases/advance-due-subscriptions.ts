// What the billing cycle may do to subscriptions whose period ended: claim a batch, ask the
// state machine what each becomes, write the batch back in one statement.
import type { PoolClient } from 'pg';
import { SubscriptionState, TRIAL_WILL_END_NOTICE_MS, transitionSubscription } from '@nova/domain';
import { DueSubscription, SubscriptionAdvance, claimDueSubscriptions, markTrialsEndingSoon, saveSubscriptionAdvances } from '../subscriptions.repository';
import { recordAdvanceEvents, recordTrialWillEndEvents } from '../subscription-resource';

export type { DueSubscription, SubscriptionAdvance };
export { claimDueSubscriptions };

/**
 * The state once the current period is over, by the machine: one set to cancel at period end
 * ends (period_ended, at the period's end), a trialing one begins paying (trial_ended), any
 * other live one is unchanged. Throws InvalidTransitionError when the machine refuses.
 */
export function stateAfterPeriodEnd(subscription: SubscriptionState & { currentPeriodEnd: Date }): SubscriptionState {
  if (subscription.cancelAtPeriodEnd) return transitionSubscription(subscription, { type: 'period_ended', at: subscription.currentPeriodEnd });
  if (subscription.status === 'trialing') return transitionSubscription(subscription, { type: 'trial_ended' });
  return subscription;
}

/**
 * Writes back claimed subscriptions' states (from stateAfterPeriodEnd) and periods in one UPDATE,
 * and their events (renewed: updated; ended: canceled); the caller holds their locks.
 */
export async function advanceSubscriptions(client: PoolClient, advances: SubscriptionAdvance[]): Promise<void> {
  await saveSubscriptionAdvances(client, advances);
  await recordAdvanceEvents(client, advances.map((advance) => advance.id));
}

/**
 * Stripe's `customer.subscription.trial_will_end`: records subscription.trial_will_end once for
 * every trial ending within three days of `asOf` (the billing cycle's hourly run finds them);
 * returns how many.
 */
export async function noticeEndingTrials(client: PoolClient, asOf: Date): Promise<number> {
  const ids = await markTrialsEndingSoon(client, asOf, new Date(asOf.getTime() + TRIAL_WILL_END_NOTICE_MS));
  await recordTrialWillEndEvents(client, ids);
  return ids.length;
}
