import { randomUUID } from 'node:crypto';
import { ErrorCode, MAX_INTERVAL_COUNT, startOfLocalDay } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../../test/support/migrated-tenant-db';
import { getInvoice } from '../../invoicing';
import { createSubscription } from './create-subscription';

const SETTINGS = { invoicePrefix: 'ACME-', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;

describe('createSubscription (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('create_sub_uc');
  });
  afterAll(() => db.drop());

  it('without a trial: active, first period invoiced at once (open, quantity × price, the period on the line)', async () => {
    const customerId = await seedCustomer(db.pool);
    const priceId = await seedPrice(db.pool, { unitAmount: 120000n });
    const startAt = new Date(Date.now() - DAY_MS);
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 2, startAt });
    // The start day is a whole day of service: the period starts at its midnight (the tenant's zone, UTC here).
    const dayStart = startOfLocalDay(startAt, 'UTC');
    expect(dayStart.getUTCHours() + dayStart.getUTCMinutes()).toBe(0);
    expect(subscription).toMatchObject({ customerId, priceId, status: 'active', quantity: 2, trialEnd: null, currentPeriodStart: dayStart, billingAnchor: dayStart });
    expect(firstInvoice).toMatchObject({ number: expect.stringMatching(/^ACME-\d{6}$/), total: 240000n, subscriptionId: subscription.id });

    const invoice = await getInvoice(db.db, firstInvoice!.id);
    expect(invoice).toMatchObject({ status: 'open', amountDue: 240000n, periodStart: dayStart, periodEnd: subscription.currentPeriodEnd });
    expect(invoice.lines).toMatchObject([{ quantity: 2, unitAmount: 120000n, amount: 240000n, priceId, periodStart: dayStart }]);
    // When it began, for reports (analytics counts live subscriptions by it): the backdated start day, not the insert time.
    expect((await db.pool.query("SELECT started_at FROM subscriptions WHERE id = $1", [subscription.id])).rows[0].started_at).toEqual(dayStart);
  });

  it("with the plan's trial: trialing until the trial ends, no invoice yet; trialDays overrides the plan", async () => {
    const customerId = await seedCustomer(db.pool);
    const priceId = await seedPrice(db.pool, { trialDays: 14 });
    const startAt = new Date();
    const trial = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt });
    expect(trial.firstInvoice).toBeNull();
    // 14 days from the start day's midnight: the trial ends at a midnight too.
    const trialEnd = new Date(startOfLocalDay(startAt, 'UTC').getTime() + 14 * DAY_MS);
    expect(trial.subscription).toMatchObject({ status: 'trialing', trialEnd, currentPeriodEnd: trialEnd, currentPeriodStart: startOfLocalDay(startAt, 'UTC') });

    const noTrial = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, trialDays: 0 });
    expect(noTrial.subscription.status).toBe('active');
    expect(noTrial.firstInvoice).not.toBeNull();
  });

  it('bills a weekly price of the largest interval count allowed for one period of 52 weeks', async () => {
    expect(MAX_INTERVAL_COUNT.week).toBe(52);
    const customerId = await seedCustomer(db.pool);
    const priceId = await seedPrice(db.pool, { interval: 'week', intervalCount: MAX_INTERVAL_COUNT.week });
    const startAt = new Date();
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt });
    expect(subscription.currentPeriodEnd).toEqual(new Date(startOfLocalDay(startAt, 'UTC').getTime() + 52 * 7 * DAY_MS));
    expect((await getInvoice(db.db, firstInvoice!.id)).periodEnd).toEqual(subscription.currentPeriodEnd);
  });

  it('refuses an unknown customer or price, an inactive price and a currency mismatch, creating nothing', async () => {
    const customerId = await seedCustomer(db.pool, 'USD');
    const priceId = await seedPrice(db.pool);
    const { rows: before } = await db.pool.query('SELECT count(*)::int AS n FROM subscriptions');
    await expect(createSubscription(db.db, SETTINGS, { customerId: randomUUID(), priceId, quantity: 1 })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'customerId' }] } });
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId: randomUUID(), quantity: 1 })).rejects.toMatchObject({ details: { fields: [{ field: 'priceId' }] } });
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1 })).rejects.toThrow(/the price is in KES but the customer is billed in USD/);
    const other = await seedCustomer(db.pool);
    await db.pool.query('UPDATE prices SET active = false WHERE id = $1', [priceId]);
    await expect(createSubscription(db.db, SETTINGS, { customerId: other, priceId, quantity: 1 })).rejects.toThrow(/no longer active/);
    const { rows: after } = await db.pool.query('SELECT count(*)::int AS n FROM subscriptions');
    expect(after).toEqual(before);
  });

  it('checks the limits the API checks (libs/domain), for callers without a DTO', async () => {
    const customerId = await seedCustomer(db.pool);
    const priceId = await seedPrice(db.pool);
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 0 })).rejects.toMatchObject({ details: { fields: [{ field: 'quantity' }] } });
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, trialDays: 366 })).rejects.toMatchObject({ details: { fields: [{ field: 'trialDays' }] } });
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1_000_000, trialDays: 365 });
    expect(subscription.status).toBe('trialing');
  });
});
