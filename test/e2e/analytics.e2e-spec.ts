// Dashboard analytics over a tenant whose numbers are known: MRR across intervals, revenue per
// month, subscription flows (churn by when subscriptions began, backdated ones included), customers
// and receivables aging.
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('analytics', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
  });

  afterAll(() => app?.close());

  it('reports MRR, revenue, subscriptions, customers and aging per currency', async () => {
    const plan = await tenant.as.post('/api/plans').send({ code: 'pro', name: 'Pro' }).expect(201);
    const monthly = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 1_000, interval: 'month' }).expect(201);
    const yearly = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 12_000, interval: 'year' }).expect(201);
    const kes = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'KES', unitAmount: 700, interval: 'week' }).expect(201);

    const customer = async (n: number) => (await tenant.as.post('/api/customers').send({ name: `A${n}`, email: `a${n}@example.test` }).expect(201)).body.id;
    const [c1, c2, c3, c4] = await Promise.all([customer(1), customer(2), customer(3), customer(4)]);
    const s1 = await tenant.as.post('/api/subscriptions').send({ customerId: c1, priceId: monthly.body.id, quantity: 2 }).expect(201);
    await tenant.as.post('/api/subscriptions').send({ customerId: c2, priceId: yearly.body.id }).expect(201);
    await tenant.as.post('/api/subscriptions').send({ customerId: c3, priceId: kes.body.id }).expect(201);
    const s4 = await tenant.as.post('/api/subscriptions').send({ customerId: c4, priceId: monthly.body.id }).expect(201);
    await tenant.as.post(`/api/subscriptions/${s4.body.id}/cancel`).send({}).expect(200);
    await tenant.as.post(`/api/invoices/${s1.body.firstInvoiceId}/mark-paid`).send({}).expect(200);

    const revenue = await tenant.asAdmin.get('/api/analytics/revenue').expect(200);
    // USD: 2 × 1,000 monthly + 12,000 / 12 yearly = 3,000; KES: 700 × 365 / 84 = 3,041.67 → 3,042.
    expect(revenue.body.mrr).toEqual([{ currency: 'KES', amount: 3_042 }, { currency: 'USD', amount: 3_000 }]);
    const month = new Date().toISOString().slice(0, 7);
    const usd = revenue.body.months.find((row: { month: string; currency: string }) => row.month === month && row.currency === 'USD');
    expect(usd).toEqual({ month, currency: 'USD', invoiced: 2_000 + 12_000 + 1_000, collected: 2_000, refunded: 0 });
    expect(revenue.body.outstanding).toEqual(expect.arrayContaining([{ currency: 'USD', amount: 13_000 }, { currency: 'KES', amount: 700 }]));

    const subscriptions = await tenant.as.get('/api/analytics/subscriptions').expect(200);
    expect(subscriptions.body).toMatchObject({ byStatus: { active: 3, canceled: 1 }, started: 4, ended: 1 });

    const customers = await tenant.as.get('/api/analytics/customers').expect(200);
    expect(customers.body).toEqual({ object: 'customer_report', total: 4, withLiveSubscription: 3, newPerMonth: [{ month, count: 4 }], livemode: true });

    const aging = await tenant.as.get('/api/analytics/aging').expect(200);
    expect(aging.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ currency: 'USD', current: 13_000, days1To30: 0, over90: 0, invoices: 2 })]),
    );

    await tenant.as.get('/api/analytics/revenue?from=2026-13-01').expect(400);
    await tenant.as.get('/api/analytics/revenue?from=2027-01-01&to=2026-01-01').expect(400);
  });

  it('counts churn by when subscriptions began: a backdated one was live at the start of the period it ends in', async () => {
    const own = await registerTenant(app);
    const plan = (await own.as.post('/api/plans').send({ code: 'backdated', name: 'Backdated' }).expect(201)).body;
    const price = (await own.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'USD', unitAmount: 1_000, interval: 'month' }).expect(201)).body;
    const customerId = (await own.as.post('/api/customers').send({ name: 'Back', email: 'back@example.test' }).expect(201)).body.id;
    const day = 86_400_000;
    // Began 60 days ago, recorded (created) today and canceled today.
    const subscription = (await own.as.post('/api/subscriptions').send({ customerId, priceId: price.id, startAt: new Date(Date.now() - 60 * day).toISOString() }).expect(201)).body;
    await own.as.post(`/api/subscriptions/${subscription.id}/cancel`).send({}).expect(200);
    const flows = async (daysBack: number) =>
      (await own.as.get('/api/analytics/subscriptions').query({ from: new Date(Date.now() - daysBack * day).toISOString(), to: new Date(Date.now() + day).toISOString() }).expect(200)).body;
    // The last 30 days: live at their start (created_at would say it did not exist yet), ended in them: churn 100 %.
    expect(await flows(30)).toMatchObject({ started: 0, ended: 1, churnRate: 1 });
    // The last 90 days: it began in them, so nothing was live at their start.
    expect(await flows(90)).toMatchObject({ started: 1, ended: 1, churnRate: null });
  });
});
