// Renewals of a subscription with several items (a tiered base and an add-on): the billing cycle bills every item,
// the coupon takes its share of all lines, and MRR counts every item at its tiered or unit amount.
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { runBillingCycle } from './billing-cycle';
import { getInvoice, listInvoices } from '../invoicing';
import { changeSubscription, createSubscription, getSubscription } from '../subscriptions';
import { createCoupon, createPlan, createPrice, deletePlan } from '../catalog';
import { getRevenueReport } from '../analytics';
import { createCustomer } from '../customers';
import { createTaxRate, putTaxProfile } from '../tax';

const SETTINGS = { invoicePrefix: 'REN', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;

describe('billing cycle with subscription items (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('subscription_items_cycle');
  });
  afterAll(() => db.drop());

  it('renews every item (volume tiers as one line and its flat fee, the add-on) with the coupon on the whole subtotal; MRR sums the items', async () => {
    const plan = await createPlan(db.db, { code: 'seats', name: 'Seats' });
    // Volume: 1–10 at 1,000, 11+ at 700 each plus a 5,000 platform fee.
    const seats = await createPrice(db.db, {
      planId: plan.id, currency: 'KES', interval: 'month', billingScheme: 'tiered', tiersMode: 'volume',
      tiers: [{ upTo: 10, unitAmount: 100_000 }, { upTo: 'inf', unitAmount: 70_000, flatAmount: 500_000 }],
    });
    const support = await seedPrice(db.pool, { unitAmount: 50_000n });
    await db.pool.query(`UPDATE plans SET name = 'Support' WHERE id = (SELECT plan_id FROM prices WHERE id = $1)`, [support]);
    const coupon = await createCoupon(db.db, { code: 'TEN', percentOff: 10, duration: 'forever' });
    const customerId = await seedCustomer(db.pool);
    const startAt = new Date(Date.now() - 40 * DAY_MS);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId: seats.id, quantity: 12, items: [{ priceId: support, quantity: 3 }], startAt, coupon: coupon.code });

    const result = await runBillingCycle(db.pool, SETTINGS, new Date());
    expect(result).toMatchObject({ invoicesIssued: 1, subscriptionsRenewed: 1, subscriptionsSkipped: [] });
    const invoices = (await listInvoices(db.db, { subscriptionId: subscription.id, limit: 10 } as never)).data;
    const renewal = invoices.find((invoice) => invoice.periodStart?.getTime() === subscription.currentPeriodEnd.getTime())!;
    const lines = (await getInvoice(db.db, renewal.id)).lines.map((line) => [line.description.replace(/ \(\d{4}.*\)$/, ''), line.quantity, line.amount]);
    // 12 × 700 = 8,400 + 5,000 flat + 3 × 500 = 14,900; 10% off: -1,490.
    expect(lines).toEqual([
      ['Seats – tier 2: 12 units', 12, 840_000n],
      ['Seats – tier 2: flat fee', 1, 500_000n],
      ['Support', 3, 150_000n],
      ['TEN (10% off)', 1, -149_000n],
    ]);
    expect((await getInvoice(db.db, renewal.id)).total).toBe(1_341_000n);

    const report = await getRevenueReport(db.db, {});
    expect(report.mrr).toEqual([{ currency: 'KES', amount: 1_490_000 }]);
  });

  it('applies a scheduled item change at renewal: the renewal bills the new items, the items are written, once however often the cycle runs', async () => {
    const [base, support, sms] = await Promise.all([seedPrice(db.pool, { unitAmount: 100_000n }), seedPrice(db.pool, { unitAmount: 20_000n }), seedPrice(db.pool, { unitAmount: 500n })]);
    await db.pool.query(`UPDATE plans SET name = CASE id WHEN (SELECT plan_id FROM prices WHERE id = $1) THEN 'Support' WHEN (SELECT plan_id FROM prices WHERE id = $2) THEN 'SMS pack' ELSE name END`, [support, sms]);
    const customerId = await seedCustomer(db.pool);
    // Monthly from 40 days ago: the first period ended some ten days ago and the cycle has not run.
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId: base, quantity: 1, items: [{ priceId: support, quantity: 2 }], startAt: new Date(Date.now() - 40 * DAY_MS) });
    const supportItem = subscription.items[0]!;
    const scheduled = await changeSubscription(db.db, SETTINGS, {
      subscriptionId: subscription.id,
      items: [{ id: supportItem.id, deleted: true }, { priceId: sms, quantity: 10 }, { id: subscription.id, quantity: 2 }],
      effective: 'period_end',
    });
    expect(scheduled.subscription.pendingChange).toMatchObject({ quantity: 2, items: [{ id: null, priceId: sms, quantity: 10 }] });

    await runBillingCycle(db.pool, SETTINGS, new Date());
    await runBillingCycle(db.pool, SETTINGS, new Date());
    const invoices = (await listInvoices(db.db, { subscriptionId: subscription.id, limit: 10 } as never)).data;
    expect(invoices).toHaveLength(2);
    const renewal = invoices.find((invoice) => invoice.periodStart?.getTime() === subscription.currentPeriodEnd.getTime())!;
    expect((await getInvoice(db.db, renewal.id)).lines.map((line) => [line.priceId, line.quantity, line.amount])).toEqual([
      [base, 2, 200_000n],
      [sms, 10, 5_000n],
    ]);
    const renewed = await getSubscription(db.db, subscription.id);
    expect(renewed).toMatchObject({ quantity: 2, pendingChange: null, currentPeriodStart: subscription.currentPeriodEnd });
    expect(renewed.items).toMatchObject([{ priceId: sms, quantity: 10 }]);
    expect(renewed.items[0]!.id).toEqual(expect.any(String));
  });

  it('skips and reports a subscription whose scheduled add-on price was deleted since (its plan deleted), billing nothing at 0', async () => {
    const [base, extra] = await Promise.all([seedPrice(db.pool, { unitAmount: 100_000n }), seedPrice(db.pool, { unitAmount: 7_000n })]);
    const customerId = await seedCustomer(db.pool);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId: base, quantity: 1, startAt: new Date(Date.now() - 40 * DAY_MS) });
    await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ priceId: extra }], effective: 'period_end' });
    // Nothing subscribes to the price yet (the schedule holds no foreign key): its plan can be deleted.
    const { rows } = await db.pool.query<{ plan_id: string }>('SELECT plan_id FROM prices WHERE id = $1', [extra]);
    await deletePlan(db.db, rows[0]!.plan_id);

    const result = await runBillingCycle(db.pool, SETTINGS, new Date());
    expect(result.subscriptionsSkipped).toEqual([{ subscriptionId: subscription.id, reason: expect.stringContaining(extra) }]);
    expect((await listInvoices(db.db, { subscriptionId: subscription.id, limit: 10 } as never)).data).toHaveLength(1);
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ currentPeriodStart: subscription.currentPeriodStart });
  });

  it('taxes every item line (KE VAT 16% exclusive) on the first invoice of a tiered base with an add-on', async () => {
    const tax = await migratedTenantDb('subscription_items_tax');
    try {
      const vat = await createTaxRate(tax.db, { name: 'VAT 16%', country: 'KE', percentage: '16' });
      await putTaxProfile(tax.db, { legalName: 'Savanna Telecom Ltd', country: 'KE', address: { city: 'Nairobi', country: 'KE' }, taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxRateId: vat.id });
      const plan = await createPlan(tax.db, { code: 'lines', name: 'Lines' });
      const lines = await createPrice(tax.db, { planId: plan.id, currency: 'KES', interval: 'month', billingScheme: 'tiered', tiersMode: 'graduated', tiers: [{ upTo: 2, unitAmount: 10_000 }, { upTo: null, unitAmount: 5_000, flatAmount: 1_000 }] });
      const addOn = await seedPrice(tax.pool, { unitAmount: 2_500n });
      const customer = await createCustomer(tax.db, { name: 'Mwangi Farms', email: 'mwangi@example.test', currency: 'KES', address: { city: 'Nairobi', country: 'KE' } }, { customers: null });
      const { firstInvoice } = await createSubscription(tax.db, SETTINGS, { customerId: customer.id, priceId: lines.id, quantity: 3, items: [{ priceId: addOn, quantity: 2 }] });
      const invoice = await getInvoice(tax.db, firstInvoice!.id);
      // 2 × 100 + 1 × 50 + 10 flat + 2 × 25 = 310.00; each line taxed at 16%.
      expect(invoice.lines.map((line) => [line.amount, line.taxAmount])).toEqual([
        [20_000n, 3_200n],
        [5_000n, 800n],
        [1_000n, 160n],
        [5_000n, 800n],
      ]);
      expect(invoice).toMatchObject({ subtotal: 31_000n, tax: 4_960n, total: 35_960n });
    } finally {
      await tax.drop();
    }
  });
});
