import { DomainError, type PlanLimits, paymentTermsProblem } from '@nova/domain';
import { inTransaction } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { consumeAllowance } from '../../platform-usage';
import { CustomerFields, insertCustomer } from '../customers.repository';
import type { CustomerRecord } from '../customers.types';

export type CreateCustomerCommand = CustomerFields;

/**
 * Within the `customers` limit of the tenant's NovaBilling plan (`limits`, from
 * findTenantPlanLimits): past it a 402 plan_limit_reached; the count and the insert share a
 * transaction. A duplicate externalId is a 409 naming `externalId`.
 */
export async function createCustomer(db: TenantDatabase, command: CreateCustomerCommand, limits: Pick<PlanLimits, 'customers'>): Promise<CustomerRecord> {
  assertPaymentTerms(command.paymentTermsDays);
  return inTransaction(db.pool, async (client) => {
    await consumeAllowance(client, 'customers', { count: 1, max: limits.customers });
    return insertCustomer(client, command);
  });
}

/** A customer's own payment terms, when given, follow the same rule as the tenant's default. */
export function assertPaymentTerms(days: number | undefined): void {
  const problem = days === undefined ? null : paymentTermsProblem(days);
  if (problem) throw DomainError.validation('paymentTermsDays', problem);
}
