// Issue 9 end to end: a credit note refunded through a fake provider — an invoice paid through a
// fake Stripe checkout, a per-line credit note previewed (nothing written) then issued with part
// refunded and part credited, the worker's refund observed by the fake, the payment.refunded
// event and the customer's balance — and a receipt e-mailed with its PDF through the SMTP sink.
import { startFakeStripe, type FakeStripe } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { downloadPdfText } from '../support/read-pdf';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('credit notes refunded through a provider, and receipts e-mailed', () => {
  let app: TestApp;
  let stripe: FakeStripe;
  let smtp: SmtpSink;
  let tenant: TenantSession;
  let accountId: string;

  beforeAll(async () => {
    stripe = await startFakeStripe();
    smtp = await startSmtpSink();
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `stripe=${stripe.baseUrl}`, SMTP_PORT: String(smtp.port) } });
    tenant = await registerTenant(app, { defaultCurrency: 'USD', companyName: 'Lakeside Labs' });
    accountId = (
      await tenant.asAdmin
        .post('/api/payment-providers')
        .send({ provider: 'stripe', name: 'Stripe', credentials: { secretKey: stripe.secretKey }, webhookSecret: stripe.webhookSecret, defaultForCurrencies: ['USD'] })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
    await smtp?.close();
  });

  it('a per-line credit note with refundAmount: previewed, issued, refunded by the worker through the fake Stripe, the rest on the balance', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Amina Okafor', email: 'amina@example.test', currency: 'USD' }).expect(201)).body;
    const created = (
      await tenant.as
        .post('/api/invoices')
        .send({ customerId: customer.id, currency: 'USD', lines: [{ description: 'Seats', quantity: 3, unitAmount: 3_333 }, { description: 'Onboarding', quantity: 1, unitAmount: 5_000 }] })
        .expect(201)
    ).body;
    const started = (await tenant.as.post(`/api/invoices/${created.id}/pay`).send({ returnUrl: 'https://merchant.example/paid' }).expect(200)).body;
    const webhook = stripe.completePayment(started.providerReference);
    const delivered = await fetch(`${app.url}/webhooks/stripe/${tenant.tenantId}/${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: webhook.rawBody });
    expect(delivered.status).toBe(200);
    const invoice = await eventually(async () => {
      const current = (await tenant.as.get(`/api/invoices/${created.id}`).expect(200)).body;
      return current.status === 'paid' ? current : undefined;
    }, 15_000, 'invoice paid');
    expect(invoice).toMatchObject({ total: 14_999, amountPaid: 14_999 });
    const [seats, onboarding] = invoice.lines;
    expect(seats).toMatchObject({ object: 'invoice_line', id: expect.any(String), description: 'Seats' });
    const paymentId = (await tenant.as.get(`/api/payments?invoiceId=${invoice.id}`).expect(200)).body.data[0].id;

    // Two seats (6,666) and half the onboarding (2,500): 9,166, all after payment; 6,000 back to the card, 3,166 as credit.
    const body = { invoiceId: invoice.id, reason: 'order_change', lines: [{ invoiceLineId: seats.id, quantity: 2 }, { invoiceLineId: onboarding.id, amount: 2_500 }], refundAmount: 6_000, creditAmount: 3_166 };
    const preview = (await tenant.asAdmin.post('/api/credit-notes/preview').send(body).expect(200)).body;
    expect(preview).toMatchObject({ object: 'credit_note_preview', livemode: true, amount: 9_166, prePaymentAmount: 0, postPaymentAmount: 9_166, refundAmount: 6_000, creditAmount: 3_166, invoiceAmountDueAfter: 0 });
    expect(preview.lines.map((line: { amount: number; quantity: number | null }) => [line.amount, line.quantity])).toEqual([
      [6_666, 2],
      [2_500, null],
    ]);
    expect((await tenant.as.get(`/api/credit-notes?invoiceId=${invoice.id}`).expect(200)).body.data).toEqual([]);
    expect(stripe.http.requestsTo('POST', '/v1/refunds')).toHaveLength(0);

    // The split must add up to what does not lower the amount due: 400 naming the first amount given.
    const refused = (await tenant.asAdmin.post('/api/credit-notes').send({ ...body, creditAmount: 3_000 }).expect(400)).body;
    expect(refused.fields).toEqual([expect.objectContaining({ field: 'creditAmount' })]);
    expect((await tenant.asAdmin.post('/api/credit-notes').send({ ...body, lines: [{ invoiceLineId: seats.id, quantity: 4 }] }).expect(400)).body.fields).toEqual([
      expect.objectContaining({ field: 'lines.0.quantity' }),
    ]);

    const note = (await tenant.asAdmin.post('/api/credit-notes').send(body).expect(201)).body;
    expect(note).toMatchObject({ object: 'credit_note', amount: 9_166, refundAmount: 6_000, creditAmount: 3_166, outOfBandAmount: 0, refundPaymentId: paymentId, lines: [expect.objectContaining({ invoiceLineId: seats.id, quantity: 2, amount: 6_666 }), expect.objectContaining({ invoiceLineId: onboarding.id, amount: 2_500 })] });
    const refunded = await eventually(async () => {
      const current = (await tenant.as.get(`/api/credit-notes/${note.id}`).expect(200)).body;
      return current.refundStatus === 'succeeded' ? current : undefined;
    }, 15_000, 'credit note refunded');
    expect(refunded.refundId).toEqual(expect.any(String));
    // The fake saw one refund of 6,000 on the checkout's payment intent, keyed by our refund's id.
    const asked = stripe.http.requestsTo('POST', '/v1/refunds');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.rawBody.toString('utf8')).toContain('amount=6000');
    expect(asked[0]!.headers['idempotency-key']).toContain(refunded.refundId);

    expect((await tenant.as.get(`/api/payments/${paymentId}`).expect(200)).body).toMatchObject({ status: 'partially_refunded', amountRefunded: 6_000 });
    expect((await tenant.as.get(`/api/invoices/${invoice.id}`).expect(200)).body).toMatchObject({ status: 'paid', amountRefunded: 6_000 });
    const events = (await tenant.as.get('/api/events?type=payment.refunded').expect(200)).body.data;
    expect(events).toEqual([expect.objectContaining({ type: 'payment.refunded', data: { object: expect.objectContaining({ id: paymentId, amountRefunded: 6_000 }) } })]);
    const balance = (await tenant.as.get(`/api/customers/${customer.id}/balance`).expect(200)).body;
    expect(JSON.stringify(balance)).toContain('3166');

    const pdf = await downloadPdfText(tenant.as.get(`/api/credit-notes/${note.id}/pdf`));
    expect(pdf).toContain('Seats × 2');
    expect(pdf).toContain('Refunded to your payment method USD 60.00');
    expect(pdf).toContain('Credited to your balance USD 31.66');
    // A note that refunded money cannot be voided.
    await tenant.asAdmin.post(`/api/credit-notes/${note.id}/void`).expect(409);
  });

  it('a receipt e-mailed with its PDF to the customer; a provider payment has no receipt', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Baraka Otieno', email: 'baraka@example.test', currency: 'USD' }).expect(201)).body;
    const invoice = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, currency: 'USD', lines: [{ description: 'Support', quantity: 1, unitAmount: 10_000 }] }).expect(201)).body;
    const receipt = (
      await tenant.asAdmin.post('/api/payments').send({ customerId: customer.id, amount: 12_500, currency: 'USD', method: 'bank_transfer', reference: 'FT-9', allocate: 'oldest_first' }).expect(201)
    ).body;
    const queued = (await tenant.as.post(`/api/payments/${receipt.id}/receipt/send`).send({}).expect(202)).body;
    expect(queued).toMatchObject({ queued: true, jobId: expect.any(String) });
    const mail = await smtp.waitFor((message) => message.envelope.rcptTo.includes('baraka@example.test'), 15_000);
    expect(mail.subject).toMatch(/^Receipt RCT-\d{6} from Lakeside Labs$/);
    expect(mail.text).toContain('received USD 125.00 from you');
    expect(mail.text).toContain(`It paid invoice ${invoice.number}.`);
    expect(mail.text).toContain('USD 25.00 was credited to your account');
    expect(mail.attachments.map((attachment) => attachment.mimeType)).toEqual(['application/pdf']);
    expect(Buffer.from(mail.attachments[0]!.content as ArrayBuffer).subarray(0, 4).toString()).toBe('%PDF');

    await tenant.as.post('/api/payments/00000000-0000-4000-8000-000000000000/receipt/send').send({}).expect(404);
    expect((await tenant.as.post(`/api/payments/${receipt.id}/receipt/send`).send({ to: 'nope' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'to' })]);
  });
});
