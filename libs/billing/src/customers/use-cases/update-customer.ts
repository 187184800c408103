import { inTransaction } from '@nova/common';
import { DomainError, mergeMetadata } from '@nova/domain';
import { recordEvent } from '@nova/events';
import type { TenantDatabase } from '@nova/tenant-db';
import { customerResource } from '../customer-resource';
import { CustomerFields, lockCustomerMetadata, updateCustomerRow } from '../customers.repository';
import type { CustomerRecord } from '../customers.types';
import { assertPaymentTerms, assertTaxStatus } from './create-customer';

/** The fields given change; the others stay. `metadata` merges (keys set, an empty string removes one). */
export interface UpdateCustomerCommand extends Partial<CustomerFields> {
  id: string;
}

/** One transaction: the metadata merge under the row's lock, the update and its `customer.updated` event. */
export async function updateCustomer(db: TenantDatabase, { id, ...changes }: UpdateCustomerCommand): Promise<CustomerRecord> {
  assertPaymentTerms(changes.paymentTermsDays);
  assertTaxStatus(changes.taxStatus);
  const customer = await inTransaction(db.pool, async (client) => {
    let metadata: Record<string, unknown> | undefined;
    if (changes.metadata !== undefined) {
      const stored = await lockCustomerMetadata(client, id);
      if (stored === undefined) return undefined;
      metadata = mergeMetadata(stored, changes.metadata);
    }
    const updated = await updateCustomerRow(client, id, { ...changes, metadata });
    if (updated) await recordEvent(client, { type: 'customer.updated', object: customerResource(updated) });
    return updated;
  });
  if (!customer) throw DomainError.notFound('Customer', id);
  return customer;
}
