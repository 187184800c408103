import { Page, PageRequest, decodeCursor, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { SubscriptionFilter, SubscriptionRecord, listSubscriptionRecords } from '../subscriptions.repository';

export type ListSubscriptionsCommand = PageRequest & SubscriptionFilter;

/** A keyset page of the tenant's subscriptions, newest first. */
export async function listSubscriptions(db: TenantDatabase, command: ListSubscriptionsCommand): Promise<Page<SubscriptionRecord>> {
  return toPage(await listSubscriptionRecords(db.pool, command, decodeCursor(command.cursor), command.limit + 1), command.limit);
}
