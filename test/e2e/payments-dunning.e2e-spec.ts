// Dunning end to end: a subscription whose customer has a saved method is charged automatically
// after the billing cycle; declines are retried on the tenant's schedule (seconds here), the
// customer is e-mailed at each step, and at the end the invoice is uncollectible and the
// subscription past due.
import { DEFAULT_REMINDER_DAYS } from '@nova/domain';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '@nova/queue';
import { FakePaystack, PAYSTACK_DECLINING_AUTHORIZATION, startFakePaystack } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { registerTenant } from '../support/tenant-session';

describe('dunning', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let smtp: SmtpSink;

  beforeAll(async () => {
    paystack = await startFakePaystack();
    smtp = await startSmtpSink();
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl}`, SMTP_PORT: String(smtp.port) } });
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await paystack?.close();
  });

  it('retries a declined automatic charge on the tenant schedule, e-mails each step, then gives up', async () => {
    const tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    const account = await tenant.asAdmin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: paystack.secretKey }, defaultForCurrencies: ['NGN'] }).expect(201);
    await tenant.asAdmin.put('/api/payment-settings').send({ retryDelaysSeconds: [1, 2], finalAction: 'past_due' }).expect(200, { object: 'payment_settings', retryDelaysSeconds: [1, 2], finalAction: 'past_due', reminderDays: [...DEFAULT_REMINDER_DAYS], livemode: true });

    const customer = await tenant.as.post('/api/customers').send({ name: 'Tunde Bello', email: 'tunde@example.test', currency: 'NGN' }).expect(201);
    const method = await tenant.as.post(`/api/customers/${customer.body.id}/payment-methods`).send({ accountId: account.body.id, token: PAYSTACK_DECLINING_AUTHORIZATION }).expect(201);
    expect(JSON.stringify(method.body)).not.toContain(PAYSTACK_DECLINING_AUTHORIZATION);
    const plan = await tenant.as.post('/api/plans').send({ code: 'dunning', name: 'Monthly' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 300_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    const invoiceId: string = subscription.body.firstInvoiceId;

    const billing = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    await billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: 'dunning-test', asOf: new Date().toISOString() });

    const invoice = await eventually(async () => {
      const current = await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200);
      return current.body.status === 'uncollectible' ? current.body : undefined;
    }, 30_000, 'invoice uncollectible');
    expect(invoice.amountDue).toBe(300_000);
    const sub = await tenant.as.get(`/api/subscriptions/${subscription.body.id}`).expect(200);
    expect(sub.body.status).toBe('past_due');

    const attempts = await tenant.as.get(`/api/payments?invoiceId=${invoiceId}`).expect(200);
    expect(attempts.body.data).toHaveLength(3);
    expect(attempts.body.data.every((payment: { status: string }) => payment.status === 'failed')).toBe(true);
    const chargeCalls = paystack.http.requestsTo('POST', '/transaction/charge_authorization');
    expect(chargeCalls).toHaveLength(3);

    await eventually(async () => (smtp.messages.filter((message) => message.envelope.rcptTo.includes('tunde@example.test')).length >= 3 ? true : undefined), 10_000, 'three e-mails');
    const subjects = smtp.messages.filter((message) => message.envelope.rcptTo.includes('tunde@example.test')).map((message) => message.subject ?? '');
    expect(subjects.filter((subject) => subject.startsWith('Payment failed'))).toHaveLength(2);
    expect(subjects.filter((subject) => subject.startsWith('Final notice'))).toHaveLength(1);
  });
});
