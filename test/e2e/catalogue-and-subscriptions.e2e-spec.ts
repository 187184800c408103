// The catalogue (products, plans, prices) and the subscription lifecycle beyond the happy path:
// archiving instead of deleting what invoices refer to, trials, cancel now or at period end.
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const DAY = 86_400_000;

describe('catalogue and subscriptions', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
  });

  afterAll(() => app?.close());

  const cycle = async () => (await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body;

  it('manages products and plans, and keeps what subscriptions refer to', async () => {
    const product = await tenant.as.post('/api/products').send({ name: 'Broadband', description: 'Home fibre' }).expect(201);
    await tenant.as.patch(`/api/products/${product.body.id}`).send({ name: 'Home Broadband' }).expect(200).expect((res) => expect(res.body.name).toBe('Home Broadband'));
    const plan = await tenant.as.post('/api/plans').send({ code: 'home-50', name: 'Home 50', productId: product.body.id }).expect(201);
    await tenant.as.post('/api/plans').send({ code: 'home-50', name: 'Duplicate' }).expect(409);
    await tenant.as.post('/api/plans').send({ code: 'orphan', name: 'Orphan', productId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    await tenant.as.delete(`/api/products/${product.body.id}`).expect(409); // it has a plan

    await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'INR', unitAmount: 99_900, interval: 'month', intervalCount: 37 }).expect(400);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'INR', unitAmount: 99_900, interval: 'month', nickname: 'Monthly' }).expect(201);
    const listed = await tenant.as.get(`/api/plans/${plan.body.id}/prices`).expect(200);
    expect(listed.body).toMatchObject({ data: [{ id: price.body.id }], nextCursor: null, hasMore: false });

    const customer = await tenant.as.post('/api/customers').send({ name: 'Priya', email: 'priya@example.in', currency: 'INR' }).expect(201);
    await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    await tenant.as.delete(`/api/plans/${plan.body.id}`).expect(409);
    await tenant.as.delete(`/api/customers/${customer.body.id}`).expect(409);
    await tenant.as.patch(`/api/plans/${plan.body.id}`).send({ active: false }).expect(200);
    const other = await tenant.as.post('/api/customers').send({ name: 'Other', email: 'other@example.in' }).expect(201);
    const refused = await tenant.as.post('/api/subscriptions').send({ customerId: other.body.id, priceId: price.body.id }).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'priceId' })]);
    await tenant.as.delete(`/api/customers/${other.body.id}`).expect(204);
    await tenant.as.get(`/api/customers/${other.body.id}`).expect(404);
  });

  it('refuses a price in another currency than the customer is billed in', async () => {
    const plan = await tenant.as.post('/api/plans').send({ code: 'ngn-only', name: 'NGN only' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 500_000, interval: 'month' }).expect(201);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Kwame', email: 'kwame@example.gh', currency: 'GHS' }).expect(201);
    const response = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(400);
    expect(response.body.message).toContain('GHS');
  });

  it('starts trials without an invoice and bills the first period when the trial ends', async () => {
    const plan = await tenant.as.post('/api/plans').send({ code: 'trial', name: 'With trial', trialDays: 14 }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'KES', unitAmount: 100_000, interval: 'month' }).expect(201);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Achieng', email: 'achieng@example.co.ke' }).expect(201);
    const fresh = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    expect(fresh.body).toMatchObject({ status: 'trialing', firstInvoiceId: null });
    expect(new Date(fresh.body.trialEnd).getTime() - new Date(fresh.body.currentPeriodStart).getTime()).toBe(14 * DAY);

    // A trial that started 15 days ago has ended: the cycle activates it and bills its first month.
    const ended = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt: new Date(Date.now() - 15 * DAY).toISOString() }).expect(201);
    expect(ended.body.status).toBe('trialing');
    await cycle();
    const after = await tenant.as.get(`/api/subscriptions/${ended.body.id}`).expect(200);
    expect(after.body.status).toBe('active');
    expect(after.body.currentPeriodStart).toBe(ended.body.trialEnd);
    const invoices = await tenant.as.get(`/api/invoices?subscriptionId=${ended.body.id}`).expect(200);
    expect(invoices.body.data).toHaveLength(1);
    expect(invoices.body.data[0]).toMatchObject({ total: 100_000, periodStart: ended.body.trialEnd });
    expect((await tenant.as.get(`/api/subscriptions/${fresh.body.id}`).expect(200)).body.status).toBe('trialing');
  });

  it('cancels now, or at period end when the cycle ends it without another invoice', async () => {
    const plan = await tenant.as.post('/api/plans').send({ code: 'weekly', name: 'Weekly' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 700, interval: 'week' }).expect(201);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Sam', email: 'sam@example.com' }).expect(201);

    const now = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    const canceled = await tenant.as.post(`/api/subscriptions/${now.body.id}/cancel`).send({}).expect(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: false });
    expect(canceled.body.endedAt).not.toBeNull();
    await tenant.as.post(`/api/subscriptions/${now.body.id}/cancel`).send({}).expect(409);

    // Started 8 days ago: its first week has ended; set to cancel at period end, the cycle ends it.
    const later = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt: new Date(Date.now() - 8 * DAY).toISOString() }).expect(201);
    const pending = await tenant.as.post(`/api/subscriptions/${later.body.id}/cancel`).send({ atPeriodEnd: true }).expect(200);
    expect(pending.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    await tenant.as.post(`/api/subscriptions/${later.body.id}/cancel`).send({ atPeriodEnd: true }).expect(409);
    const result = await cycle();
    expect(result.subscriptionsEnded).toBeGreaterThanOrEqual(1);
    const ended = await tenant.as.get(`/api/subscriptions/${later.body.id}`).expect(200);
    expect(ended.body).toMatchObject({ status: 'canceled', endedAt: later.body.currentPeriodEnd });
    const invoices = await tenant.as.get(`/api/invoices?subscriptionId=${later.body.id}`).expect(200);
    expect(invoices.body.data).toHaveLength(1); // only the first week's

    const listed = await tenant.as.get(`/api/subscriptions?customerId=${customer.body.id}&status=canceled`).expect(200);
    expect(listed.body.data.map((s: { id: string }) => s.id).sort()).toEqual([now.body.id, later.body.id].sort());
  });
});
