// A customer's credit balance pays the next invoices at finalization, over HTTP: shown on the
// invoice (JSON and PDF), taken from the ledger, given back when the invoice is voided.
import { downloadPdfText } from '../support/read-pdf';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('customer credit applied at finalization', () => {
  let app: TestApp;
  let tenant: TenantSession;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
  });
  afterAll(() => app?.close());

  it('a new subscription\'s first invoice takes the credit, shows it, and a void gives it back', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Baraka Otieno', email: 'baraka@example.co.ke' }).expect(201)).body;
    await tenant.asAdmin.post(`/api/customers/${customer.id}/balance-transactions`).send({ amount: 40_000, currency: 'KES', reason: 'Goodwill for the outage' }).expect(201);
    const plan = (await tenant.as.post('/api/plans').send({ code: 'credit-e2e', name: 'Fibre' }).expect(201)).body;
    const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 100_000, interval: 'month' }).expect(201)).body;

    const { firstInvoiceId } = (await tenant.as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id }).expect(201)).body;
    expect((await tenant.as.get(`/api/invoices/${firstInvoiceId}`).expect(200)).body).toMatchObject({ status: 'open', total: 100_000, creditApplied: 40_000, amountDue: 60_000, amountPaid: 0 });
    expect((await tenant.as.get(`/api/customers/${customer.id}/balance`).expect(200)).body.balances).toEqual([{ currency: 'KES', balance: 0 }]);

    const text = await downloadPdfText(tenant.as.get(`/api/invoices/${firstInvoiceId}/pdf`));
    expect(text).toContain('Credit applied KES -400.00');
    expect(text).toContain('Amount due KES 600.00');

    await tenant.asAdmin.post(`/api/invoices/${firstInvoiceId}/void`).expect(200);
    expect((await tenant.as.get(`/api/customers/${customer.id}/balance`).expect(200)).body.balances).toEqual([{ currency: 'KES', balance: 40_000 }]);
    const ledger = (await tenant.as.get(`/api/customers/${customer.id}/balance-transactions`).expect(200)).body.data;
    expect(ledger.map((row: { type: string; amount: number }) => [row.type, row.amount])).toEqual(
      expect.arrayContaining([
        ['unapplied_from_invoice', 40_000],
        ['applied_to_invoice', -40_000],
        ['adjustment', 40_000],
      ]),
    );
  });
});
