import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, MAX_INTERVAL_COUNT } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { findSubscribablePrice } from '..';
import { createPlan } from './create-plan';
import { createPrice } from './create-price';
import { updatePlan } from './update-plan';

describe('createPrice (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  let planId: string;
  beforeAll(async () => {
    tenant = await migratedTenantDb('create_price_uc');
    planId = (await createPlan(tenant.db, { code: 'weekly', name: 'Weekly', trialDays: 3 })).id;
  });
  afterAll(() => tenant.drop());

  const pricesOfPlan = async () => (await tenant.pool.query('SELECT interval_count FROM prices WHERE plan_id = $1 ORDER BY created_at', [planId])).rows;

  it('accepts a week price at the longest interval count, one a month by default, and keeps amounts beyond 2^53 exact', async () => {
    const yearly = await createPrice(tenant.db, { planId, currency: 'KES', unitAmount: 9_007_199_254_740_993n, interval: 'week', intervalCount: MAX_INTERVAL_COUNT.week, nickname: 'Yearly, weekly billed' });
    expect(yearly).toMatchObject({ planId, currency: 'KES', unitAmount: 9_007_199_254_740_993n, interval: 'week', intervalCount: 52, nickname: 'Yearly, weekly billed', active: true });
    const { rows } = await tenant.pool.query('SELECT unit_amount::text AS amount, interval, interval_count FROM prices WHERE id = $1', [yearly.id]);
    expect(rows).toEqual([{ amount: '9007199254740993', interval: 'week', interval_count: 52 }]);

    const monthly = await createPrice(tenant.db, { planId, currency: 'KES', unitAmount: 1_000n, interval: 'month' });
    expect(monthly.intervalCount).toBe(1);
  });

  it('refuses a week price one above the longest interval count, naming intervalCount, and stores nothing', async () => {
    const before = await pricesOfPlan();
    const refused = createPrice(tenant.db, { planId, currency: 'KES', unitAmount: 1_000n, interval: 'week', intervalCount: MAX_INTERVAL_COUNT.week + 1 });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'intervalCount', message: 'must be an integer from 1 to 52 for week intervals' }] } });
    expect(await pricesOfPlan()).toEqual(before);
  });

  it('answers an unknown plan with not found', async () => {
    await expect(createPrice(tenant.db, { planId: randomUUID(), currency: 'KES', unitAmount: 1n, interval: 'day' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('is what subscribing reads: the price with its plan’s name, trial and active flags', async () => {
    const price = await createPrice(tenant.db, { planId, currency: 'NGN', unitAmount: 50_000n, interval: 'month', intervalCount: 3 });
    expect(await findSubscribablePrice(tenant.pool, price.id)).toEqual({
      id: price.id,
      currency: 'NGN',
      unitAmount: 50_000n,
      interval: 'month',
      intervalCount: 3,
      active: true,
      planActive: true,
      planName: 'Weekly',
      trialDays: 3,
      billingScheme: 'per_unit',
      tiersMode: null,
      tiers: null,
    });
    await updatePlan(tenant.db, { id: planId, active: false });
    expect(await findSubscribablePrice(tenant.pool, price.id)).toMatchObject({ active: true, planActive: false });
    expect(await findSubscribablePrice(tenant.pool, randomUUID())).toBeUndefined();
  });

  describe('tiered prices', () => {
    const tiers = [
      { upTo: 5, unitAmount: 100_000, flatAmount: 200_000 },
      { upTo: 10, unitAmount: 80_000 },
      { upTo: 'inf', unitAmount: 50_000 },
    ];

    it('stores a graduated price with its tiers (the open bound as null) and reads it back for subscribing', async () => {
      const price = await createPrice(tenant.db, { planId, currency: 'KES', interval: 'month', billingScheme: 'tiered', tiersMode: 'graduated', tiers });
      const expected = [
        { upTo: 5, unitAmount: 100_000n, flatAmount: 200_000n },
        { upTo: 10, unitAmount: 80_000n, flatAmount: 0n },
        { upTo: null, unitAmount: 50_000n, flatAmount: 0n },
      ];
      expect(price).toMatchObject({ billingScheme: 'tiered', tiersMode: 'graduated', unitAmount: 0n, tiers: expected });
      expect(await findSubscribablePrice(tenant.pool, price.id)).toMatchObject({ billingScheme: 'tiered', tiersMode: 'graduated', tiers: expected });
      const { rows } = await tenant.pool.query('SELECT billing_scheme, tiers_mode, tiers FROM prices WHERE id = $1', [price.id]);
      expect(rows).toEqual([{ billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: [{ upTo: 5, unitAmount: 100000, flatAmount: 200000 }, { upTo: 10, unitAmount: 80000, flatAmount: 0 }, { upTo: null, unitAmount: 50000, flatAmount: 0 }] }]);
    });

    it.each([
      [{ tiers: [{ upTo: 5, unitAmount: 1 }, { upTo: 3, unitAmount: 1 }, { upTo: null, unitAmount: 1 }] }, 'tiers[1].upTo'],
      [{ tiers: [{ upTo: 5, unitAmount: 1 }, { upTo: 10, unitAmount: 1 }] }, 'tiers[1].upTo'],
      [{ tiers: [{ upTo: 5, unitAmount: 1.5 }, { upTo: null, unitAmount: 1 }] }, 'tiers[0].unitAmount'],
      [{ tiers: [{ upTo: 5, unitAmount: 1, flatAmount: -1 }, { upTo: null, unitAmount: 1 }] }, 'tiers[0].flatAmount'],
      [{ tiersMode: 'stairs' }, 'tiersMode'],
      [{ tiers: undefined }, 'tiers'],
      [{ unitAmount: 100n }, 'unitAmount'],
    ])('refuses %j naming %s, storing nothing', async (override, field) => {
      const before = (await pricesOfPlan()).length;
      const attempt = createPrice(tenant.db, { planId, currency: 'KES', interval: 'month', billingScheme: 'tiered', tiersMode: 'volume', tiers, ...override } as Parameters<typeof createPrice>[1]);
      await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field }] } });
      expect((await pricesOfPlan()).length).toBe(before);
    });

    it('refuses tiers on a per-unit price and a per-unit price without unitAmount', async () => {
      await expect(createPrice(tenant.db, { planId, currency: 'KES', interval: 'month', unitAmount: 1n, tiers })).rejects.toMatchObject({ details: { fields: [{ field: 'tiers' }] } });
      await expect(createPrice(tenant.db, { planId, currency: 'KES', interval: 'month' })).rejects.toMatchObject({ details: { fields: [{ field: 'unitAmount' }] } });
    });
  });
});
