// The first end-to-end billing flow, over HTTP against the real API, worker, PostgreSQL, Redis
// and an SMTP server: register → API key → customer → plan/price → subscription → billing
// cycle → invoice → PDF → e-mail → mark paid.
import { downloadPdfText } from '../support/read-pdf';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const MONTH_MS = 31 * 86_400_000;

describe('billing flow', () => {
  let app: TestApp;
  let smtp: SmtpSink;
  let tenant: TenantSession;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    app = await startTestApp({ env: { SMTP_PORT: String(smtp.port) } });
    tenant = await registerTenant(app, { companyName: 'Savannah Fibre Ltd', defaultCurrency: 'KES' });
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('bills a subscription, renders and e-mails the invoice, and settles it', async () => {
    const customer = await tenant.as.post('/api/customers').send({ name: 'Wanjiru Kamau', email: 'wanjiru@example.test', currency: 'KES' }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: 'fibre-50', name: 'Fibre 50 Mbps' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'KES', unitAmount: 450_000, interval: 'month' }).expect(201);
    expect(price.body).toMatchObject({ unitAmount: 450_000, currency: 'KES', interval: 'month', intervalCount: 1 });

    // Started a month and a bit ago: the first period is invoiced now, the second by the cycle.
    const startAt = new Date(Date.now() - MONTH_MS - 86_400_000).toISOString();
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt }).expect(201);
    expect(subscription.body.status).toBe('active');
    expect(subscription.body.firstInvoiceId).toEqual(expect.any(String));

    const cycle = await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    // Another test file's scheduler tick may bill this tenant first; either way the period is billed once.
    expect(cycle.body).toEqual(expect.objectContaining({ subscriptionsEnded: 0 }));
    expect(cycle.body.invoicesIssued).toBeLessThanOrEqual(1);
    const again = await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    expect(again.body.invoicesIssued).toBe(0);

    const invoices = await tenant.as.get(`/api/invoices?subscriptionId=${subscription.body.id}`).expect(200);
    expect(invoices.body.data.map((invoice: { number: string }) => invoice.number).sort()).toEqual(['INV-000001', 'INV-000002']);
    const renewal = invoices.body.data.find((invoice: { number: string }) => invoice.number === 'INV-000002');
    expect(renewal).toMatchObject({ status: 'open', currency: 'KES', total: 450_000, amountDue: 450_000 });
    expect(new Date(renewal.periodStart).getTime()).toBe(new Date(subscription.body.currentPeriodEnd).getTime());

    const detail = await tenant.as.get(`/api/invoices/${renewal.id}`).expect(200);
    expect(detail.body.lines).toHaveLength(1);
    expect(detail.body.lines[0]).toMatchObject({ quantity: 1, unitAmount: 450_000, amount: 450_000 });

    const text = await downloadPdfText(tenant.as.get(`/api/invoices/${renewal.id}/pdf`));
    expect(text).toContain('INV-000002');
    expect(text).toContain('4,500.00');
    expect(text).toContain('Wanjiru Kamau');

    await tenant.as.post(`/api/invoices/${renewal.id}/send`).send({}).expect(202);
    const mail = await smtp.waitFor((message) => message.envelope.rcptTo.includes('wanjiru@example.test'), 15_000);
    expect(mail.subject).toContain('INV-000002');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe('INV-000002.pdf');
    expect(Buffer.from(mail.attachments[0]!.content as ArrayBuffer).subarray(0, 4).toString()).toBe('%PDF');

    const paid = await tenant.as.post(`/api/invoices/${renewal.id}/mark-paid`).send({ reference: 'MPESA-QX12' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', amountPaid: 450_000, amountDue: 0 });
    await tenant.as.post(`/api/invoices/${renewal.id}/mark-paid`).send({}).expect(409);
    await tenant.as.post(`/api/invoices/${renewal.id}/void`).expect(409);

    const sent = await tenant.as.get(`/api/invoices/${renewal.id}`).expect(200);
    expect(sent.body.sentAt).not.toBeNull();
  });
});
