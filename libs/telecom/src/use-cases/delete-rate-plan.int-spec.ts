import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { accountWithNumber, kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { deleteRatePlan } from './delete-rate-plan';

describe('deleteRatePlan (real tenant database)', () => {
  let t: MigratedTenantDb;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_plan_delete');
  });
  afterAll(() => t.drop());

  const exists = async (id: string) => ((await t.pool.query('SELECT 1 FROM rate_plans WHERE id = $1', [id])).rowCount ?? 0) > 0;

  it('deletes a plan no account uses, with its rows', async () => {
    const plan = await createRatePlan(t.db, kenyaPlan());
    await deleteRatePlan(t.db, { planId: plan.id });
    expect(await exists(plan.id)).toBe(false);
    expect((await t.pool.query('SELECT 1 FROM rate_plan_rates WHERE plan_id = $1', [plan.id])).rowCount).toBe(0);
    await expect(deleteRatePlan(t.db, { planId: randomUUID() })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('refuses a plan an account uses (409) and keeps it', async () => {
    const plan = await createRatePlan(t.db, kenyaPlan());
    await accountWithNumber(t.db, plan.id, { kind: 'postpaid' });
    await expect(deleteRatePlan(t.db, { planId: plan.id })).rejects.toMatchObject({ code: ErrorCode.InvalidState, message: expect.stringContaining('1 account') });
    expect(await exists(plan.id)).toBe(true);
  });
});
