import { Page, PageRequest, resolveWindow, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { SubscriptionFilter, SubscriptionRecord, listSubscriptionRecords, subscriptionPosition } from '../subscriptions.repository';

export type ListSubscriptionsCommand = PageRequest & SubscriptionFilter;

/** A keyset page of the tenant's subscriptions, newest first. */
export async function listSubscriptions(db: TenantDatabase, command: ListSubscriptionsCommand): Promise<Page<SubscriptionRecord>> {
  const window = await resolveWindow(command, (id) => subscriptionPosition(db.pool, id));
  return toPage(await listSubscriptionRecords(db.pool, command, window), command.limit, undefined, window);
}
