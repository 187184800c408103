import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createPlan } from './create-plan';
import { createProduct } from './create-product';
import { updatePlan } from './update-plan';

describe('updatePlan (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('update_plan_uc');
  });
  afterAll(() => tenant.drop());

  it('deactivates a plan and moves it under a product, keeping its code and the rest', async () => {
    const plan = await createPlan(tenant.db, { code: 'basic', name: 'Basic', trialDays: 7, metadata: { tier: '1' } });
    const product = await createProduct(tenant.db, { name: 'Voice' });
    const updated = await updatePlan(tenant.db, { id: plan.id, active: false, productId: product.id });
    expect(updated).toMatchObject({ code: 'basic', name: 'Basic', trialDays: 7, active: false, productId: product.id, metadata: { tier: '1' } });
    const { rows } = await tenant.pool.query('SELECT code, active, product_id, trial_days FROM plans WHERE id = $1', [plan.id]);
    expect(rows).toEqual([{ code: 'basic', active: false, product_id: product.id, trial_days: 7 }]);
  });

  it('refuses a product that does not exist as a validation error on productId', async () => {
    const plan = await createPlan(tenant.db, { code: 'moved', name: 'Moved' });
    const refused = updatePlan(tenant.db, { id: plan.id, productId: randomUUID() });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'productId', message: expect.stringMatching(/does not exist/) }] } });
    expect((await tenant.pool.query('SELECT product_id FROM plans WHERE id = $1', [plan.id])).rows).toEqual([{ product_id: null }]);
  });

  it('answers an unknown plan with not found', async () => {
    await expect(updatePlan(tenant.db, { id: randomUUID(), name: 'Ghost' })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });
});
