// One-off invoices over HTTP: lines written by hand, issued at once with a number, the memo on the
// PDF, and refusals that name the field.
import { downloadPdfText } from '../support/read-pdf';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('one-off invoices', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
  });
  afterAll(() => app?.close());

  it('issues hand-written lines at once, with the memo on the PDF', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Mwangi Farms', email: 'mwangi@example.test', currency: 'KES', paymentTermsDays: 7, address: { line1: '1 Moi Ave', city: 'Nairobi', country: 'KE' } }).expect(201)).body;
    const created = await tenant.as
      .post('/api/invoices')
      .send({ customerId: customer.id, memo: 'Pay to paybill 123456, account MWANGI', lines: [{ description: 'Solar pump installation', quantity: 1, unitAmount: 1_200_000 }, { description: 'Site visit', quantity: 2, unitAmount: 150_000 }] })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'open', currency: 'KES', subscriptionId: null, total: 1_500_000, amountDue: 1_500_000, memo: 'Pay to paybill 123456, account MWANGI' });
    expect(created.body.lines.map((line: { description: string; amount: number }) => [line.description, line.amount])).toEqual([
      ['Solar pump installation', 1_200_000],
      ['Site visit', 300_000],
    ]);
    expect(new Date(created.body.dueAt).getTime() - new Date(created.body.issuedAt).getTime()).toBe(7 * 86_400_000);

    const text = await downloadPdfText(tenant.as.get(`/api/invoices/${created.body.id}/pdf`));
    expect(text).toContain(created.body.number);
    expect(text).toContain('Solar pump installation');
    expect(text).toContain('paybill 123456');
    expect(text).toContain('15,000.00');
    expect(text).toContain('1 Moi Ave, Nairobi, KE'); // postal order, not the jsonb key order
  });

  it('refuses bad invoices with a 400 naming the field', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Achieng', email: 'achieng@example.test', currency: 'KES' }).expect(201)).body;
    const line = { description: 'Consulting', quantity: 1, unitAmount: 10_000 };
    const cases: [object, string][] = [
      [{ customerId: customer.id, lines: [] }, 'lines'],
      [{ customerId: customer.id, lines: [{ ...line, quantity: 0 }] }, 'lines.0.quantity'],
      [{ customerId: customer.id, lines: [{ ...line, unitAmount: 1.5 }] }, 'lines.0.unitAmount'],
      [{ customerId: customer.id, lines: [{ ...line, unitAmount: -10_000 }] }, 'lines'],
      [{ customerId: customer.id, currency: 'USD', lines: [line] }, 'currency'],
      [{ customerId: '00000000-0000-4000-8000-000000000000', lines: [line] }, 'customerId'],
    ];
    for (const [body, field] of cases) {
      const response = await tenant.as.post('/api/invoices').send(body).expect(400);
      expect(response.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });
});
