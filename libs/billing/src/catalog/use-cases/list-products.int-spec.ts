import { ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createProduct } from './create-product';
import { listProducts } from './get-product';
import { listPlanPrices } from './get-plan';
import { createPlan } from './create-plan';
import { createPrice } from './create-price';

// Keyset pages of one list (products) in every direction (the created range: customers'
// list-customers.int-spec.ts): the helpers in @nova/common are shared by every list.
describe('keyset pages (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  /** Product names newest first: p5 … p1, created a minute apart. */
  const ids: Record<string, string> = {};
  const names = (page: { data: { name: string }[] }) => page.data.map((row) => row.name);

  beforeAll(async () => {
    tenant = await migratedTenantDb('list_pages_uc');
    for (let i = 1; i <= 5; i += 1) {
      const product = await createProduct(tenant.db, { name: `p${i}` });
      ids[`p${i}`] = product.id;
      await tenant.pool.query("UPDATE products SET created_at = timestamptz '2026-01-01T00:00:00Z' + $2 * interval '1 minute' WHERE id = $1", [product.id, i]);
    }
  });
  afterAll(() => tenant.drop());

  it('pages newest first with cursor, saying hasMore until the last page', async () => {
    const first = await listProducts(tenant.db, { limit: 2 });
    expect(names(first)).toEqual(['p5', 'p4']);
    expect(first.hasMore).toBe(true);
    const second = await listProducts(tenant.db, { limit: 2, cursor: first.nextCursor! });
    expect(names(second)).toEqual(['p3', 'p2']);
    const last = await listProducts(tenant.db, { limit: 2, cursor: second.nextCursor! });
    expect(last).toMatchObject({ nextCursor: null, hasMore: false });
    expect(names(last)).toEqual(['p1']);
  });

  it('starting_after gives the older rows after an id', async () => {
    const page = await listProducts(tenant.db, { limit: 2, startingAfter: ids.p4 });
    expect(names(page)).toEqual(['p3', 'p2']);
    expect(page.hasMore).toBe(true);
    expect(names(await listProducts(tenant.db, { limit: 2, startingAfter: ids.p2 }))).toEqual(['p1']);
  });

  it('ending_before pages backwards and still returns newest first', async () => {
    const page = await listProducts(tenant.db, { limit: 2, endingBefore: ids.p2 });
    expect(names(page)).toEqual(['p4', 'p3']);
    expect(page.hasMore).toBe(true); // p5 is newer still
    const next = await listProducts(tenant.db, { limit: 2, endingBefore: page.data[0]!.id });
    expect(names(next)).toEqual(['p5']);
    expect(next.hasMore).toBe(false);
    // Its nextCursor continues with the older rows after the page.
    expect(names(await listProducts(tenant.db, { limit: 2, cursor: page.nextCursor! }))).toEqual(['p2', 'p1']);
  });

  it('refuses two positions at once, and an unknown or malformed id, naming the field', async () => {
    await expect(listProducts(tenant.db, { limit: 2, cursor: 'x', startingAfter: ids.p1 })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'starting_after' }] } });
    await expect(listProducts(tenant.db, { limit: 2, startingAfter: ids.p1, endingBefore: ids.p2 })).rejects.toMatchObject({ details: { fields: [{ field: 'ending_before' }] } });
    await expect(listProducts(tenant.db, { limit: 2, endingBefore: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ details: { fields: [{ field: 'ending_before' }] } });
    await expect(listProducts(tenant.db, { limit: 2, startingAfter: 'not-an-id' })).rejects.toMatchObject({ details: { fields: [{ field: 'starting_after' }] } });
  });

  it('pages a plan\'s prices, newest first', async () => {
    const plan = await createPlan(tenant.db, { code: 'paged', name: 'Paged' });
    const made = [];
    for (const unitAmount of [100n, 200n, 300n]) made.push(await createPrice(tenant.db, { planId: plan.id, currency: 'KES', unitAmount, interval: 'month', intervalCount: 1 }));
    await tenant.pool.query("UPDATE prices SET created_at = timestamptz '2026-01-01' + unit_amount * interval '1 second' WHERE plan_id = $1", [plan.id]);
    const first = await listPlanPrices(tenant.db, plan.id, { limit: 2 });
    expect(first.data.map((price) => price.unitAmount)).toEqual([300n, 200n]);
    expect((await listPlanPrices(tenant.db, plan.id, { limit: 2, startingAfter: first.data[1]!.id })).data.map((price) => price.unitAmount)).toEqual([100n]);
  });
});
