import { DomainError } from '@nova/domain';
import { inTransaction } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { releaseAllowance } from '../../platform-usage';
import { deleteCustomerRow } from '../customers.repository';

/** Customers with billing history are kept: invoices must keep pointing at their customer. A deleted customer frees its place in the plan's `customers` limit. */
export async function deleteCustomer(db: TenantDatabase, id: string): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    if (!(await deleteCustomerRow(client, id))) throw DomainError.notFound('Customer', id);
    await releaseAllowance(client, 'customers', 1);
  });
}
