import type { PoolClient } from 'pg';
import { deleteAccounts, selectAccountIdsOfCustomers } from '../accounts.repository';
import { deleteCdrsOfAccounts } from '../cdrs.repository';
import { releaseDidsOfAccounts } from '../dids.repository';

/**
 * Deleting a test clock (the billing cycle's deleteTestClock, in its transaction): the telecom
 * accounts of its customers go with them: their CDRs, their numbers released, their top-ups.
 */
export async function deleteTelecomAccountsOfCustomers(client: PoolClient, customerIds: readonly string[]): Promise<void> {
  const accountIds = await selectAccountIdsOfCustomers(client, customerIds);
  if (accountIds.length === 0) return;
  await deleteCdrsOfAccounts(client, accountIds);
  await releaseDidsOfAccounts(client, accountIds);
  await deleteAccounts(client, accountIds);
}
