// Payment reminders over HTTP and through the worker: the tenant's schedule, an e-mail with the
// invoice PDF for an open invoice no saved method will collect, once per schedule day, none once paid.
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('payment reminders', () => {
  let smtp: SmtpSink;
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    app = await startTestApp({ env: { SMTP_PORT: String(smtp.port) } });
    tenant = await registerTenant(app, { defaultCurrency: 'KES', companyName: 'Kilimo Hosting' });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('reminds on the due date with the invoice attached, once, and not after it is paid', async () => {
    const settings = await tenant.asAdmin.put('/api/payment-settings').send({ reminderDays: [0, 3] }).expect(200);
    expect(settings.body.reminderDays).toEqual([0, 3]);
    expect((await tenant.asAdmin.put('/api/payment-settings').send({ reminderDays: [3, 0] }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'reminderDays' })]);
    await tenant.asAdmin.patch('/api/tenants/me').send({ paymentTermsDays: 0 }).expect(200); // due on issue: the day-0 reminder is due at once

    const customer = (await tenant.as.post('/api/customers').send({ name: 'Otieno', email: 'otieno@example.test', currency: 'KES' }).expect(201)).body;
    const plan = (await tenant.as.post('/api/plans').send({ code: 'remind', name: 'Hosting' }).expect(201)).body;
    const price = (await tenant.as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 250_000, interval: 'month' }).expect(201)).body;
    const { firstInvoiceId } = (await tenant.as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id }).expect(201)).body;
    const invoice = (await tenant.as.get(`/api/invoices/${firstInvoiceId}`).expect(200)).body;
    // A customer with terms of its own: due in 30 days, so nothing to remind about yet.
    const onTerms = (await tenant.as.post('/api/customers').send({ name: 'Akinyi', email: 'akinyi@example.test', currency: 'KES', paymentTermsDays: 30 }).expect(201)).body;
    expect(onTerms.paymentTermsDays).toBe(30);
    const onTermsInvoiceId = (await tenant.as.post('/api/subscriptions').send({ customerId: onTerms.id, priceId: price.id }).expect(201)).body.firstInvoiceId;
    const onTermsInvoice = (await tenant.as.get(`/api/invoices/${onTermsInvoiceId}`).expect(200)).body;
    expect(new Date(onTermsInvoice.dueAt).getTime() - new Date(onTermsInvoice.issuedAt).getTime()).toBe(30 * 86_400_000);
    expect(new Date(invoice.dueAt).getTime()).toBe(new Date(invoice.issuedAt).getTime());

    const run = (await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body;
    expect(run.remindersQueued).toBe(1);
    const mail = await smtp.waitFor((message) => message.envelope.rcptTo.includes('otieno@example.test'), 15_000);
    expect(mail.subject).toBe(`Reminder: invoice ${invoice.number} from Kilimo Hosting`);
    expect(mail.text).toContain('is due today');
    expect(mail.text).toContain('2,500.00');
    expect(mail.attachments.map((attachment) => attachment.filename)).toEqual([`${invoice.number}.pdf`]);

    // The day's reminder went out: a second run queues nothing, and no second e-mail arrives.
    expect((await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body.remindersQueued).toBe(0);
    await tenant.asAdmin.post(`/api/invoices/${firstInvoiceId}/mark-paid`).send({ reference: 'bank' }).expect(200);
    expect((await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body.remindersQueued).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.filter((message) => message.envelope.rcptTo.includes('otieno@example.test'))).toHaveLength(1);
  });
});
