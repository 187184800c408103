// A credit note e-mailed to the customer by the worker, its PDF attached; a void one is not sent.
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('credit note e-mail', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    app = await startTestApp({ env: { SMTP_PORT: String(smtp.port) } });
    tenant = await registerTenant(app, { defaultCurrency: 'KES', companyName: 'Kilimo Cloud' });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('sends the note with its PDF to the customer or another address, says where the credit went, and refuses a void one', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Wanjiku', email: 'wanjiku@example.test', currency: 'KES' }).expect(201)).body;
    const invoice = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, lines: [{ description: 'Hosting', quantity: 1, unitAmount: 300_000 }] }).expect(201)).body;
    await tenant.asAdmin.post('/api/payments').send({ customerId: customer.id, amount: 200_000, currency: 'KES', method: 'bank_transfer', reference: 'FT-1', allocate: 'oldest_first' }).expect(201);
    // 100,000 still due comes off the invoice, the other 50,000 of the note goes to the balance.
    const note = (await tenant.as.post('/api/credit-notes').send({ invoiceId: invoice.id, amount: 150_000, reason: 'order_change' }).expect(201)).body;
    expect(note).toMatchObject({ prePaymentAmount: 100_000, postPaymentAmount: 50_000 });

    const queued = (await tenant.as.post(`/api/credit-notes/${note.id}/send`).send({}).expect(202)).body;
    expect(queued).toMatchObject({ queued: true, jobId: expect.any(String) });
    const mail = await smtp.waitFor((message) => message.envelope.rcptTo.includes('wanjiku@example.test'), 15_000);
    expect(mail.subject).toBe(`Credit note ${note.number} from Kilimo Cloud`);
    expect(mail.text).toContain(`credit note ${note.number} for KES 1,500.00 against invoice ${invoice.number}`);
    expect(mail.text).toContain(`KES 1,000.00 was taken off what is due on invoice ${invoice.number}.`);
    expect(mail.text).toContain('KES 500.00 was credited to your account');
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.mimeType])).toEqual([[`${note.number}.pdf`, 'application/pdf']]);
    expect(Buffer.from(mail.attachments[0]!.content as ArrayBuffer).subarray(0, 4).toString()).toBe('%PDF');

    await tenant.as.post(`/api/credit-notes/${note.id}/send`).send({ to: 'accounts@example.test' }).expect(202);
    const copy = await smtp.waitFor((message) => message.envelope.rcptTo.includes('accounts@example.test'), 15_000);
    expect(copy.subject).toBe(mail.subject);

    // Another customer: this one's credit would pay a new invoice at once.
    const other = (await tenant.as.post('/api/customers').send({ name: 'Baraka', email: 'baraka@example.test', currency: 'KES' }).expect(201)).body;
    const open = (await tenant.as.post('/api/invoices').send({ customerId: other.id, lines: [{ description: 'Support', quantity: 1, unitAmount: 10_000 }] }).expect(201)).body;
    const voided = (await tenant.as.post('/api/credit-notes').send({ invoiceId: open.id, amount: 1_000, reason: 'duplicate' }).expect(201)).body;
    await tenant.asAdmin.post(`/api/credit-notes/${voided.id}/void`).expect(200);
    expect((await tenant.as.post(`/api/credit-notes/${voided.id}/send`).send({}).expect(409)).body.message).toContain('void');
    await tenant.as.post('/api/credit-notes/00000000-0000-4000-8000-000000000000/send').send({}).expect(404);
    expect((await tenant.as.post(`/api/credit-notes/${note.id}/send`).send({ to: 'not an address' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'to' })]);
  });
});
