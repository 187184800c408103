// The counters themselves (the enforcement points have their own tests: customer-plan-limit,
// invoice-plan-limit and billing-cycle/plan-limits int-specs).
import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { consumeAllowance, releaseAllowance, tenantCountedUsage } from './platform-allowance';

describe('platform allowance counters (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeEach(async () => {
    // A database per test: each starts with empty counters.
    tenant = await migratedTenantDb('platform_usage');
  });
  afterEach(() => tenant.drop());

  it('refuses a batch larger than what is left as a whole, even on an empty month', async () => {
    await expect(inTransaction(tenant.pool, (client) => consumeAllowance(client, 'invoicesPerMonth', { count: 3, max: 2 }))).rejects.toMatchObject({
      details: { limit: { name: 'invoicesPerMonth', used: 0, max: 2 } },
    });
  });

  it('never counts below zero when more is released than was counted (rows older than the counter)', async () => {
    await inTransaction(tenant.pool, (client) => consumeAllowance(client, 'customers', { count: 1, max: null }));
    await inTransaction(tenant.pool, (client) => releaseAllowance(client, 'customers', 3));
    expect(await tenantCountedUsage(tenant.db, null)).toEqual({ customers: 0, invoicesPerMonth: 0 });
  });

  it('counts past the maximum when not enforced (the billing cycle)', async () => {
    await inTransaction(tenant.pool, (client) => consumeAllowance(client, 'invoicesPerMonth', { count: 5, max: 2, enforce: false }));
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ invoicesPerMonth: 5 });
  });
});
