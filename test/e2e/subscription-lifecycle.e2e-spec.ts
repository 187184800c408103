// One lifecycle, whoever drives it: an overdue invoice paid by hand has the same effects as one
// paid through a provider (dunning recovered, the past-due subscription active again), and a
// cancellation by dunning leaves the same row as one through the API.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '@nova/queue';
import { FakePaystack, PAYSTACK_DECLINING_AUTHORIZATION, startFakePaystack } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { connectTenantDb } from '../support/tenant-db';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('subscription lifecycle across the API and dunning', () => {
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

  /** A tenant whose automatic charges always decline, retried twice a second apart, then `finalAction`. */
  async function decliningTenant(finalAction: 'past_due' | 'cancel') {
    const tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    const account = await tenant.asAdmin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: paystack.secretKey }, defaultForCurrencies: ['NGN'] }).expect(201);
    await tenant.asAdmin.put('/api/payment-settings').send({ retryDelaysSeconds: [1, 1], finalAction }).expect(200);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Ngozi Eze', email: `ngozi-${finalAction}@example.test`, currency: 'NGN' }).expect(201);
    await tenant.as.post(`/api/customers/${customer.body.id}/payment-methods`).send({ accountId: account.body.id, token: PAYSTACK_DECLINING_AUTHORIZATION }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: 'lifecycle', name: 'Monthly' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 500_000, interval: 'month' }).expect(201);
    const subscribe = async () => {
      const created = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
      return { subscriptionId: created.body.id as string, invoiceId: created.body.firstInvoiceId as string };
    };
    return { tenant, subscribe };
  }

  async function dunToTheEnd(tenant: TenantSession, invoiceId: string): Promise<void> {
    const billing = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    await billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: 'lifecycle-test', asOf: new Date().toISOString() });
    await eventually(async () => ((await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body.status === 'uncollectible' ? true : undefined), 30_000, 'invoice uncollectible');
  }

  async function dunningOf(tenant: TenantSession, invoiceId: string) {
    const db = await connectTenantDb(tenant.tenantId);
    try {
      return (await db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM invoice_dunning WHERE invoice_id = $1', [invoiceId])).rows[0];
    } finally {
      await db.end();
    }
  }

  it('an overdue invoice of a past-due subscription, marked paid by an admin: subscription active again, dunning recovered', async () => {
    const { tenant, subscribe } = await decliningTenant('past_due');
    const { subscriptionId, invoiceId } = await subscribe();
    await dunToTheEnd(tenant, invoiceId);
    await eventually(async () => ((await tenant.as.get(`/api/subscriptions/${subscriptionId}`).expect(200)).body.status === 'past_due' ? true : undefined), 10_000, 'past due');
    expect(await dunningOf(tenant, invoiceId)).toEqual({ status: 'exhausted', attempts: 3 });

    const paid = await tenant.asAdmin.post(`/api/invoices/${invoiceId}/mark-paid`).send({ reference: 'bank transfer 42' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', amountDue: 0, amountPaid: 500_000 });
    expect((await tenant.as.get(`/api/subscriptions/${subscriptionId}`).expect(200)).body).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, endedAt: null });
    expect(await dunningOf(tenant, invoiceId)).toEqual({ status: 'recovered', attempts: 3 });
    const manual = (await tenant.as.get(`/api/payments?invoiceId=${invoiceId}`).expect(200)).body.data.filter((payment: { method: string }) => payment.method === 'manual');
    expect(manual).toMatchObject([{ status: 'succeeded', amount: 500_000, reference: 'bank transfer 42' }]);
    // Paid once: a second mark-paid is refused and nothing changes.
    await tenant.asAdmin.post(`/api/invoices/${invoiceId}/mark-paid`).send({}).expect(409);
  });

  it('cancel through the API and cancel by dunning leave the same row: canceled, ended, no cancellation pending', async () => {
    const { tenant, subscribe } = await decliningTenant('cancel');
    const shape = (body: Record<string, unknown>) => ({
      status: body.status,
      cancelAtPeriodEnd: body.cancelAtPeriodEnd,
      canceled: typeof body.canceledAt === 'string',
      endedWhenCanceled: body.endedAt === body.canceledAt,
    });

    // Both were first set to cancel at period end, then ended at once (by an admin / by dunning).
    const byApi = await subscribe();
    await tenant.as.post(`/api/subscriptions/${byApi.subscriptionId}/cancel`).send({ atPeriodEnd: true }).expect(200);
    const canceledByApi = await tenant.as.post(`/api/subscriptions/${byApi.subscriptionId}/cancel`).send({}).expect(200);
    // The first invoice of the API-canceled one is settled by hand, so dunning only charges the other.
    await tenant.asAdmin.post(`/api/invoices/${byApi.invoiceId}/mark-paid`).send({}).expect(200);

    const byDunning = await subscribe();
    await tenant.as.post(`/api/subscriptions/${byDunning.subscriptionId}/cancel`).send({ atPeriodEnd: true }).expect(200);
    await dunToTheEnd(tenant, byDunning.invoiceId);
    const canceledByDunning = await eventually(async () => {
      const current = await tenant.as.get(`/api/subscriptions/${byDunning.subscriptionId}`).expect(200);
      return current.body.status === 'canceled' ? current.body : undefined;
    }, 10_000, 'canceled by dunning');

    const expected = { status: 'canceled', cancelAtPeriodEnd: false, canceled: true, endedWhenCanceled: true };
    expect(shape(canceledByApi.body)).toEqual(expected);
    expect(shape(canceledByDunning)).toEqual(expected);
    // Canceled is final: paying, or cancelling again, does not bring it back.
    await tenant.as.post(`/api/subscriptions/${byDunning.subscriptionId}/cancel`).send({}).expect(409);
    await tenant.asAdmin.post(`/api/invoices/${byDunning.invoiceId}/mark-paid`).send({}).expect(200);
    expect((await tenant.as.get(`/api/subscriptions/${byDunning.subscriptionId}`).expect(200)).body.status).toBe('canceled');
    expect(await dunningOf(tenant, byDunning.invoiceId)).toEqual({ status: 'recovered', attempts: 3 });
  });
});
