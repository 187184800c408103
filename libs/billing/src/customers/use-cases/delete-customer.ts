import { inTransaction } from '@nova/common';
import { DomainError } from '@nova/domain';
import { recordEvent } from '@nova/events';
import type { TenantDatabase } from '@nova/tenant-db';
import { releaseAllowance } from '../../platform-usage';
import { customerResource } from '../customer-resource';
import { deleteCustomerRow } from '../customers.repository';

/**
 * Customers with billing history are kept: invoices must keep pointing at their customer. Records
 * `customer.deleted` with the customer as it was; frees its place in the plan's `customers` limit.
 */
export async function deleteCustomer(db: TenantDatabase, id: string): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    const deleted = await deleteCustomerRow(client, id);
    if (!deleted) throw DomainError.notFound('Customer', id);
    await releaseAllowance(client, 'customers', 1);
    await recordEvent(client, { type: 'customer.deleted', object: customerResource(deleted) });
  });
}
