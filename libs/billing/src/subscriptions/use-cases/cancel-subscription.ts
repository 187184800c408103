// The one way a subscription is canceled, now or at period end: by the API (an admin or the
// tenant's server) and by dunning (policy "cancel" after the last failed charge) alike.
import type { PoolClient } from 'pg';
import type { TenantDatabase } from '@nova/tenant-db';
import { inTransaction } from '@nova/common';
import { SubscriptionState, transitionSubscription, DomainError } from '@nova/domain';
import { type CreditNoteRecord, creditUnusedTime } from '../../invoicing';
import { lockSubscriptionState, saveSubscriptionState, selectCurrentPeriod, subscriptionClockTime } from '../subscriptions.repository';
import { recordSubscriptionEvent } from '../subscription-resource';

export interface CancelSubscriptionCommand {
  readonly subscriptionId: string;
  /** true: it stays live until its current period ends (the billing cycle ends it then). */
  readonly atPeriodEnd: boolean;
  /** When it happens; defaults to now (a test clock's customer: the clock's time). */
  readonly at?: Date;
  /**
   * Canceling now: credit the unused part of the paid-in-advance period, as a credit note against
   * its invoice (what is still due goes down; what was paid goes to the customer's balance).
   */
  readonly prorate?: boolean;
}

/**
 * Cancels under the subscription's row lock, through the state machine: a canceled subscription,
 * or one already set to cancel at period end, is refused with an InvalidTransitionError (409 at
 * the API); an unknown id is DomainError not_found.
 */
export async function cancelSubscription(db: TenantDatabase, command: CancelSubscriptionCommand): Promise<SubscriptionState & { id: string; creditNote: CreditNoteRecord | null }> {
  const at = command.at ?? (await subscriptionClockTime(db.pool, command.subscriptionId)) ?? new Date();
  return inTransaction(db.pool, async (client) => {
    const current = await lockSubscriptionState(client, command.subscriptionId);
    if (!current) throw DomainError.notFound('Subscription', command.subscriptionId);
    const next = transitionSubscription(current, command.atPeriodEnd ? { type: 'cancel_at_period_end', at } : { type: 'cancel_now', at });
    await saveSubscriptionState(client, current.id, next);
    // A trial's period was never invoiced: creditUnusedTime finds nothing to credit then.
    const creditNote = command.prorate && !command.atPeriodEnd ? await creditUnusedTime(client, { id: current.id, ...(await currentPeriodOf(client, current.id)) }, at) : null;
    // Set to end at period end, it is still live: an update; canceled now, it is over.
    await recordSubscriptionEvent(client, command.atPeriodEnd ? 'subscription.updated' : 'subscription.canceled', current.id);
    return { id: current.id, ...next, creditNote };
  });
}

async function currentPeriodOf(client: PoolClient, id: string): Promise<{ period: { start: Date; end: Date }; startedAt: Date }> {
  const { start, end, startedAt } = await selectCurrentPeriod(client, id);
  return { period: { start, end }, startedAt };
}
