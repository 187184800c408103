// The invoicesPerMonth limit of the tenant's NovaBilling plan where what the tenant sold already
// meets what it asks for now: the billing cycle bills renewals past the limit (they count), a new
// subscription whose first period would pass it is refused. Real migrated tenant database.
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { createInvoice } from '../invoicing';
import { tenantCountedUsage } from '../platform-usage';
import { createSubscription } from '../subscriptions';
import { runBillingCycle } from './billing-cycle';

const DAY_MS = 86_400_000;
const settings = (invoicesPerMonth: number | null) => ({ invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth });
const line = { description: 'Consulting day', quantity: 1, unitAmount: 10_000n };

describe("the plan's invoicesPerMonth limit: subscriptions and the billing cycle", () => {
  let tenant: MigratedTenantDb;
  beforeEach(async () => {
    // A database per test: each starts with empty counters.
    tenant = await migratedTenantDb('cycle_plan_limit');
  });
  afterEach(() => tenant.drop());

  it('refuses a new subscription whose first period would pass the limit, and creates nothing', async () => {
    const customerId = await seedCustomer(tenant.pool, 'KES');
    const priceId = await seedPrice(tenant.pool);
    await createInvoice(tenant.db, settings(1), { customerId, lines: [line] });
    await expect(createSubscription(tenant.db, settings(1), { customerId, priceId, quantity: 1 })).rejects.toMatchObject({ details: { limit: { name: 'invoicesPerMonth' } } });
    expect((await tenant.pool.query('SELECT 1 FROM subscriptions')).rowCount).toBe(0);
    // A trial issues no invoice now: it is not refused.
    await expect(createSubscription(tenant.db, settings(1), { customerId, priceId, quantity: 1, trialDays: 7 })).resolves.toMatchObject({ firstInvoice: null });
  });

  it('the billing cycle bills every renewal past the limit (no revenue dropped); they count, so one-off invoices are refused', async () => {
    const customerId = await seedCustomer(tenant.pool, 'KES');
    const priceId = await seedPrice(tenant.pool, { interval: 'day' });
    // Backdated to four days ago, daily from that day's midnight: the first period now (within the limit), four more
    // (up to today's, which began at midnight) are due.
    await createSubscription(tenant.db, settings(2), { customerId, priceId, quantity: 1, startAt: new Date(Date.now() - 4 * DAY_MS) });
    const cycle = await runBillingCycle(tenant.pool, settings(2), new Date(), 100);
    expect(cycle.invoicesIssued).toBe(4);
    // Issued now, all five count in this month: past the maximum of 2.
    expect(await tenantCountedUsage(tenant.db, null)).toMatchObject({ invoicesPerMonth: 5 });
    await expect(createInvoice(tenant.db, settings(2), { customerId, lines: [line] })).rejects.toMatchObject({ code: ErrorCode.PlanLimitReached });
  });

});
