import { randomUUID } from 'node:crypto';
import { PLATFORM_PLANS, DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { createCustomer } from './create-customer';
import { deleteCustomer } from './delete-customer';

/** The customers limit is tested in platform-allowance.int-spec.ts; here it is out of the way. */
const NO_PLAN_LIMITS = PLATFORM_PLANS.scale.limits;

describe('deleteCustomer (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('delete_customer_uc');
  });
  afterAll(() => tenant.drop());

  const exists = async (id: string) => (await tenant.pool.query('SELECT 1 FROM customers WHERE id = $1', [id])).rowCount === 1;

  it('deletes a customer without billing history', async () => {
    const customer = await createCustomer(tenant.db, { name: 'Passer-by', email: 'passer@example.test' }, NO_PLAN_LIMITS);
    await deleteCustomer(tenant.db, customer.id);
    expect(await exists(customer.id)).toBe(false);
  });

  it('keeps a customer with a subscription and its invoice (invalid state)', async () => {
    const { customerId } = await seedSubscription(tenant.pool);
    await expect(deleteCustomer(tenant.db, customerId)).rejects.toMatchObject({ code: ErrorCode.InvalidState, message: expect.stringMatching(/cannot be deleted/) });
    expect(await exists(customerId)).toBe(true);
  });

  it('answers an unknown customer with not found', async () => {
    await expect(deleteCustomer(tenant.db, randomUUID())).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });
});
