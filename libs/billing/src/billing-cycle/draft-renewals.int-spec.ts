// The billing cycle with a draft delay (real tenant database): the renewal is a draft the worker's
// finalization picks up once due, and a cancellation with proration while it is still a draft
// credits the unused time on the draft itself, so the finalized invoice charges only the time used.
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { finalizeDueDrafts, getInvoice, listInvoices } from '../invoicing';
import { cancelSubscription, createSubscription } from '../subscriptions';
import { runBillingCycle } from './billing-cycle';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null, draftFinalizeDelayMinutes: 60 };
const DAY_MS = 86_400_000;

describe('renewals as drafts (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('draft_renewals');
  });
  afterAll(() => db.drop());

  it('issues the renewal as a draft due an hour later; canceled with proration meanwhile, it charges only the time used', async () => {
    const customerId = await seedCustomer(db.pool, 'KES');
    const price = await seedPrice(db.pool, { unitAmount: 10_000n, interval: 'day', intervalCount: 10 });
    // 10-day periods; started 15 days ago: period 0 at creation, period 1 (5 days in) by the cycle.
    const startAt = new Date(Math.floor((Date.now() - 15 * DAY_MS) / 1000) * 1000);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId: price, quantity: 1, startAt });
    const before = Date.now();
    expect(await runBillingCycle(db.pool, SETTINGS, new Date())).toMatchObject({ invoicesIssued: 1 });
    const renewal = (await listInvoices(db.db, { limit: 10, subscriptionId: subscription.id, status: 'draft' })).data[0]!;
    expect(renewal).toMatchObject({ number: null, total: 10_000n });
    expect(renewal.autoFinalizeAt!.getTime() - before).toBeGreaterThanOrEqual(3_600_000);
    expect(await finalizeDueDrafts(db.pool, SETTINGS)).toBe(0);

    // Canceled exactly halfway through period 1: half its price is credited on the draft, no credit note.
    const periodStart = renewal.periodStart!;
    const canceled = await cancelSubscription(db.db, { subscriptionId: subscription.id, atPeriodEnd: false, prorate: true, at: new Date(periodStart.getTime() + 5 * DAY_MS) });
    expect(canceled.creditNote).toBeNull();
    const credited = await getInvoice(db.db, renewal.id);
    expect(credited).toMatchObject({ status: 'draft', total: 5_000n });
    expect(credited.lines.map((line) => line.amount)).toEqual([10_000n, -5_000n]);

    // Its hour over, the worker's finalization numbers it at the used half.
    expect(await finalizeDueDrafts(db.pool, SETTINGS, new Date(Date.now() + 3_601_000))).toBe(1);
    expect(await getInvoice(db.db, renewal.id)).toMatchObject({ status: 'open', number: 'INV-000002', total: 5_000n, amountDue: 5_000n });
  });
});
