import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { updateMergingMetadata } from '@nova/common';
import { CustomerFields, lockCustomerMetadata, updateCustomerRow } from '../customers.repository';
import type { CustomerRecord } from '../customers.types';
import { assertPaymentTerms, assertTaxStatus } from './create-customer';

/** The fields given change; the others stay. `metadata` merges (keys set, an empty string removes one). */
export interface UpdateCustomerCommand extends Partial<CustomerFields> {
  id: string;
}

export async function updateCustomer(db: TenantDatabase, { id, ...changes }: UpdateCustomerCommand): Promise<CustomerRecord> {
  assertPaymentTerms(changes.paymentTermsDays);
  assertTaxStatus(changes.taxStatus);
  const customer = await updateMergingMetadata(
    db.pool,
    changes.metadata,
    (client) => lockCustomerMetadata(client, id),
    (client, metadata) => updateCustomerRow(client, id, { ...changes, metadata }),
  );
  if (!customer) throw DomainError.notFound('Customer', id);
  return customer;
}
