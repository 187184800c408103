import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { getRatePlan } from './get-rate-plan';
import { updateRatePlan } from './update-rate-plan';

describe('updateRatePlan (real tenant database)', () => {
  let t: MigratedTenantDb;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_plan_update');
  });
  afterAll(() => t.drop());

  it('changes settings and bumps the version; rows are kept unless given, replaced when given', async () => {
    const plan = await createRatePlan(t.db, kenyaPlan());
    const renamed = await updateRatePlan(t.db, { planId: plan.id, name: 'Renamed', rounding: { method: 'up', decimals: 2 } });
    expect(renamed).toMatchObject({ name: 'Renamed', currency: 'KES', rounding: { method: 'up', decimals: 2 } });
    expect(renamed.version).toBeGreaterThan(plan.version);
    expect((await getRatePlan(t.db, { planId: plan.id })).rates).toHaveLength(1);

    const rates = [{ id: 'mtn-peak', destination: 'NG Mobile MTN', pricePerUnit: '9', unitSeconds: 60, initialIncrement: 60, subsequentIncrement: 60 }];
    await updateRatePlan(t.db, { planId: plan.id, rates });
    expect((await getRatePlan(t.db, { planId: plan.id })).rates).toEqual([expect.objectContaining({ id: 'mtn-peak', pricePerUnit: '9' })]);
  });

  it('refuses a change that would not compile or takes another plan\'s name, changing nothing', async () => {
    const plan = await createRatePlan(t.db, kenyaPlan());
    const other = await createRatePlan(t.db, kenyaPlan());
    await expect(updateRatePlan(t.db, { planId: plan.id, rates: [{ id: 'x', destination: 'Nowhere', pricePerUnit: '1', unitSeconds: 60, initialIncrement: 60, subsequentIncrement: 60 }] })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(updateRatePlan(t.db, { planId: plan.id, name: other.name })).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { fields: [{ field: 'name' }] } });
    expect(await getRatePlan(t.db, { planId: plan.id })).toMatchObject({ name: plan.name, version: plan.version, rates: [expect.objectContaining({ id: 'mtn' })] });
    await expect(updateRatePlan(t.db, { planId: randomUUID(), name: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
