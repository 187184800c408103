import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../../test/support/migrated-tenant-db';
import { getCustomerBalances } from '../../customers';
import { getInvoice, listPendingInvoiceItems } from '../../invoicing';
import { cancelSubscription } from './cancel-subscription';
import { cancelScheduledChange, changeSubscription, previewSubscriptionChange } from './change-subscription';
import { createSubscription } from './create-subscription';
import { getSubscription } from './get-subscription';

const SETTINGS = { invoicePrefix: 'CHG-', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;

describe('changeSubscription and previewSubscriptionChange (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('change_sub_uc');
  });
  afterAll(() => db.drop());

  /**
   * A subscription to "Basic" (1000 per 30-day period) started `daysIn` days ago, and a "Pro" price (3000) of the same
   * cycle: a change at `at`, `daysIn` days after the period's start (the start day's midnight), prorates by whole days.
   */
  async function subscribed(daysIn: number, options: { trialDays?: number; quantity?: number } = {}) {
    const customerId = await seedCustomer(db.pool);
    const basic = await seedPrice(db.pool, { unitAmount: 1000n, interval: 'day', intervalCount: 30 });
    const pro = await seedPrice(db.pool, { unitAmount: 3000n, interval: 'day', intervalCount: 30 });
    await db.pool.query(`UPDATE plans SET name = CASE WHEN id = (SELECT plan_id FROM prices WHERE id = $1) THEN 'Basic' ELSE name END`, [basic]);
    const startAt = new Date(Math.floor((Date.now() - daysIn * DAY_MS) / 1000) * 1000);
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, priceId: basic, quantity: options.quantity ?? 1, startAt, trialDays: options.trialDays ?? 0 });
    const at = new Date(subscription.currentPeriodStart.getTime() + daysIn * DAY_MS);
    return { customerId, basic, pro, subscription, firstInvoice, at };
  }

  it('upgrade now with create_prorations: the new price from now, -500 and +1500 waiting for the next invoice, nothing invoiced yet', async () => {
    const { basic, pro, subscription, at } = await subscribed(15);
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, priceId: pro, prorationDate: at }, at);
    expect(preview).toMatchObject({ effective: 'now', prorationBehavior: 'create_prorations', prorationDate: at, prorationTotal: 1000n, priceId: pro, quantity: 1 });
    expect(preview.prorations).toMatchObject([
      { amount: -500n, priceId: basic, description: `Unused time on Basic after ${at.toISOString().replace('.000Z', 'Z')}`, periodStart: at, periodEnd: subscription.currentPeriodEnd },
      { amount: 1500n, priceId: pro, description: expect.stringMatching(/^Remaining time on Pro after /) },
    ]);
    // The renewal: Pro's next period (3000) plus both proration lines.
    expect(preview.nextInvoice).toMatchObject({ issuedAt: subscription.currentPeriodEnd, periodStart: subscription.currentPeriodEnd, total: 4000n });
    expect(preview.nextInvoice!.lines.map((line) => line.amount)).toEqual([3000n, -500n, 1500n]);
    expect(await listPendingInvoiceItems(db.pool, subscription.id)).toEqual([]); // the preview wrote nothing

    const result = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, priceId: pro, prorationDate: at }, at);
    expect(result.preview).toEqual(preview);
    expect(result.invoice).toBeNull();
    expect(result.subscription).toMatchObject({ priceId: pro, quantity: 1, currentPeriodEnd: subscription.currentPeriodEnd, pendingChange: null });
    const waiting = await listPendingInvoiceItems(db.pool, subscription.id);
    expect(waiting).toMatchObject([
      { amount: -500n, priceId: basic, invoiceId: null },
      { amount: 1500n, priceId: pro, invoiceId: null },
    ]);
    expect(result.pendingInvoiceItems.map((item) => item.id)).toEqual(waiting.map((item) => item.id));
  });

  it('a quantity change 1 → 3 on the same price prorates the seats', async () => {
    const { basic, subscription, at } = await subscribed(10);
    const result = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, quantity: 3, prorationDate: at }, at);
    // 20 of 30 days left: 1000 × 2/3 = 666.67 → 667 credit (complement of 333 used); 3000 × 2/3 = 2000.
    expect(result.preview.prorations).toMatchObject([
      { amount: -667n, priceId: basic },
      { amount: 2000n, priceId: basic, description: expect.stringMatching(/^Remaining time on Basic × 3 after /) },
    ]);
    expect(result.subscription).toMatchObject({ priceId: basic, quantity: 3 });
  });

  it('downgrade now with always_invoice: a proration invoice at once, its net credit on the customer balance', async () => {
    const { customerId, basic, pro, at: _ } = await subscribed(0);
    // Start on Pro this time: 10 days in, down to Basic.
    const startAt = new Date(Math.floor((Date.now() - 10 * DAY_MS) / 1000) * 1000);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId: pro, quantity: 1, startAt });
    const at = new Date(subscription.currentPeriodStart.getTime() + 10 * DAY_MS);
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, priceId: basic, prorationBehavior: 'always_invoice', prorationDate: at }, at);
    expect(preview.prorations.map((line) => line.amount)).toEqual([-2000n, 667n]);
    expect(preview.nextInvoice).toMatchObject({ total: -1333n, periodStart: null });

    const before = (await getCustomerBalances(db.db, customerId)).find((balance) => balance.currency === 'KES')?.balance ?? 0n;
    const result = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, priceId: basic, prorationBehavior: 'always_invoice', prorationDate: at }, at);
    expect(result.invoice).toMatchObject({ total: -1333n, amountDue: 0n, subscriptionId: subscription.id });
    const invoice = await getInvoice(db.db, result.invoice!.id);
    expect(invoice).toMatchObject({ status: 'paid', total: preview.nextInvoice!.total });
    expect(invoice.lines.map((line) => [line.description.split(' after ')[0], line.amount])).toEqual([
      ['Unused time on Pro', -2000n],
      ['Remaining time on Basic', 667n],
    ]);
    const after = (await getCustomerBalances(db.db, customerId)).find((balance) => balance.currency === 'KES')!.balance;
    expect(after - before).toBe(1333n);
    expect(await listPendingInvoiceItems(db.pool, subscription.id)).toEqual([]);
  });

  it('proration behaviour none changes the price and bills nothing; a change during a trial prorates nothing', async () => {
    const { pro, subscription, at } = await subscribed(5);
    const none = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, priceId: pro, prorationBehavior: 'none' }, at);
    expect(none).toMatchObject({ invoice: null, pendingInvoiceItems: [], subscription: { priceId: pro } });
    expect(none.preview.prorations).toEqual([]);

    const trial = await subscribed(3, { trialDays: 14 });
    const changed = await changeSubscription(db.db, SETTINGS, { subscriptionId: trial.subscription.id, priceId: trial.pro, quantity: 2, prorationBehavior: 'always_invoice' }, trial.at);
    expect(changed).toMatchObject({ invoice: null, pendingInvoiceItems: [], subscription: { status: 'trialing', priceId: trial.pro, quantity: 2 } });
    // The trial's end bills the new price and quantity.
    expect(changed.preview.nextInvoice).toMatchObject({ issuedAt: trial.subscription.trialEnd, total: 6000n });
  });

  it('at period end: stored as pendingChange (price unchanged until then), replaced by a newer change, cancellable once', async () => {
    const { basic, pro, subscription, at } = await subscribed(5);
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, priceId: pro, quantity: 2, effective: 'period_end' }, at);
    expect(preview).toMatchObject({ prorationDate: null, prorations: [], prorationTotal: 0n, nextInvoice: { total: 6000n, periodStart: subscription.currentPeriodEnd } });
    const scheduled = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, priceId: pro, quantity: 2, effective: 'period_end' }, at);
    expect(scheduled.subscription).toMatchObject({ priceId: basic, quantity: 1, pendingChange: { priceId: pro, quantity: 2, requestedAt: at } });
    expect(await listPendingInvoiceItems(db.pool, subscription.id)).toEqual([]);

    const cleared = await cancelScheduledChange(db.db, subscription.id);
    expect(cleared.pendingChange).toBeNull();
    await expect(cancelScheduledChange(db.db, subscription.id)).rejects.toMatchObject({ code: ErrorCode.Conflict });

    await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, quantity: 4, effective: 'period_end' }, at);
    const replaced = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, priceId: pro, prorationBehavior: 'none' }, at);
    expect(replaced.subscription).toMatchObject({ priceId: pro, pendingChange: null });
  });

  it('refuses bad changes naming the field, and changes nothing', async () => {
    const { subscription, at } = await subscribed(5);
    const usd = await seedPrice(db.pool, { currency: 'USD', interval: 'day', intervalCount: 30 });
    const monthly = await seedPrice(db.pool, { interval: 'month' });
    const change = (extra: object) => changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, ...extra }, at);
    await expect(change({ priceId: usd })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'priceId' }] } });
    await expect(change({ priceId: monthly })).rejects.toThrow(/same billing cycle/);
    await expect(change({ priceId: randomUUID() })).rejects.toThrow(/does not exist/);
    await expect(change({})).rejects.toMatchObject({ details: { fields: [{ field: 'priceId' }] } });
    await expect(change({ quantity: 0 })).rejects.toMatchObject({ details: { fields: [{ field: 'quantity' }] } });
    await expect(change({ quantity: 2, prorationBehavior: 'sometimes' })).rejects.toMatchObject({ details: { fields: [{ field: 'prorationBehavior' }] } });
    await expect(change({ quantity: 2, effective: 'later' })).rejects.toMatchObject({ details: { fields: [{ field: 'effective' }] } });
    await expect(change({ quantity: 2, prorationDate: new Date(subscription.currentPeriodStart.getTime() - 1000) })).rejects.toMatchObject({ details: { fields: [{ field: 'prorationDate' }] } });
    await expect(changeSubscription(db.db, SETTINGS, { subscriptionId: randomUUID(), quantity: 2 })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ priceId: subscription.priceId, quantity: 1, pendingChange: null });

    await cancelSubscription(db.db, { subscriptionId: subscription.id, atPeriodEnd: true });
    await expect(change({ quantity: 2, effective: 'period_end' })).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { fields: [{ field: 'effective' }] } });
    await cancelSubscription(db.db, { subscriptionId: subscription.id, atPeriodEnd: false });
    await expect(change({ quantity: 2 })).rejects.toMatchObject({ code: ErrorCode.Conflict });
  });
});
