import { migratedTenantDb, MigratedTenantDb, seedCustomer, seedPrice } from '../../../../../test/support/migrated-tenant-db';
import { tenantDatabaseOn } from '@nova/tenant-db';
import { cancelSubscription, createSubscription } from '../../subscriptions';
import { getSubscriptionReport } from './get-subscription-report';

const DAY_MS = 86_400_000;

describe('subscription report: started, ended and churn by when subscriptions began (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('subscription_report_uc');
  });
  afterAll(() => tenant.drop());

  it('counts a backdated subscription as live from when it began, not from when it was created', async () => {
    const now = new Date();
    const priceId = await seedPrice(tenant.pool);
    // Began 60 days ago (recorded today), canceled now: it was live at the start of the last 30 days and churned in them.
    const { subscriptionId } = await createSubscription(tenantDatabaseOn(tenant.pool), { invoicePrefix: 'INV', paymentTermsDays: 14 }, {
      customerId: await seedCustomer(tenant.pool),
      priceId,
      quantity: 1,
      startAt: new Date(now.getTime() - 60 * DAY_MS),
    });
    await cancelSubscription(tenant.db, { subscriptionId, atPeriodEnd: false });

    const lastThirtyDays = await getSubscriptionReport(tenant.db, { from: new Date(now.getTime() - 30 * DAY_MS), to: new Date(now.getTime() + DAY_MS) });
    expect(lastThirtyDays).toMatchObject({ started: 0, ended: 1, churnRate: 1 });
    const lastNinetyDays = await getSubscriptionReport(tenant.db, { from: new Date(now.getTime() - 90 * DAY_MS), to: new Date(now.getTime() + DAY_MS) });
    expect(lastNinetyDays).toMatchObject({ started: 1, ended: 1 });
  });
});
