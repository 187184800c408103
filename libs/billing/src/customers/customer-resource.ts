import type { CustomerRecord } from './customers.types';

/** A customer as the API shows it and as events carry it (`data.object`): the one public mapping. */
export function customerResource(customer: CustomerRecord) {
  const { id, externalId, name, email, phone, currency, taxId, taxStatus, address, metadata, paymentTermsDays, testClockId, createdAt, updatedAt } = customer;
  return { object: 'customer' as const, id, externalId, name, email, phone, currency, taxId, taxStatus, address, metadata, paymentTermsDays, testClockId, createdAt, updatedAt };
}

export type CustomerResource = ReturnType<typeof customerResource>;
