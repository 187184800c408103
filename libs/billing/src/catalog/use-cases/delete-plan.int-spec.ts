import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { createPlan } from './create-plan';
import { createPrice } from './create-price';
import { deletePlan } from './delete-plan';

describe('deletePlan (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('delete_plan_uc');
  });
  afterAll(() => tenant.drop());

  const count = async (sql: string, id: string) => (await tenant.pool.query(sql, [id])).rowCount;

  it('deletes a plan nobody subscribed to, with its prices', async () => {
    const plan = await createPlan(tenant.db, { code: 'unsold', name: 'Unsold' });
    await createPrice(tenant.db, { planId: plan.id, currency: 'KES', unitAmount: 1_000n, interval: 'month' });
    await deletePlan(tenant.db, plan.id);
    expect(await count('SELECT 1 FROM plans WHERE id = $1', plan.id)).toBe(0);
    expect(await count('SELECT 1 FROM prices WHERE plan_id = $1', plan.id)).toBe(0);
  });

  it('keeps a plan with a subscription, and all of its prices (invalid state: archive it instead)', async () => {
    const { subscriptionId } = await seedSubscription(tenant.pool);
    const { rows } = await tenant.pool.query<{ plan_id: string }>('SELECT p.plan_id FROM subscriptions s JOIN prices p ON p.id = s.price_id WHERE s.id = $1', [subscriptionId]);
    const planId = rows[0]!.plan_id;
    await createPrice(tenant.db, { planId, currency: 'KES', unitAmount: 2_000n, interval: 'year' }); // not subscribed to, kept all the same
    await expect(deletePlan(tenant.db, planId)).rejects.toMatchObject({ code: ErrorCode.InvalidState, message: expect.stringMatching(/has subscriptions/) });
    expect(await count('SELECT 1 FROM plans WHERE id = $1', planId)).toBe(1);
    expect(await count('SELECT 1 FROM prices WHERE plan_id = $1', planId)).toBe(2);
  });

  it('answers an unknown plan with not found', async () => {
    await expect(deletePlan(tenant.db, randomUUID())).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });
});
