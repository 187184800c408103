// Several items on one subscription (base + add-ons) and tiered prices, through the use cases on a real tenant database.
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../../test/support/migrated-tenant-db';
import { createPlan, createPrice } from '../../catalog';
import { getInvoice, listPendingInvoiceItems } from '../../invoicing';
import { cancelScheduledChange, changeSubscription, previewSubscriptionChange } from './change-subscription';
import { createSubscription } from './create-subscription';
import { getSubscription } from './get-subscription';

const SETTINGS = { invoicePrefix: 'ITM-', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;

describe('subscription items and tiered prices (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('subscription_items_uc');
  });
  afterAll(() => db.drop());

  const named = async (priceId: string, name: string) => db.pool.query('UPDATE plans SET name = $2 WHERE id = (SELECT plan_id FROM prices WHERE id = $1)', [priceId, name]);

  /** Seats in KES cents over 30-day periods: graduated 1–5 at 1,000 (+2,000 flat), 6+ at 800. */
  async function seatsPrice(tiersMode: 'graduated' | 'volume' = 'graduated') {
    const plan = await createPlan(db.db, { code: `seats-${Math.random().toString(36).slice(2, 8)}`, name: 'Seats' });
    return createPrice(db.db, {
      planId: plan.id, currency: 'KES', interval: 'day', intervalCount: 30, billingScheme: 'tiered', tiersMode,
      tiers: [{ upTo: 5, unitAmount: 100_000, flatAmount: 200_000 }, { upTo: null, unitAmount: 80_000 }],
    });
  }

  async function subscribed(daysIn: number) {
    const customerId = await seedCustomer(db.pool);
    const seats = await seatsPrice();
    const support = await seedPrice(db.pool, { unitAmount: 30_000n, interval: 'day', intervalCount: 30 });
    const sms = await seedPrice(db.pool, { unitAmount: 300n, interval: 'day', intervalCount: 30 });
    await named(support, 'Support');
    await named(sms, 'SMS pack');
    const startAt = new Date(Math.floor((Date.now() - daysIn * DAY_MS) / 1000) * 1000);
    const created = await createSubscription(db.db, SETTINGS, { customerId, priceId: seats.id, quantity: 7, items: [{ priceId: support, quantity: 2 }], startAt });
    // `daysIn` whole days after the period start (the start day's midnight).
    return { customerId, seats, support, sms, startAt, at: new Date(created.subscription.currentPeriodStart.getTime() + daysIn * DAY_MS), ...created };
  }

  it('creates the add-on items and bills every item on the first invoice, the tiered one tier by tier', async () => {
    const { subscription, firstInvoice, seats, support } = await subscribed(0);
    expect(subscription.items).toEqual([expect.objectContaining({ priceId: support, quantity: 2 })]);
    const invoice = await getInvoice(db.db, firstInvoice!.id);
    expect(invoice.lines.map((line) => [line.description.replace(/ \(.*\)$/, ''), line.quantity, line.unitAmount, line.amount, line.priceId])).toEqual([
      ['Seats – tier 1: units 1–5', 5, 100_000n, 500_000n, seats.id],
      ['Seats – tier 1: flat fee', 1, 200_000n, 200_000n, seats.id],
      ['Seats – tier 2: units 6–7', 2, 80_000n, 160_000n, seats.id],
      ['Support', 2, 30_000n, 60_000n, support],
    ]);
    expect(invoice.total).toBe(920_000n);
  });

  it('refuses an add-on in another currency or cycle, an unknown one or the base price again, naming items[i].priceId, creating nothing', async () => {
    const customerId = await seedCustomer(db.pool);
    const base = await seedPrice(db.pool, { unitAmount: 1_000n });
    const naira = await seedPrice(db.pool, { currency: 'NGN' });
    const yearly = await seedPrice(db.pool, { interval: 'year' });
    const count = async () => (await db.pool.query('SELECT count(*)::int AS n FROM subscriptions WHERE customer_id = $1', [customerId])).rows[0].n;
    for (const [items, field] of [
      [[{ priceId: yearly, quantity: 1 }, { priceId: naira }], 'items[0].priceId'],
      [[{ priceId: await seedPrice(db.pool) }, { priceId: naira }], 'items[1].priceId'],
      [[{ priceId: yearly }], 'items[0].priceId'],
      [[{ priceId: '7b0e2f44-98a1-4c1e-9a55-0d6f3c0d1a11' }], 'items[0].priceId'],
      [[{ priceId: 'not-a-uuid' }], 'items[0].priceId'],
      [[{ priceId: yearly, quantity: 0 }], 'items[0].quantity'],
    ] as const) {
      const attempt = createSubscription(db.db, SETTINGS, { customerId, priceId: base, quantity: 1, items: items as never });
      await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field }] } });
    }
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId: base, quantity: 1, items: [{ priceId: base }] })).rejects.toMatchObject({ details: { fields: [{ field: 'items[0].priceId' }] } });
    expect(await count()).toBe(0);
  });

  it('takes items[0] as the base item when priceId is omitted', async () => {
    const customerId = await seedCustomer(db.pool);
    const base = await seedPrice(db.pool, { unitAmount: 1_000n });
    const addOn = await seedPrice(db.pool, { unitAmount: 500n });
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, items: [{ priceId: base, quantity: 2 }, { priceId: addOn }] });
    expect(subscription).toMatchObject({ priceId: base, quantity: 2, items: [expect.objectContaining({ priceId: addOn, quantity: 1 })] });
    expect(firstInvoice!.total).toBe(2_500n);
  });

  it('adds an add-on mid-period with always_invoice: an invoice with its remaining time only, the other items not prorated', async () => {
    const { subscription, sms, at } = await subscribed(10);
    const result = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ priceId: sms, quantity: 100 }], prorationBehavior: 'always_invoice', prorationDate: at }, at);
    // 100 × 300 = 30,000 for a period, 20 of its 30 days left: 20,000.
    expect(result.preview.prorations).toMatchObject([{ amount: 20_000n, priceId: sms, description: expect.stringMatching(/^Remaining time on SMS pack × 100 after /) }]);
    const invoice = await getInvoice(db.db, result.invoice!.id);
    expect(invoice.lines.map((line) => line.amount)).toEqual([20_000n]);
    expect(result.subscription.items.map((item) => [item.priceId, item.quantity])).toEqual([
      [expect.any(String), 2],
      [sms, 100],
    ]);
    expect(result.preview.items).toEqual([
      { id: subscription.id, priceId: subscription.priceId, quantity: 7 },
      { id: subscription.items[0]!.id, priceId: subscription.items[0]!.priceId, quantity: 2 },
      { id: null, priceId: sms, quantity: 100 },
    ]);
  });

  it("changes an add-on's quantity and the tiered base's quantity at once: each prorated on its own tiered or unit amount", async () => {
    const { subscription, support, seats, at } = await subscribed(10);
    const supportItem = subscription.items[0]!;
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, items: [{ id: supportItem.id, quantity: 5 }, { id: subscription.id, quantity: 12 }], prorationDate: at }, at);
    // Seats 7 → 12: 860,000 → 1,260,000 a period; Support 2 → 5: 60,000 → 150,000; two thirds of the period left.
    expect(preview.prorations.map((line) => [line.priceId, line.amount])).toEqual([
      [seats.id, -573_333n],
      [seats.id, 840_000n],
      [support, -40_000n],
      [support, 100_000n],
    ]);
    const result = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ id: supportItem.id, quantity: 5 }, { id: subscription.id, quantity: 12 }], prorationDate: at }, at);
    expect(result.preview).toEqual(preview);
    expect((await listPendingInvoiceItems(db.pool, subscription.id)).map((item) => item.amount)).toEqual([-573_333n, 840_000n, -40_000n, 100_000n]);
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ quantity: 12, items: [expect.objectContaining({ id: supportItem.id, quantity: 5 })] });
  });

  it('takes a top-level priceId / quantity equal to the base item as no base change when items change', async () => {
    const { subscription, sms, at } = await subscribed(10);
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, priceId: subscription.priceId, quantity: 7, items: [{ priceId: sms }], prorationDate: at }, at);
    expect(preview.prorations.map((line) => line.priceId)).toEqual([sms]);
  });

  it('removes an add-on with a credit for its unused time only; the base item cannot be removed', async () => {
    const { subscription, support, at } = await subscribed(20);
    await expect(changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ id: subscription.id, deleted: true }] }, at)).rejects.toMatchObject({ details: { fields: [{ field: 'items[0].deleted' }] } });
    const result = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ id: subscription.items[0]!.id, deleted: true }], prorationDate: at }, at);
    expect(result.preview.prorations.map((line) => [line.priceId, line.amount])).toEqual([[support, -20_000n]]);
    expect(result.subscription.items).toEqual([]);
  });

  it('schedules item changes for period_end (add, change, the base via items): the pending change, previewed, nothing prorated, cancellable', async () => {
    const { subscription, seats, support, sms, at } = await subscribed(5);
    const supportItem = subscription.items[0]!;
    const request = {
      subscriptionId: subscription.id,
      items: [{ priceId: sms, quantity: 4 }, { id: supportItem.id, quantity: 3 }, { id: subscription.id, quantity: 8 }],
      effective: 'period_end' as const,
    };
    const preview = await previewSubscriptionChange(db.db, request, at);
    expect(preview).toMatchObject({ effective: 'period_end', prorationDate: null, prorations: [], prorationTotal: 0n, priceId: seats.id, quantity: 8 });
    expect(preview.items).toEqual([
      { id: subscription.id, priceId: seats.id, quantity: 8 },
      { id: supportItem.id, priceId: support, quantity: 3 },
      { id: null, priceId: sms, quantity: 4 },
    ]);
    // The renewal bills the new items: 8 seats graduated (5 × 1,000 + 2,000 flat + 3 × 800 = 9,400), support 3 × 300, SMS 4 × 3.
    expect(preview.nextInvoice).toMatchObject({ issuedAt: subscription.currentPeriodEnd, periodStart: subscription.currentPeriodEnd, total: 940_000n + 90_000n + 1_200n });

    const scheduled = await changeSubscription(db.db, SETTINGS, request, at);
    expect(scheduled).toMatchObject({ invoice: null, pendingInvoiceItems: [] });
    // Nothing changes now: the items stay until the period ends.
    expect(scheduled.subscription).toMatchObject({ quantity: 7, items: [{ id: supportItem.id, priceId: support, quantity: 2 }] });
    expect(scheduled.subscription.pendingChange).toMatchObject({
      priceId: seats.id,
      quantity: 8,
      items: [
        { id: supportItem.id, priceId: support, quantity: 3 },
        { id: null, priceId: sms, quantity: 4 },
      ],
    });
    expect(await listPendingInvoiceItems(db.pool, subscription.id)).toEqual([]);

    expect((await cancelScheduledChange(db.db, subscription.id)).pendingChange).toBeNull();
    // A base change alone still leaves the add-ons as they are (items null).
    const baseOnly = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, quantity: 9, effective: 'period_end' }, at);
    expect(baseOnly.subscription.pendingChange).toMatchObject({ quantity: 9, items: null });
    // A newer scheduled change replaces it; a change now replaces any scheduled one.
    expect((await changeSubscription(db.db, SETTINGS, request, at)).subscription.pendingChange).toMatchObject({ quantity: 8, items: [{ quantity: 3 }, { priceId: sms }] });
    const now = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ id: supportItem.id, quantity: 1 }], prorationBehavior: 'none' }, at);
    expect(now.subscription).toMatchObject({ pendingChange: null, items: [{ id: supportItem.id, quantity: 1 }] });
  });

  it('refuses a scheduled item change the way it refuses one now, naming the entry', async () => {
    const { subscription, at } = await subscribed(5);
    const usd = await seedPrice(db.pool, { currency: 'USD', interval: 'day', intervalCount: 30 });
    await expect(changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ priceId: usd }], effective: 'period_end' }, at)).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { fields: [{ field: 'items[0].priceId' }] },
    });
    await expect(changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, items: [{ id: subscription.id, deleted: true }], effective: 'period_end' }, at)).rejects.toMatchObject({
      details: { fields: [{ field: 'items[0].deleted' }] },
    });
    expect((await getSubscription(db.db, subscription.id)).pendingChange).toBeNull();
  });
});
