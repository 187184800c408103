import { Page, resolveWindow, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { CustomerPageQuery, customerPosition, findCustomer, selectCustomerPage } from '../customers.repository';
import type { CustomerRecord } from '../customers.types';

export async function getCustomer(db: TenantDatabase, id: string): Promise<CustomerRecord> {
  const customer = await findCustomer(db.pool, id);
  if (!customer) throw DomainError.notFound('Customer', id);
  return customer;
}

/** Newest first, one keyset page at a time. */
export async function listCustomers(db: TenantDatabase, query: CustomerPageQuery): Promise<Page<CustomerRecord>> {
  const window = await resolveWindow(query, (id) => customerPosition(db.pool, id));
  return toPage(await selectCustomerPage(db.pool, query, window), query.limit, undefined, window);
}
