import { cancelSubscription, createSubscription, getSubscription } from '../subscriptions';
import { getInvoice, listInvoices } from '../invoicing';
import { createTaxRate, putTaxProfile } from '../tax';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { runBillingCycle } from './billing-cycle';

const SETTINGS = { invoicePrefix: 'ACME-', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describe('runBillingCycle (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeEach(async () => {
    db = await migratedTenantDb('billing_cycle_uc');
  });
  afterEach(() => db.drop());

  /** A monthly subscription started `days` ago (its first period invoiced), or trialing when trialDays is given. */
  async function subscribe(days: number, trialDays?: number) {
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool, { unitAmount: 99000n })]);
    return createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt: daysAgo(days), trialDays });
  }
  const invoicesOf = async (subscriptionId: string) => (await listInvoices(db.db, { limit: 100, subscriptionId })).data;

  it('renews a subscription whose period ended: one invoice for the next period, even when run twice or twice at once', async () => {
    const { subscription } = await subscribe(40);
    const asOf = new Date();
    const [first, concurrent] = await Promise.all([runBillingCycle(db.pool, SETTINGS, asOf), runBillingCycle(db.pool, SETTINGS, asOf)]);
    const again = await runBillingCycle(db.pool, SETTINGS, asOf);
    expect(first.invoicesIssued + concurrent.invoicesIssued + again.invoicesIssued).toBe(1);
    expect(first.subscriptionsRenewed + concurrent.subscriptionsRenewed + again.subscriptionsRenewed).toBe(1);

    const invoices = await invoicesOf(subscription.id);
    expect(invoices).toHaveLength(2);
    const renewed = await getSubscription(db.db, subscription.id);
    expect(renewed).toMatchObject({ status: 'active', currentPeriodStart: subscription.currentPeriodEnd });
    expect(invoices.find((invoice) => invoice.periodStart?.getTime() === subscription.currentPeriodEnd.getTime())).toMatchObject({ status: 'open', total: 99000n, periodEnd: renewed.currentPeriodEnd });
  });

  it("taxes renewals like every invoice: the Kenyan tenant's 16 % VAT on the renewed period", async () => {
    const { subscription } = await subscribe(40);
    const vat = await createTaxRate(db.db, { name: 'VAT 16%', country: 'KE', percentage: '16' });
    await putTaxProfile(db.db, { legalName: 'Savanna Telecom Ltd', country: 'KE', taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxRateId: vat.id });
    expect(await runBillingCycle(db.pool, SETTINGS, new Date())).toMatchObject({ invoicesIssued: 1 });
    const renewal = (await invoicesOf(subscription.id)).find((invoice) => invoice.periodStart?.getTime() === subscription.currentPeriodEnd.getTime())!;
    const invoice = await getInvoice(db.db, renewal.id);
    expect(invoice).toMatchObject({ subtotal: 99_000n, tax: 15_840n, total: 114_840n, taxTreatment: 'taxable' });
    expect(invoice.taxSummary).toEqual([{ code: 'VAT', percentage: '16', taxable: 99_000n, amount: 15_840n }]);
  });

  it('ends a trial through the machine: active, its first paid period invoiced', async () => {
    const { subscription, firstInvoice } = await subscribe(10, 5);
    expect(firstInvoice).toBeNull();
    const result = await runBillingCycle(db.pool, SETTINGS, new Date());
    expect(result).toMatchObject({ invoicesIssued: 1, subscriptionsRenewed: 1, subscriptionsEnded: 0, subscriptionsSkipped: [] });
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ status: 'active', currentPeriodStart: subscription.trialEnd });
    expect(await invoicesOf(subscription.id)).toMatchObject([{ periodStart: subscription.trialEnd, total: 99000n }]);
  });

  it('cancels a subscription set to cancel at period end when that period ends, without renewing it', async () => {
    const { subscription } = await subscribe(40);
    const canceledAt = daysAgo(20);
    await cancelSubscription(db.db, { subscriptionId: subscription.id, atPeriodEnd: true, at: canceledAt });
    const result = await runBillingCycle(db.pool, SETTINGS, new Date());
    expect(result).toMatchObject({ invoicesIssued: 0, subscriptionsRenewed: 0, subscriptionsEnded: 1 });
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: true, canceledAt, endedAt: subscription.currentPeriodEnd });
    expect(await invoicesOf(subscription.id)).toHaveLength(1);
  });

  it('skips and reports a subscription whose schedule cannot be computed, and bills the rest of the batch', async () => {
    const broken = await subscribe(40);
    const healthy = await subscribe(40);
    // A price stored before today's limits, whose next period boundary is past the representable dates.
    await db.pool.query(`UPDATE prices SET interval = 'day', interval_count = 200000000 WHERE id = $1`, [broken.subscription.priceId]);
    const result = await runBillingCycle(db.pool, SETTINGS, new Date(), 1);
    expect(result.subscriptionsSkipped).toEqual([{ subscriptionId: broken.subscription.id, reason: expect.stringMatching(/representable date range/) }]);
    expect(result).toMatchObject({ invoicesIssued: 1, subscriptionsRenewed: 1 });
    expect(await getSubscription(db.db, broken.subscription.id)).toEqual(broken.subscription);
    expect(await invoicesOf(healthy.subscription.id)).toHaveLength(2);
  });
});
