import { DomainError, ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { getRatePlan } from './get-rate-plan';

describe('createRatePlan (real tenant database)', () => {
  let t: MigratedTenantDb;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_plan_create');
  });
  afterAll(() => t.drop());

  const counts = async (planId: string) =>
    (
      await t.pool.query<{ destinations: number; prefixes: number; rates: number }>(
        `SELECT (SELECT count(*)::int FROM rate_plan_destinations WHERE plan_id = $1) AS destinations,
                (SELECT count(*)::int FROM rate_plan_prefixes WHERE plan_id = $1) AS prefixes,
                (SELECT count(*)::int FROM rate_plan_rates WHERE plan_id = $1) AS rates`,
        [planId],
      )
    ).rows[0];

  it('stores the plan with its destinations, prefixes and rates, read back as given', async () => {
    const command = kenyaPlan('Retail Kenya');
    const plan = await createRatePlan(t.db, { ...command, destinations: [{ name: 'NG Mobile MTN', prefixes: ['234803', '234806', '234803'] }] });
    expect(plan).toMatchObject({ name: 'Retail Kenya', currency: 'KES', rounding: { method: 'half-up', decimals: 4 }, timings: [], bundles: [] });
    expect(await counts(plan.id)).toEqual({ destinations: 1, prefixes: 2, rates: 1 });
    const read = await getRatePlan(t.db, { planId: plan.id });
    expect(read.rates).toEqual([expect.objectContaining({ id: 'mtn', destination: 'NG Mobile MTN', pricePerUnit: '6', unitSeconds: 60 })]);
    expect([...read.destinations[0]!.prefixes].sort()).toEqual(['234803', '234806']);
  });

  it('refuses a second plan of the same name with a 409 on name, storing nothing', async () => {
    await createRatePlan(t.db, kenyaPlan('Wholesale'));
    await expect(createRatePlan(t.db, kenyaPlan('Wholesale'))).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { fields: [{ field: 'name' }] } });
    expect((await t.pool.query(`SELECT 1 FROM rate_plans WHERE name = 'Wholesale'`)).rowCount).toBe(1);
  });

  it('refuses a plan that does not compile, naming every bad field, storing nothing', async () => {
    const command = kenyaPlan('Broken');
    const refusal = createRatePlan(t.db, { ...command, rates: [{ ...command.rates![0]!, unitSeconds: 0 }, { ...command.rates![0]!, id: 'other', destination: 'Nowhere' }] });
    const error = (await refusal.catch((refused: unknown) => refused)) as DomainError;
    expect(error).toMatchObject({ code: ErrorCode.ValidationFailed });
    const fields = (error.details?.fields ?? []).map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining([expect.stringMatching(/^rates\[0\]/), expect.stringMatching(/^rates\[1\]/)]));
    expect((await t.pool.query(`SELECT 1 FROM rate_plans WHERE name = 'Broken'`)).rowCount).toBe(0);
  });
});
