import type { TenantDatabase } from '@nova/tenant-db';
import { CustomerFields, insertCustomer } from '../customers.repository';
import type { CustomerRecord } from '../customers.types';

export type CreateCustomerCommand = CustomerFields;

/** A duplicate externalId is a 409 naming `externalId`. */
export function createCustomer(db: TenantDatabase, command: CreateCustomerCommand): Promise<CustomerRecord> {
  return insertCustomer(db.pool, command);
}
