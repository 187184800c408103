import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { deleteCustomerRow } from '../customers.repository';

/** Customers with billing history are kept: invoices must keep pointing at their customer. */
export async function deleteCustomer(db: TenantDatabase, id: string): Promise<void> {
  if (!(await deleteCustomerRow(db.pool, id))) throw DomainError.notFound('Customer', id);
}
