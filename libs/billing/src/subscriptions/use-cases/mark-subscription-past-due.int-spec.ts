import { randomUUID } from 'node:crypto';
import { MigratedTenantDb, migratedTenantDb, seedSubscription, subscriptionRow } from '../../../../../test/support/migrated-tenant-db';
import { cancelSubscription } from './cancel-subscription';
import { markSubscriptionPastDue } from './mark-subscription-past-due';

describe('markSubscriptionPastDue (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('past_due_uc');
  });
  afterAll(() => db.drop());

  it('moves an active subscription to past due once, and leaves a canceled one canceled', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    expect(await markSubscriptionPastDue(db.db, subscriptionId)).toBe(true);
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('past_due');
    expect(await markSubscriptionPastDue(db.db, subscriptionId)).toBe(false);

    const other = await seedSubscription(db.pool);
    await cancelSubscription(db.db, { subscriptionId: other.subscriptionId, atPeriodEnd: false });
    expect(await markSubscriptionPastDue(db.db, other.subscriptionId)).toBe(false);
    expect((await subscriptionRow(db.pool, other.subscriptionId)).status).toBe('canceled');
    expect(await markSubscriptionPastDue(db.db, randomUUID())).toBe(false);
  });
});
