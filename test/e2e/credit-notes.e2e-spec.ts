// Credit notes over HTTP: an open invoice's amount due goes down, a paid invoice's credit goes to
// the customer's balance, CN- numbers, void while it can be undone, refusals naming the field.
import { downloadPdfText } from '../support/read-pdf';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('credit notes', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
  });
  afterAll(() => app?.close());

  async function invoiceFor(email: string, amount: number): Promise<{ invoiceId: string; customerId: string }> {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Customer', email, currency: 'KES' }).expect(201)).body;
    const invoice = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, lines: [{ description: 'Hosting', quantity: 1, unitAmount: amount }] }).expect(201)).body;
    return { invoiceId: invoice.id, customerId: customer.id };
  }

  it('lowers an open invoice, credits a paid one to the balance, and voids while it can', async () => {
    const open = await invoiceFor('open@example.test', 300_000);
    const first = (await tenant.as.post('/api/credit-notes').send({ invoiceId: open.invoiceId, amount: 100_000, reason: 'order_change', memo: 'One seat fewer' }).expect(201)).body;
    expect(first).toMatchObject({ number: 'CN-000001', status: 'issued', amount: 100_000, prePaymentAmount: 100_000, postPaymentAmount: 0, reason: 'order_change' });
    expect((await tenant.as.get(`/api/invoices/${open.invoiceId}`).expect(200)).body).toMatchObject({ status: 'open', amountDue: 200_000 });
    expect((await tenant.as.post(`/api/credit-notes/${first.id}/void`).expect(200)).body.status).toBe('void');
    expect((await tenant.as.get(`/api/invoices/${open.invoiceId}`).expect(200)).body.amountDue).toBe(300_000);

    const paid = await invoiceFor('paid@example.test', 200_000);
    await tenant.as.post(`/api/invoices/${paid.invoiceId}/mark-paid`).send({ reference: 'bank' }).expect(200);
    const credited = (await tenant.as.post('/api/credit-notes').send({ invoiceId: paid.invoiceId, reason: 'product_unsatisfactory' }).expect(201)).body;
    expect(credited).toMatchObject({ number: 'CN-000002', amount: 200_000, prePaymentAmount: 0, postPaymentAmount: 200_000 });
    expect((await tenant.as.get(`/api/customers/${paid.customerId}/balance`).expect(200)).body.balances).toEqual([{ currency: 'KES', balance: 200_000 }]);
    const ledger = (await tenant.as.get(`/api/customers/${paid.customerId}/balance-transactions`).expect(200)).body.data;
    expect(ledger[0]).toMatchObject({ type: 'credit_note', creditNoteId: credited.id, invoiceId: paid.invoiceId, amount: 200_000 });

    const text = await downloadPdfText(tenant.as.get(`/api/credit-notes/${credited.id}/pdf`));
    expect(text).toContain('Credit note CN-000002');
    expect(text).toContain('Reason Product unsatisfactory');
    expect(text).toContain('Credited to your balance KES 2,000.00');

    // Nothing is left to credit on it; the list finds both notes of the tenant.
    const refused = await tenant.as.post('/api/credit-notes').send({ invoiceId: paid.invoiceId, amount: 1, reason: 'other' }).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'amount' })]);
    expect((await tenant.as.get(`/api/credit-notes?invoiceId=${paid.invoiceId}`).expect(200)).body.data.map((note: { id: string }) => note.id)).toEqual([credited.id]);
    expect((await tenant.as.get('/api/credit-notes').expect(200)).body.data).toHaveLength(2);
  });

  it('canceling a subscription now with prorate credits its unused time on the first invoice', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Brief', email: 'brief@example.test', currency: 'KES' }).expect(201)).body;
    const plan = (await tenant.as.post('/api/plans').send({ code: 'brief', name: 'Monthly' }).expect(201)).body;
    const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 300_000, interval: 'month' }).expect(201)).body;
    const subscription = (await tenant.as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id }).expect(201)).body;
    const canceled = (await tenant.as.post(`/api/subscriptions/${subscription.id}/cancel`).send({ prorate: true }).expect(200)).body;
    expect(canceled.status).toBe('canceled');
    const [note] = (await tenant.as.get(`/api/credit-notes?invoiceId=${subscription.firstInvoiceId}`).expect(200)).body.data;
    expect(note).toMatchObject({ reason: 'order_change', postPaymentAmount: 0 });
    // All but the seconds it was live: its period began at the start day's midnight, but the hours before it began
    // are not time it used (creditForUnusedTime's servedFrom).
    expect(note.amount).toBeGreaterThan(299_990);
    const invoice = (await tenant.as.get(`/api/invoices/${subscription.firstInvoiceId}`).expect(200)).body;
    expect(invoice.amountDue).toBe(300_000 - note.amount);
  });

  it('refuses bad credit notes naming the field, and void ones twice', async () => {
    const { invoiceId } = await invoiceFor('bad@example.test', 10_000);
    for (const [body, field] of [
      [{ invoiceId, reason: 'because' }, 'reason'],
      [{ invoiceId, reason: 'other', amount: 0 }, 'amount'],
      [{ invoiceId, reason: 'other', amount: 10_001 }, 'amount'],
      [{ invoiceId: 'nope', reason: 'other' }, 'invoiceId'],
    ] as [object, string][]) {
      const response = await tenant.as.post('/api/credit-notes').send(body).expect(400);
      expect(response.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    await tenant.as.post('/api/credit-notes').send({ invoiceId: '00000000-0000-4000-8000-000000000000', reason: 'other' }).expect(404);
    const note = (await tenant.as.post('/api/credit-notes').send({ invoiceId, amount: 1_000, reason: 'other' }).expect(201)).body;
    await tenant.as.post(`/api/credit-notes/${note.id}/void`).expect(200);
    await tenant.as.post(`/api/credit-notes/${note.id}/void`).expect(409);
  });
});
