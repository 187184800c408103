import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createPlan } from './create-plan';
import { createProduct } from './create-product';

describe('createPlan (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('create_plan_uc');
  });
  afterAll(() => tenant.drop());

  it('stores the plan with its defaults (no trial, active, no product)', async () => {
    const plan = await createPlan(tenant.db, { code: 'pro-monthly', name: 'Pro' });
    expect(plan).toMatchObject({ code: 'pro-monthly', name: 'Pro', description: null, productId: null, trialDays: 0, active: true, metadata: {} });
    const { rows } = await tenant.pool.query('SELECT code, trial_days, active FROM plans WHERE id = $1', [plan.id]);
    expect(rows).toEqual([{ code: 'pro-monthly', trial_days: 0, active: true }]);
  });

  it('files the plan under an existing product', async () => {
    const product = await createProduct(tenant.db, { name: 'Broadband' });
    const plan = await createPlan(tenant.db, { code: 'home-50', name: 'Home 50', productId: product.id, trialDays: 14 });
    const { rows } = await tenant.pool.query('SELECT product_id, trial_days FROM plans WHERE id = $1', [plan.id]);
    expect(rows).toEqual([{ product_id: product.id, trial_days: 14 }]);
  });

  it('refuses a second plan with the same code as a conflict naming code, and stores nothing', async () => {
    await createPlan(tenant.db, { code: 'taken', name: 'First' });
    const refused = createPlan(tenant.db, { code: 'taken', name: 'Second' });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { fields: [expect.objectContaining({ field: 'code' })] } });
    const { rows } = await tenant.pool.query(`SELECT name FROM plans WHERE code = 'taken'`);
    expect(rows).toEqual([{ name: 'First' }]);
  });

  it('refuses an unknown product as a validation error on productId', async () => {
    await expect(createPlan(tenant.db, { code: 'orphan', name: 'Orphan', productId: randomUUID() })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { fields: [expect.objectContaining({ field: 'productId' })] },
    });
    expect((await tenant.pool.query(`SELECT 1 FROM plans WHERE code = 'orphan'`)).rowCount).toBe(0);
  });

  it('checks the code rule and the trial limit of libs/domain, as the API does', async () => {
    await expect(createPlan(tenant.db, { code: 'Not A Code', name: 'Bad' })).rejects.toMatchObject({ details: { fields: [expect.objectContaining({ field: 'code' })] } });
    await expect(createPlan(tenant.db, { code: 'long-trial', name: 'Long', trialDays: 366 })).rejects.toMatchObject({ details: { fields: [expect.objectContaining({ field: 'trialDays' })] } });
    expect((await createPlan(tenant.db, { code: 'year-trial', name: 'Year', trialDays: 365 })).trialDays).toBe(365);
  });
});
