// Issue 3 end to end, once per provider, over HTTP against the real API and worker and the
// provider's local fake: connect the account, pay an invoice through the fake, settle it with
// the provider's signed webhook on the real route (delivered three times, concurrently), and
// refund part of it.
import { PaymentFake, ProviderWebhook, eventually, startPaymentFake } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const PROVIDERS = ['stripe', 'razorpay', 'paystack', 'flutterwave', 'mpesa'] as const;

describe('payments through each provider', () => {
  let app: TestApp;
  const fakes = new Map<string, PaymentFake>();

  beforeAll(async () => {
    for (const provider of PROVIDERS) fakes.set(provider, await startPaymentFake(provider));
    const baseUrls = [...fakes.values()].map((fake) => `${fake.provider}=${fake.baseUrl}`).join(',');
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: baseUrls } });
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([...fakes.values()].map((fake) => fake.close()));
  });

  async function openInvoice(tenant: TenantSession, fake: PaymentFake): Promise<{ id: string; total: number }> {
    const customer = await tenant.as
      .post('/api/customers')
      .send({ name: 'Amina Okafor', email: 'amina@example.test', phone: '254712345678', currency: fake.currency })
      .expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: `plan-${fake.provider}`, name: 'Pro' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: fake.currency, unitAmount: fake.unitAmount, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    const invoice = await tenant.as.get(`/api/invoices/${subscription.body.firstInvoiceId}`).expect(200);
    return { id: invoice.body.id, total: invoice.body.total };
  }

  function deliver(tenant: TenantSession, accountId: string, fake: PaymentFake, webhook: ProviderWebhook): Promise<number> {
    const path = webhook.path ?? `/webhooks/${fake.provider}/${tenant.tenantId}/${accountId}`;
    return fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: webhook.rawBody }).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    });
  }

  it.each(PROVIDERS)('%s: connect, pay, settle once from replayed webhooks, refund', async (provider) => {
    const fake = fakes.get(provider)!;
    const tenant = await registerTenant(app, { defaultCurrency: fake.currency });

    const connected = await tenant.asAdmin
      .post('/api/payment-providers')
      .send({ provider, name: `${provider} main`, ...fake.connect, defaultForCurrencies: [fake.currency] })
      .expect(201);
    expect(connected.body).toMatchObject({ provider, active: true, defaultForCurrencies: [fake.currency] });
    for (const secret of fake.secrets) expect(JSON.stringify(connected.body)).not.toContain(secret);
    const accountId: string = connected.body.id;
    const listed = await tenant.asAdmin.get('/api/payment-providers').expect(200);
    for (const secret of fake.secrets) expect(JSON.stringify(listed.body)).not.toContain(secret);
    await tenant.asAdmin.post(`/api/payment-providers/${accountId}/test`).expect(200, { ok: true, livemode: true });

    const invoice = await openInvoice(tenant, fake);
    const started = await tenant.as.post(`/api/invoices/${invoice.id}/pay`).send({ returnUrl: 'https://merchant.example/paid' }).expect(200);
    expect(started.body).toMatchObject({ provider, status: 'pending', amount: invoice.total, currency: fake.currency });

    // The provider's webhook, delivered three times at once: one payment, one settlement.
    const webhook = fake.completePayment(started.body.providerReference);
    expect(await Promise.all([1, 2, 3].map(() => deliver(tenant, accountId, fake, webhook)))).toEqual([200, 200, 200]);
    const paid = await eventually(async () => {
      const current = await tenant.as.get(`/api/invoices/${invoice.id}`).expect(200);
      return current.body.status === 'paid' ? current.body : undefined;
    }, 15_000, 'invoice paid');
    expect(paid).toMatchObject({ amountPaid: invoice.total, amountRefunded: 0, amountDue: 0 });
    await deliver(tenant, accountId, fake, webhook);
    const payments = await tenant.as.get(`/api/payments?invoiceId=${invoice.id}`).expect(200);
    expect(payments.body.data).toHaveLength(1);
    expect(payments.body.data[0]).toMatchObject({ status: 'succeeded', amount: invoice.total, method: provider });
    const paymentId: string = payments.body.data[0].id;

    // Refund a part (M-Pesa reverses whole payments only), then see both balances move once.
    const wholeOnly = provider === 'mpesa';
    if (wholeOnly) await tenant.as.post(`/api/payments/${paymentId}/refund`).send({ amount: 50_000 }).expect(400);
    const part = wholeOnly ? invoice.total : Math.floor(invoice.total / 4);
    await tenant.as.post(`/api/payments/${paymentId}/refund`).send({ amount: invoice.total + 1 }).expect(400);
    const refund = await tenant.as.post(`/api/payments/${paymentId}/refund`).send({ amount: part, reason: 'goodwill' }).expect(200);
    expect(refund.body).toMatchObject({ amount: part, currency: fake.currency });
    if (refund.body.status === 'pending') {
      expect(fake.settleRefund).toBeDefined();
      const settled = fake.settleRefund!(refund.body.providerReference);
      expect(await Promise.all([1, 2].map(() => deliver(tenant, accountId, fake, settled)))).toEqual([200, 200]);
    }
    const refunded = await eventually(async () => {
      const current = await tenant.as.get(`/api/payments/${paymentId}`).expect(200);
      return current.body.amountRefunded === part ? current.body : undefined;
    }, 15_000, 'refund settled');
    expect(refunded).toMatchObject({ status: wholeOnly ? 'refunded' : 'partially_refunded', amountRefunded: part });
    expect(refunded.refunds).toHaveLength(1);
    expect(refunded.refunds[0]).toMatchObject({ status: 'succeeded', amount: part });
    // As in Stripe, the invoice stays paid with what was received; the refund is recorded beside it
    // (M-Pesa's is a full refund: the whole total comes back, the invoice is still paid, nothing is due).
    const afterRefund = await tenant.as.get(`/api/invoices/${invoice.id}`).expect(200);
    expect(afterRefund.body).toMatchObject({ status: 'paid', amountPaid: invoice.total, amountRefunded: part, amountDue: 0 });
  });
});
