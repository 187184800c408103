// What the billing cycle may do to subscriptions whose period ended: claim a batch, ask the
// state machine what each becomes, write the batch back in one statement.
import type { PoolClient } from 'pg';
import { DomainError, type PauseBehavior, SubscriptionState, TRIAL_WILL_END_NOTICE_MS, transitionSubscription } from '@nova/domain';
import type { ClockScope } from '../../customers';
import { BilledItem, DueSubscription, SubscriptionAdvance, claimDueSubscriptions, claimSubscriptionsToResume, markTrialsEndingSoon, nextSubscriptionBoundary, saveSubscriptionAdvances, savePauseState } from '../subscriptions.repository';
import { recordAdvanceEvents, recordResumedEvents, recordTrialWillEndEvents } from '../subscription-resource';

export type { BilledItem, DueSubscription, SubscriptionAdvance };
export { claimDueSubscriptions };

/** The next moment after `after` the cycle has work for the subscriptions in `scope` (a test clock steps to it), or null. */
export function nextSubscriptionEvent(db: Parameters<typeof nextSubscriptionBoundary>[0], scope: ClockScope, after: Date): Promise<Date | null> {
  return nextSubscriptionBoundary(db, scope, after, TRIAL_WILL_END_NOTICE_MS);
}

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
 * and their events (renewed: updated; ended: canceled; resumed at its resume date: resumed too); the caller holds their locks.
 */
export async function advanceSubscriptions(client: PoolClient, advances: SubscriptionAdvance[]): Promise<void> {
  await saveSubscriptionAdvances(client, advances);
  await recordAdvanceEvents(client, advances.map((advance) => advance.id));
  await recordResumedEvents(client, advances.filter((advance) => advance.resumed).map((advance) => advance.id));
}

/**
 * Stripe's `customer.subscription.trial_will_end`: records subscription.trial_will_end once for
 * every trial ending within three days of `asOf` (the billing cycle's hourly run finds them);
 * returns how many.
 */
export async function noticeEndingTrials(client: PoolClient, asOf: Date, scope?: ClockScope): Promise<number> {
  const ids = await markTrialsEndingSoon(client, asOf, new Date(asOf.getTime() + TRIAL_WILL_END_NOTICE_MS), scope);
  await recordTrialWillEndEvents(client, ids);
  return ids.length;
}

/** The price and quantity the periods after the current one are billed at: the scheduled change's, if one is pending. */
export function itemAfterPeriodEnd(subscription: DueSubscription): BilledItem {
  return subscription.scheduledItem ?? subscription;
}

/** Refuses (a DomainError: the cycle skips and reports it) a scheduled change naming a price that no longer exists. */
export function assertScheduleBillable(subscription: DueSubscription): void {
  if (subscription.missingScheduledPriceIds.length > 0) {
    throw DomainError.invalidState(`its scheduled change bills price ${subscription.missingScheduledPriceIds.join(', ')}, which no longer exists: cancel or replace the scheduled change`);
  }
}

/** The add-on items billed after the current period: the scheduled change's, if it changes them, else the current ones. */
export function addOnsAfterPeriodEnd(subscription: DueSubscription): BilledItem[] {
  return subscription.scheduledAddOns ?? subscription.addOns;
}

/**
 * How a period starting at `periodStart` is collected: normally (undefined), or, while the subscription is paused
 * and the period starts before the pause's resume date, as the pause's behaviour says.
 */
export function pausedCollectionFor(subscription: Pick<DueSubscription, 'status' | 'pauseBehavior' | 'pauseResumesAt'>, periodStart: Date): PauseBehavior | undefined {
  if (subscription.status !== 'paused' || !subscription.pauseBehavior) return undefined;
  return subscription.pauseResumesAt === null || periodStart < subscription.pauseResumesAt ? subscription.pauseBehavior : undefined;
}

/** Whether a paused subscription's resume date has come by `asOf` (the machine's resume event then applies). */
export function isResumeDue(subscription: Pick<DueSubscription, 'status' | 'pauseResumesAt'>, asOf: Date): boolean {
  return subscription.status === 'paused' && subscription.pauseResumesAt !== null && subscription.pauseResumesAt <= asOf;
}

/**
 * Resumes paused subscriptions whose resume date has come by `asOf` and whose period has not ended (the billing
 * batch resumes those as it bills them), through the machine's resume event. Nothing is billed: the current
 * period's invoice was issued when it began. Returns how many were resumed.
 */
export async function resumeDueSubscriptions(client: PoolClient, asOf: Date, limit = 500, scope?: ClockScope): Promise<number> {
  const due = await claimSubscriptionsToResume(client, asOf, limit, scope);
  for (const subscription of due) await savePauseState(client, subscription.id, transitionSubscription(subscription, { type: 'resume' }), null);
  await recordResumedEvents(client, due.map((subscription) => subscription.id));
  return due.length;
}
