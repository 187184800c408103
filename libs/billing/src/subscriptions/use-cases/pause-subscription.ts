// Pausing collection (Stripe's pause_collection) and resuming it by hand. While paused the billing cycle still rolls
// the periods and issues their invoices, in the state the pause's behaviour gives (draft, uncollectible or void),
// so that no paused time is billed later and none twice; the cycle resumes it at `resumesAt`.
import { inTransaction } from '@nova/common';
import { DomainError, PAUSE_BEHAVIORS, type PauseBehavior, pauseResumesAtProblem, transitionSubscription } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type SubscriptionRecord, findSubscription, lockSubscriptionState, savePauseState } from '../subscriptions.repository';
import { recordSubscriptionEvent } from '../subscription-resource';

export interface PauseSubscriptionCommand {
  readonly subscriptionId: string;
  readonly behavior: PauseBehavior;
  /** When the billing cycle resumes it; without one, only a resume by hand does. */
  readonly resumesAt?: Date;
}

/** Pauses an active subscription through the machine (409 otherwise); bad behaviour or date: 400 naming the field. */
export async function pauseSubscription(db: TenantDatabase, command: PauseSubscriptionCommand, now = new Date()): Promise<SubscriptionRecord> {
  if (!(PAUSE_BEHAVIORS as readonly string[]).includes(command.behavior)) throw DomainError.validation('behavior', `must be one of ${PAUSE_BEHAVIORS.join(', ')}`);
  const resumeProblem = command.resumesAt === undefined ? null : pauseResumesAtProblem(command.resumesAt, now);
  if (resumeProblem) throw DomainError.validation('resumesAt', resumeProblem);
  await inTransaction(db.pool, async (client) => {
    const current = await lockSubscriptionState(client, command.subscriptionId);
    if (!current) throw DomainError.notFound('Subscription', command.subscriptionId);
    await savePauseState(client, current.id, transitionSubscription(current, { type: 'pause' }), { behavior: command.behavior, resumesAt: command.resumesAt ?? null, pausedAt: now });
    await recordSubscriptionEvent(client, 'subscription.paused', current.id);
  });
  return (await findSubscription(db.pool, command.subscriptionId))!;
}

/**
 * Resumes a paused subscription now (409 when it is not paused). Nothing is billed: the current period's invoice was
 * issued (as the pause said) when the period began, and the next renewal is billed as usual.
 */
export async function resumeSubscription(db: TenantDatabase, subscriptionId: string): Promise<SubscriptionRecord> {
  await inTransaction(db.pool, async (client) => {
    const current = await lockSubscriptionState(client, subscriptionId);
    if (!current) throw DomainError.notFound('Subscription', subscriptionId);
    await savePauseState(client, current.id, transitionSubscription(current, { type: 'resume' }), null);
    await recordSubscriptionEvent(client, 'subscription.resumed', current.id);
  });
  return (await findSubscription(db.pool, subscriptionId))!;
}
