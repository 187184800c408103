import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createPlan } from './create-plan';
import { createPrice } from './create-price';
import { updatePrice } from './update-price';

describe('updatePrice (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('update_price_uc');
  });
  afterAll(() => tenant.drop());

  it('changes nickname and active, merges metadata, and never touches the amount', async () => {
    const plan = await createPlan(tenant.db, { code: 'meta-plan', name: 'Meta' });
    const price = await createPrice(tenant.db, { planId: plan.id, currency: 'KES', unitAmount: 250_000n, interval: 'month', metadata: { tier: 'retail', legacy: true } });
    expect(price.metadata).toEqual({ tier: 'retail', legacy: true });
    const updated = await updatePrice(tenant.db, { id: price.id, nickname: 'Monthly', active: false, metadata: { legacy: '', region: 'KE' } });
    expect(updated).toMatchObject({ nickname: 'Monthly', active: false, unitAmount: 250_000n, metadata: { tier: 'retail', region: 'KE' } });
    expect((await tenant.pool.query('SELECT metadata, unit_amount::text AS amount FROM prices WHERE id = $1', [price.id])).rows).toEqual([{ metadata: { tier: 'retail', region: 'KE' }, amount: '250000' }]);
  });

  it('answers an unknown price with not found', async () => {
    await expect(updatePrice(tenant.db, { id: randomUUID(), active: false })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(updatePrice(tenant.db, { id: randomUUID(), metadata: { a: 1 } })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
