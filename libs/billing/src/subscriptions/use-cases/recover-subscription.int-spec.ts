import { randomUUID } from 'node:crypto';
import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedSubscription, subscriptionRow } from '../../../../../test/support/migrated-tenant-db';
import { cancelSubscription } from './cancel-subscription';
import { markSubscriptionPastDue } from './mark-subscription-past-due';
import { recoverSubscription } from './recover-subscription';

describe('recoverSubscription (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('recover_uc');
  });
  afterAll(() => db.drop());

  const recover = (subscriptionId: string) => inTransaction(db.pool, (client) => recoverSubscription(client, subscriptionId));

  it('reactivates a past-due subscription once; an active one is left as it is', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    expect(await recover(subscriptionId)).toBe(false);
    await markSubscriptionPastDue(db.db, subscriptionId);
    expect(await recover(subscriptionId)).toBe(true);
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('active');
    expect(await recover(subscriptionId)).toBe(false);
  });

  it('never revives a canceled subscription, and ignores an unknown one', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    await markSubscriptionPastDue(db.db, subscriptionId);
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false });
    expect(await recover(subscriptionId)).toBe(false);
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('canceled');
    expect(await recover(randomUUID())).toBe(false);
  });
});
