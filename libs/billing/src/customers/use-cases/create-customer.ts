import { inTransaction } from '@nova/common';
import { CUSTOMER_TAX_STATUSES, DomainError, type PlanLimits, paymentTermsProblem } from '@nova/domain';
import { recordEvent } from '@nova/events';
import type { TenantDatabase } from '@nova/tenant-db';
import { consumeAllowance } from '../../platform-usage';
import { customerResource } from '../customer-resource';
import { CustomerFields, insertCustomer } from '../customers.repository';
import { findTestClock } from '../test-clocks.repository';
import type { CustomerRecord } from '../customers.types';

/** `testClockId` (test mode only): the clock the customer lives by; an unknown or deleted clock is a 400 naming it. */
export type CreateCustomerCommand = CustomerFields & { testClockId?: string };

/**
 * Within the `customers` limit of the tenant's NovaBilling plan (`limits`, from
 * findTenantPlanLimits): past it a 402 plan_limit_reached; the count and the insert share a
 * transaction. A duplicate externalId is a 409 naming `externalId`. Records `customer.created`.
 */
export async function createCustomer(db: TenantDatabase, command: CreateCustomerCommand, limits: Pick<PlanLimits, 'customers'>): Promise<CustomerRecord> {
  assertPaymentTerms(command.paymentTermsDays);
  assertTaxStatus(command.taxStatus);
  return inTransaction(db.pool, async (client) => {
    if (command.testClockId !== undefined && !(await findTestClock(client, command.testClockId))) {
      throw DomainError.validation('testClockId', `test clock ${command.testClockId} does not exist`);
    }
    await consumeAllowance(client, 'customers', { count: 1, max: limits.customers });
    const customer = await insertCustomer(client, command);
    await recordEvent(client, { type: 'customer.created', object: customerResource(customer) });
    return customer;
  });
}

/** A customer's own payment terms, when given, follow the same rule as the tenant's default. */
export function assertPaymentTerms(days: number | undefined): void {
  const problem = days === undefined ? null : paymentTermsProblem(days);
  if (problem) throw DomainError.validation('paymentTermsDays', problem);
}

export function assertTaxStatus(status: string | undefined): void {
  if (status !== undefined && !(CUSTOMER_TAX_STATUSES as readonly string[]).includes(status)) throw DomainError.validation('taxStatus', `must be one of ${CUSTOMER_TAX_STATUSES.join(', ')}`);
}
