// Money received by hand, over HTTP: a bank transfer recorded as a receipt, allocated across a
// customer's invoices (oldest first, then explicit amounts), the rest credited to the balance,
// and the receipt's PDF.
import { downloadPdfText } from '../support/read-pdf';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('receipts', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { companyName: 'Savanna Fibre' });
  });
  afterAll(() => app?.close());

  /** An open KES invoice of `unitAmount` for the customer (a subscription's first invoice). */
  async function openInvoice(customerId: string, code: string, unitAmount: number): Promise<string> {
    const plan = (await tenant.as.post('/api/plans').send({ code, name: code }).expect(201)).body;
    const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount, interval: 'month' }).expect(201)).body;
    return (await tenant.as.post('/api/subscriptions').send({ customerId, priceId: price.id }).expect(201)).body.firstInvoiceId;
  }

  const pdfText = (path: string) => downloadPdfText(tenant.as.get(path));


  it('a bank transfer allocated across invoices: oldest first, then explicit amounts with the rest credited, and the receipt PDF', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Wanjiku Kamau', email: 'wanjiku@example.co.ke' }).expect(201)).body;
    const oldest = await openInvoice(customer.id, 'rcpt-a', 10_000);
    const second = await openInvoice(customer.id, 'rcpt-b', 25_000);
    const third = await openInvoice(customer.id, 'rcpt-c', 8_000);

    const first = (
      await tenant.as
        .post('/api/payments')
        .set('Idempotency-Key', 'receipt-ft-1')
        .send({ customerId: customer.id, amount: 20_000, currency: 'KES', method: 'bank_transfer', reference: 'FT26300ABC', allocate: 'oldest_first' })
        .expect(201)
    ).body;
    expect(first).toMatchObject({ receiptNumber: 'RCT-000001', receivedVia: 'bank_transfer', method: 'manual', status: 'succeeded', amount: 20_000, amountApplied: 20_000, overpayment: 0, creditBalance: 0 });
    expect(first.allocations).toEqual([
      expect.objectContaining({ invoiceId: oldest, amount: 10_000, invoiceAmountDue: 0 }),
      expect.objectContaining({ invoiceId: second, amount: 10_000, invoiceAmountDue: 15_000 }),
    ]);
    expect((await tenant.as.get(`/api/invoices/${second}`).expect(200)).body).toMatchObject({ status: 'open', amountDue: 15_000, amountPaid: 10_000 });

    const next = (
      await tenant.as
        .post('/api/payments')
        .send({
          customerId: customer.id,
          amount: 30_000,
          currency: 'KES',
          method: 'bank_transfer',
          reference: 'FT26301XYZ',
          receivedAt: '2026-10-20T08:00:00.000Z',
          allocations: [
            { invoiceId: second, amount: 15_000 },
            { invoiceId: third, amount: 8_000 },
          ],
        })
        .expect(201)
    ).body;
    expect(next).toMatchObject({ receiptNumber: 'RCT-000002', amountApplied: 23_000, overpayment: 7_000, creditBalance: 7_000 });
    for (const id of [oldest, second, third]) expect((await tenant.as.get(`/api/invoices/${id}`).expect(200)).body).toMatchObject({ status: 'paid', amountDue: 0 });
    expect((await tenant.as.get(`/api/customers/${customer.id}/balance`).expect(200)).body.balances).toEqual([{ currency: 'KES', balance: 7_000 }]);
    expect((await tenant.as.get(`/api/payments/${next.id}/receipt`).expect(200)).body).toEqual(next);

    const text = await pdfText(`/api/payments/${next.id}/receipt.pdf`);
    const numbers = await Promise.all([second, third].map(async (id) => (await tenant.as.get(`/api/invoices/${id}`).expect(200)).body.number));
    expect(text).toContain('Receipt RCT-000002');
    expect(text).toContain('Savanna Fibre');
    expect(text).toContain('Wanjiku Kamau');
    expect(text).toContain('Method Bank transfer');
    expect(text).toContain('Reference FT26301XYZ');
    expect(text).toContain('Received 20 Oct 2026');
    expect(text).toContain(`Invoice ${numbers[0]} (paid) KES 150.00`);
    expect(text).toContain(`Invoice ${numbers[1]} (paid) KES 80.00`);
    expect(text).toContain('Credited to your balance KES 70.00');
    expect(text).toContain('Amount received KES 300.00');
    expect(text).toContain('Credit balance KES 70.00');
  });

  it('refuses bad receipts with a 400 naming the field, applying nothing', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Otieno', email: 'otieno@example.co.ke' }).expect(201)).body;
    const invoice = await openInvoice(customer.id, 'rcpt-d', 5_000);
    const receipt = { customerId: customer.id, amount: 6_000, currency: 'KES', method: 'mpesa_paybill' };

    const usd = await tenant.as.post('/api/payments').send({ ...receipt, currency: 'USD', allocations: [{ invoiceId: invoice, amount: 1_000 }] }).expect(400);
    expect(usd.body.fields).toEqual([expect.objectContaining({ field: 'allocations[0].invoiceId' })]);
    const tooMuch = await tenant.as.post('/api/payments').send({ ...receipt, allocations: [{ invoiceId: invoice, amount: 5_001 }] }).expect(400);
    expect(tooMuch.body.fields).toEqual([expect.objectContaining({ field: 'allocations[0].amount' })]);
    const neither = await tenant.as.post('/api/payments').send(receipt).expect(400);
    expect(neither.body.fields).toEqual([expect.objectContaining({ field: 'allocations' })]);
    await tenant.as.post('/api/payments').send({ ...receipt, method: 'card', allocate: 'oldest_first' }).expect(400);

    expect((await tenant.as.get(`/api/invoices/${invoice}`).expect(200)).body).toMatchObject({ status: 'open', amountDue: 5_000 });
    expect((await tenant.as.get(`/api/payments?customerId=${customer.id}`).expect(200)).body.data).toEqual([]);
  });

  it('an invoice marked paid gets a receipt too; a provider payment has none', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Achieng', email: 'achieng@example.co.ke' }).expect(201)).body;
    const invoice = await openInvoice(customer.id, 'rcpt-e', 4_000);
    await tenant.as.post(`/api/invoices/${invoice}/mark-paid`).send({ method: 'cash' }).expect(200);
    const [payment] = (await tenant.as.get(`/api/payments?invoiceId=${invoice}`).expect(200)).body.data;
    const receipt = (await tenant.as.get(`/api/payments/${payment.id}/receipt`).expect(200)).body;
    expect(receipt).toMatchObject({ receivedVia: 'cash', amount: 4_000, allocations: [expect.objectContaining({ invoiceId: invoice, amount: 4_000, invoiceAmountDue: 0 })] });
    expect(receipt.receiptNumber).toMatch(/^RCT-\d{6}$/);
    await tenant.as.get('/api/payments/00000000-0000-4000-8000-000000000000/receipt').expect(404);
  });
});
