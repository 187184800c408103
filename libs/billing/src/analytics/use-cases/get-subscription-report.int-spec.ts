import { migratedTenantDb, MigratedTenantDb, seedCustomer, seedPrice } from '../../../../../test/support/migrated-tenant-db';
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
    // Began 60 days ago but recorded today (backdated), canceled now: live at the start of the last 30 days, churned in them.
    // Written as the subscriptions context writes it (started_at = its first period's start); analytics only reads.
    await tenant.pool.query(
      `INSERT INTO subscriptions (id, customer_id, price_id, status, quantity, billing_anchor, current_period_start, current_period_end, canceled_at, ended_at, created_at, updated_at, started_at)
       VALUES (gen_random_uuid(), $1, $2, 'canceled', 1, $3, $3, $4, $5, $5, $5, $5, $3)`,
      [await seedCustomer(tenant.pool), await seedPrice(tenant.pool), new Date(now.getTime() - 60 * DAY_MS), new Date(now.getTime() - 30 * DAY_MS), now],
    );

    const lastThirtyDays = await getSubscriptionReport(tenant.db, { from: new Date(now.getTime() - 30 * DAY_MS), to: new Date(now.getTime() + DAY_MS) });
    expect(lastThirtyDays).toMatchObject({ started: 0, ended: 1, churnRate: 1 });
    const lastNinetyDays = await getSubscriptionReport(tenant.db, { from: new Date(now.getTime() - 90 * DAY_MS), to: new Date(now.getTime() + DAY_MS) });
    expect(lastNinetyDays).toMatchObject({ started: 1, ended: 1 });
  });
});
