// Coupons over HTTP: made, applied at subscription creation, to a subscription or a customer,
// shown as discount lines on invoices (and their PDF), refused naming the field; on a renewal
// draft the discount follows the edited lines and leaves the draft when it is removed.
import { downloadPdfText } from '../support/read-pdf';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('coupons', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let priceId: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    const plan = (await tenant.as.post('/api/plans').send({ code: 'coupon-plan', name: 'Hosting' }).expect(201)).body;
    priceId = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 300_000, interval: 'month' }).expect(201)).body.id;
  });
  afterAll(() => app?.close());

  const customer = async (email: string) => (await tenant.as.post('/api/customers').send({ name: 'Customer', email, currency: 'KES' }).expect(201)).body.id as string;

  it('a coupon at subscription creation is a discount line on the first invoice, its JSON and its PDF', async () => {
    const coupon = (await tenant.as.post('/api/coupons').send({ code: 'LAUNCH15', name: 'Launch', percentOff: 15, duration: 'repeating', durationInMonths: 6, maxRedemptions: 50 }).expect(201)).body;
    expect(coupon).toMatchObject({ object: 'coupon', code: 'LAUNCH15', percentOff: 15, amountOff: null, duration: 'repeating', durationInMonths: 6, timesRedeemed: 0, active: true });
    const created = (await tenant.as.post('/api/subscriptions').send({ customerId: await customer('launch@example.test'), priceId, coupon: 'LAUNCH15' }).expect(201)).body;
    const invoice = (await tenant.as.get(`/api/invoices/${created.firstInvoiceId}`).expect(200)).body;
    expect(invoice.total).toBe(255_000);
    expect(invoice.lines.map((line: { description: string; amount: number }) => [line.description, line.amount])).toEqual([[expect.stringContaining('Hosting'), 300_000], ['LAUNCH15 (15% off)', -45_000]]);
    expect(await downloadPdfText(tenant.as.get(`/api/invoices/${created.firstInvoiceId}/pdf`))).toContain('LAUNCH15 (15% off)');

    const discount = (await tenant.as.get(`/api/subscriptions/${created.id}/discount`).expect(200)).body;
    expect(discount).toMatchObject({ object: 'discount', subscriptionId: created.id, invoicesDiscounted: 1, coupon: { code: 'LAUNCH15', timesRedeemed: 1 } });
    expect(new Date(discount.end).getTime()).toBeGreaterThan(Date.now() + 150 * 86_400_000);
    expect((await tenant.as.get('/api/coupons').expect(200)).body).toMatchObject({ object: 'list', data: [expect.objectContaining({ code: 'LAUNCH15', timesRedeemed: 1 })] });
  });

  it("applies to a customer's subscriptions, is replaced and removed, and archived coupons are refused", async () => {
    const customerId = await customer('loyal@example.test');
    await tenant.as.post('/api/coupons').send({ code: 'FLAT500', amountOff: 50_000, currency: 'KES', duration: 'forever' }).expect(201);
    expect((await tenant.as.post(`/api/customers/${customerId}/discount`).send({ coupon: 'FLAT500' }).expect(200)).body).toMatchObject({ customerId, subscriptionId: null });
    const created = (await tenant.as.post('/api/subscriptions').send({ customerId, priceId }).expect(201)).body;
    expect((await tenant.as.get(`/api/invoices/${created.firstInvoiceId}`).expect(200)).body.total).toBe(250_000);
    await tenant.as.get(`/api/subscriptions/${created.id}/discount`).expect(404); // the customer's, not its own

    await tenant.as.delete(`/api/customers/${customerId}/discount`).expect(204);
    await tenant.as.get(`/api/customers/${customerId}/discount`).expect(404);
    const again = (await tenant.as.post('/api/subscriptions').send({ customerId, priceId }).expect(201)).body;
    expect((await tenant.as.get(`/api/invoices/${again.firstInvoiceId}`).expect(200)).body.total).toBe(300_000);

    const archived = (await tenant.as.post('/api/coupons').send({ code: 'OLD', percentOff: 5, duration: 'once' }).expect(201)).body;
    expect((await tenant.as.patch(`/api/coupons/${archived.id}`).send({ active: false }).expect(200)).body.active).toBe(false);
    const refused = await tenant.as.post(`/api/subscriptions/${again.id}/discount`).send({ coupon: 'OLD' }).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'coupon', message: 'the coupon is archived' })]);
  });

  it('refuses bad coupons naming the field, and duplicates with 409', async () => {
    const field = async (body: object) => (await tenant.as.post('/api/coupons').send(body).expect(400)).body.fields.map((problem: { field: string }) => problem.field);
    expect(await field({ code: 'X1', duration: 'once' })).toContain('percentOff');
    expect(await field({ code: 'X2', percentOff: 12.345, duration: 'once' })).toContain('percentOff');
    expect(await field({ code: 'X3', amountOff: 100, duration: 'once' })).toContain('currency');
    expect(await field({ code: 'X4', percentOff: 10, duration: 'repeating' })).toContain('durationInMonths');
    expect(await field({ code: 'has space', percentOff: 10, duration: 'once' })).toContain('code');
    expect(await field({ code: 'X5', percentOff: 10, duration: 'weekly' })).toContain('duration');
    await tenant.as.post('/api/coupons').send({ code: 'DUP', percentOff: 10, duration: 'once' }).expect(201);
    await tenant.as.post('/api/coupons').send({ code: 'DUP', percentOff: 20, duration: 'once' }).expect(409);
    await tenant.as.post('/api/subscriptions').send({ customerId: await customer('nobody@example.test'), priceId, coupon: 'NOPE' }).expect(400);
  });

  it("recomputes a renewal draft's discount on its edited lines and at finalization, and drops a removed one", async () => {
    await tenant.asAdmin.patch('/api/tenants/me').send({ draftFinalizeDelayMinutes: 60 }).expect(200);
    try {
      const plan = (await tenant.as.post('/api/plans').send({ code: 'coupon-daily', name: 'Daily' }).expect(201)).body;
      const daily = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 10_000, interval: 'day' }).expect(201)).body.id;
      const coupon = (await tenant.as.post('/api/coupons').send({ code: 'DRAFT15', percentOff: 15, duration: 'forever' }).expect(201)).body;
      // Started 1.5 days ago: period 0 at creation, period 1 by the cycle, as a draft.
      const startAt = new Date(Date.now() - 1.5 * 86_400_000).toISOString();
      const subscribe = async (email: string) => (await tenant.as.post('/api/subscriptions').send({ customerId: await customer(email), priceId: daily, startAt, coupon: 'DRAFT15' }).expect(201)).body;
      const subscription = await subscribe('drafted@example.test');
      const removing = await subscribe('removing@example.test');
      await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
      const draftOf = async (id: string) => (await tenant.as.get('/api/invoices').query({ subscriptionId: id, status: 'draft' }).expect(200)).body.data[0].id as string;
      const draftId = await draftOf(subscription.id);
      const lines = (invoice: { lines: { description: string; amount: number }[] }) => invoice.lines.map((line) => [line.description, line.amount]);
      const discount = (await tenant.as.get(`/api/subscriptions/${subscription.id}/discount`).expect(200)).body;
      const first = (await tenant.as.get(`/api/invoices/${draftId}`).expect(200)).body;
      expect(first.lines.at(-1)).toMatchObject({ description: 'DRAFT15 (15% off)', amount: -1_500, discountId: discount.id });
      expect(first.lines[0].discountId).toBeNull();

      const added = (await tenant.as.patch(`/api/invoices/${draftId}`).send({ addLines: [{ description: 'Setup', quantity: 2, unitAmount: 5_000 }] }).expect(200)).body;
      expect(lines(added)).toEqual([[expect.any(String), 10_000], ['Setup', 10_000], ['DRAFT15 (15% off)', -3_000]]);
      expect(added).toMatchObject({ subtotal: 17_000, total: 17_000 });
      const replaced = (await tenant.as.patch(`/api/invoices/${draftId}`).send({ lines: [{ description: 'Custom', quantity: 1, unitAmount: 4_000 }] }).expect(200)).body;
      expect(lines(replaced)).toEqual([['Custom', 4_000], ['DRAFT15 (15% off)', -600]]);

      // The coupon archived: the discount applied keeps applying when the draft is finalized.
      await tenant.as.patch(`/api/coupons/${coupon.id}`).send({ active: false }).expect(200);
      const finalized = (await tenant.as.post(`/api/invoices/${draftId}/finalize`).expect(200)).body;
      expect(finalized).toMatchObject({ status: 'open', total: 3_400 });
      expect(lines(finalized)).toEqual([['Custom', 4_000], ['DRAFT15 (15% off)', -600]]);

      // Removed from the other subscription: its draft loses the discount at once, and is finalized without it.
      const otherDraft = await draftOf(removing.id);
      expect(lines((await tenant.as.get(`/api/invoices/${otherDraft}`).expect(200)).body)).toEqual([[expect.any(String), 10_000], ['DRAFT15 (15% off)', -1_500]]);
      await tenant.as.delete(`/api/subscriptions/${removing.id}/discount`).expect(204);
      expect(lines((await tenant.as.get(`/api/invoices/${otherDraft}`).expect(200)).body)).toEqual([[expect.any(String), 10_000]]);
      expect(lines((await tenant.as.post(`/api/invoices/${otherDraft}/finalize`).expect(200)).body)).toEqual([[expect.any(String), 10_000]]);
    } finally {
      await tenant.asAdmin.patch('/api/tenants/me').send({ draftFinalizeDelayMinutes: 0 }).expect(200);
    }
  });
});
