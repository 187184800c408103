import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { CustomerFields, updateCustomerRow } from '../customers.repository';
import type { CustomerRecord } from '../customers.types';

/** The fields given change; the others stay. */
export interface UpdateCustomerCommand extends Partial<CustomerFields> {
  id: string;
}

export async function updateCustomer(db: TenantDatabase, { id, ...changes }: UpdateCustomerCommand): Promise<CustomerRecord> {
  const customer = await updateCustomerRow(db.pool, id, changes);
  if (!customer) throw DomainError.notFound('Customer', id);
  return customer;
}
