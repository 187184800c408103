// Metadata as Stripe has it, over HTTP: bounded, on customers, products, plans, prices, invoices and
// payments, and merged by PATCH (keys given are set, a key given "" is removed, others stay).
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('metadata on billing objects', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
  });
  afterAll(() => app?.close());

  it('prices, invoices and payments take metadata and PATCH merges it', async () => {
    const plan = (await tenant.as.post('/api/plans').send({ code: 'meta-e2e', name: 'Meta' }).expect(201)).body;
    const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 100_000, interval: 'month', metadata: { tier: 'retail', legacy: true } }).expect(201)).body;
    expect(price.metadata).toEqual({ tier: 'retail', legacy: true });
    const patchedPrice = (await tenant.as.patch(`/api/prices/${price.id}`).send({ metadata: { legacy: '', region: 'KE' }, nickname: 'Monthly' }).expect(200)).body;
    expect(patchedPrice).toMatchObject({ nickname: 'Monthly', unitAmount: 100_000, metadata: { tier: 'retail', region: 'KE' } });

    const customer = (await tenant.as.post('/api/customers').send({ name: 'Amani', email: 'amani@example.co.ke', metadata: { crm: 'hubspot', score: 7 } }).expect(201)).body;
    expect((await tenant.as.patch(`/api/customers/${customer.id}`).send({ metadata: { score: '' } }).expect(200)).body.metadata).toEqual({ crm: 'hubspot' });

    const { firstInvoiceId } = (await tenant.as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id }).expect(201)).body;
    expect((await tenant.as.patch(`/api/invoices/${firstInvoiceId}`).send({ metadata: { po: 'PO-9' } }).expect(200)).body).toMatchObject({ status: 'open', metadata: { po: 'PO-9' } });

    const paid = (await tenant.asAdmin.post(`/api/invoices/${firstInvoiceId}/mark-paid`).send({ reference: 'bank-1' }).expect(200)).body;
    expect(paid.status).toBe('paid');
    const [payment] = (await tenant.as.get(`/api/payments?invoiceId=${firstInvoiceId}`).expect(200)).body.data;
    expect((await tenant.as.patch(`/api/payments/${payment.id}`).send({ metadata: { bank: 'KCB' } }).expect(200)).body).toMatchObject({ status: 'succeeded', metadata: { bank: 'KCB' } });
  });

  it('refuses metadata past its bounds with a 400 naming metadata, also once merged', async () => {
    const plan = (await tenant.as.post('/api/plans').send({ code: 'meta-bounds', name: 'Bounds', metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])) }).expect(201)).body;
    const refused = await tenant.as.patch(`/api/plans/${plan.id}`).send({ metadata: { one: 'more' } }).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'metadata' })]);
    await tenant.as.patch(`/api/plans/${plan.id}`).send({ metadata: { k0: '', one: 'more' } }).expect(200);
    const nested = await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 1, interval: 'month', metadata: { deep: { no: 1 } } }).expect(400);
    expect(nested.body.fields).toEqual([expect.objectContaining({ field: 'metadata' })]);
  });
});
