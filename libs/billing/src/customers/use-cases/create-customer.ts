import { DomainError, paymentTermsProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { CustomerFields, insertCustomer } from '../customers.repository';
import type { CustomerRecord } from '../customers.types';

export type CreateCustomerCommand = CustomerFields;

/** A duplicate externalId is a 409 naming `externalId`. */
export async function createCustomer(db: TenantDatabase, command: CreateCustomerCommand): Promise<CustomerRecord> {
  assertPaymentTerms(command.paymentTermsDays);
  return insertCustomer(db.pool, command);
}

/** A customer's own payment terms, when given, follow the same rule as the tenant's default. */
export function assertPaymentTerms(days: number | undefined): void {
  const problem = days === undefined ? null : paymentTermsProblem(days);
  if (problem) throw DomainError.validation('paymentTermsDays', problem);
}
