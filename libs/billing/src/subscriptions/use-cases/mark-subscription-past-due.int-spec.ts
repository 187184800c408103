import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { migratedTenantDb, seedSubscription, subscriptionRow } from '../../../../../test/support/migrated-tenant-db';
import { cancelSubscription } from './cancel-subscription';
import { markSubscriptionPastDue } from './mark-subscription-past-due';

describe('markSubscriptionPastDue (real tenant database)', () => {
  let db: { pool: Pool; drop(): Promise<void> };
  beforeAll(async () => {
    db = await migratedTenantDb('past_due_uc');
  });
  afterAll(() => db.drop());

  it('moves an active subscription to past due once, and leaves a canceled one canceled', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    expect(await markSubscriptionPastDue(db.pool, subscriptionId)).toBe(true);
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('past_due');
    expect(await markSubscriptionPastDue(db.pool, subscriptionId)).toBe(false);

    const other = await seedSubscription(db.pool);
    await cancelSubscription(db.pool, { subscriptionId: other.subscriptionId, atPeriodEnd: false });
    expect(await markSubscriptionPastDue(db.pool, other.subscriptionId)).toBe(false);
    expect((await subscriptionRow(db.pool, other.subscriptionId)).status).toBe('canceled');
    expect(await markSubscriptionPastDue(db.pool, randomUUID())).toBe(false);
  });
});
