import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import { type MigratedTenantDb, seedSubscription } from '../../../../test/support/migrated-tenant-db';
import { kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { createTelecomAccount } from './create-telecom-account';
import { getTelecomAccount } from './get-telecom-account';

describe('createTelecomAccount (real tenant database)', () => {
  let t: MigratedTenantDb;
  let planId: string;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_account');
    planId = (await createRatePlan(t.db, kenyaPlan())).id;
  });
  afterAll(() => t.drop());

  it('opens the account of a subscription in the plan\'s currency, threshold in nanos, read back in minor units', async () => {
    const { subscriptionId, customerId } = await seedSubscription(t.pool);
    const account = await createTelecomAccount(t.db, { subscriptionId, ratePlanId: planId, kind: 'prepaid', lowBalanceThreshold: 500, suspendAtZero: true });
    expect(account).toMatchObject({ subscriptionId, customerId, ratePlanId: planId, kind: 'prepaid', status: 'active', currency: 'KES', balance: '0', lowBalanceThreshold: '500', suspendAtZero: true, numbers: [] });
    const { rows } = await t.pool.query('SELECT low_balance_threshold_nanos FROM telecom_accounts WHERE id = $1', [account.id]);
    expect(rows[0]).toEqual({ low_balance_threshold_nanos: (500n * 10_000_000n).toString() });
    expect(await getTelecomAccount(t.db, { accountId: account.id })).toEqual(account);
  });

  it('refuses a second account for the subscription (409 on subscriptionId), a plan in another currency and unknown references', async () => {
    const { subscriptionId } = await seedSubscription(t.pool);
    await createTelecomAccount(t.db, { subscriptionId, ratePlanId: planId, kind: 'postpaid' });
    await expect(createTelecomAccount(t.db, { subscriptionId, ratePlanId: planId, kind: 'prepaid' })).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { fields: [{ field: 'subscriptionId' }] } });

    const naira = await createRatePlan(t.db, { ...kenyaPlan(), currency: 'NGN' });
    const other = await seedSubscription(t.pool);
    await expect(createTelecomAccount(t.db, { subscriptionId: other.subscriptionId, ratePlanId: naira.id, kind: 'prepaid' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, message: expect.stringContaining('NGN') });
    await expect(createTelecomAccount(t.db, { subscriptionId: other.subscriptionId, ratePlanId: randomUUID(), kind: 'prepaid' })).rejects.toMatchObject({ details: { fields: [{ field: 'ratePlanId' }] } });
    await expect(createTelecomAccount(t.db, { subscriptionId: randomUUID(), ratePlanId: planId, kind: 'prepaid' })).rejects.toMatchObject({ details: { fields: [{ field: 'subscriptionId' }] } });
    expect((await t.pool.query('SELECT 1 FROM telecom_accounts WHERE subscription_id = $1', [other.subscriptionId])).rowCount).toBe(0);
  });
});
