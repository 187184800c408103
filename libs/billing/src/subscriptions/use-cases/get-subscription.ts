import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { SubscriptionRecord, findSubscription } from '../subscriptions.repository';

/** One subscription; unknown is not_found. */
export async function getSubscription(db: TenantDatabase, subscriptionId: string): Promise<SubscriptionRecord> {
  const subscription = await findSubscription(db.pool, subscriptionId);
  if (!subscription) throw DomainError.notFound('Subscription', subscriptionId);
  return subscription;
}
