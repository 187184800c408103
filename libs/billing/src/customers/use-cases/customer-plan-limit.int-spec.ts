// The customers limit of the tenant's NovaBilling plan (counted in platform_usage): at the limit,
// on a failed insert, under concurrency, unlimited. Real migrated tenant database.
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { tenantCountedUsage } from '../../platform-usage';
import { createCustomer } from './create-customer';
import { deleteCustomer } from './delete-customer';

describe("the plan's customers limit (createCustomer, deleteCustomer)", () => {
  let tenant: MigratedTenantDb;
  beforeEach(async () => {
    // A database per test: each starts with empty counters.
    tenant = await migratedTenantDb('customer_plan_limit');
  });
  afterEach(() => tenant.drop());

  const customerCount = async () => (await tenant.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')).rows[0]!.n;

  it('refuses the customer past the limit with 402 naming it, usage and maximum; a deleted customer frees its place', async () => {
    const first = await createCustomer(tenant.db, { name: 'One', email: 'one@example.test' }, { customers: 2 });
    await createCustomer(tenant.db, { name: 'Two', email: 'two@example.test' }, { customers: 2 });
    await expect(createCustomer(tenant.db, { name: 'Three', email: 'three@example.test' }, { customers: 2 })).rejects.toMatchObject({
      code: ErrorCode.PlanLimitReached,
      details: { limit: { name: 'customers', used: 2, max: 2 } },
    });
    expect(await customerCount()).toBe(2);
    await deleteCustomer(tenant.db, first.id);
    await expect(createCustomer(tenant.db, { name: 'Three', email: 'three@example.test' }, { customers: 2 })).resolves.toMatchObject({ name: 'Three' });
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ customers: 2 });
  });

  it('counts nothing for a create that fails (the count and the insert are one transaction)', async () => {
    await createCustomer(tenant.db, { name: 'Holder', email: 'a@example.test', externalId: 'crm-1' }, { customers: 5 });
    await expect(createCustomer(tenant.db, { name: 'Copy', email: 'b@example.test', externalId: 'crm-1' }, { customers: 5 })).rejects.toMatchObject({ code: ErrorCode.Conflict });
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ customers: 1 });
  });

  it('lets exactly as many concurrent creates through as fit: at the limit, one wins', async () => {
    await createCustomer(tenant.db, { name: 'Existing', email: 'e@example.test' }, { customers: 3 });
    await createCustomer(tenant.db, { name: 'Existing 2', email: 'e2@example.test' }, { customers: 3 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => createCustomer(tenant.db, { name: `Racer ${i}`, email: `r${i}@example.test` }, { customers: 3 })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const refused of results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')) {
      expect(refused.reason).toMatchObject({ code: ErrorCode.PlanLimitReached, details: { limit: { name: 'customers', used: 3, max: 3 } } });
    }
    expect(await customerCount()).toBe(3);
  });

  it('unlimited (null) refuses nothing and still counts, so a later limit starts from the truth', async () => {
    for (let i = 0; i < 4; i++) await createCustomer(tenant.db, { name: `C${i}`, email: `c${i}@example.test` }, { customers: null });
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ customers: 4 });
    await expect(createCustomer(tenant.db, { name: 'Over', email: 'over@example.test' }, { customers: 4 })).rejects.toMatchObject({ details: { limit: { used: 4, max: 4 } } });
  });
});
