// Saved methods learnt from webhooks: a customer pays one invoice through the hosted checkout,
// the provider's webhook carries a reusable authorisation (Paystack authorization_code,
// Flutterwave card token, Stripe card saved by Checkout for off-session use), settlement saves it once as the customer's default method, and the
// next billing cycle charges their other open invoice with it, without the customer.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '@nova/queue';
import { FakeFlutterwave, FakePaystack, FakeStripe, startFakeFlutterwave, startFakePaystack, startFakeStripe } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const PROVIDERS = ['paystack', 'flutterwave', 'stripe'] as const;

interface Case {
  currency: string;
  connect: () => Record<string, unknown>;
  complete: (reference: string) => { headers: Record<string, string>; rawBody: Buffer };
  reusableToken: (reference: string) => string;
  /** Off-session charges the provider received with this token. */
  chargesWith: (token: string) => number;
}

describe('saved methods from webhooks', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let flutterwave: FakeFlutterwave;
  let stripe: FakeStripe;
  let cases: Record<(typeof PROVIDERS)[number], Case>;

  beforeAll(async () => {
    [paystack, flutterwave, stripe] = await Promise.all([startFakePaystack(), startFakeFlutterwave(), startFakeStripe()]);
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl},flutterwave=${flutterwave.baseUrl},stripe=${stripe.baseUrl}` } });
    const sentWith = (requests: { rawBody: Buffer }[], token: string) => requests.filter((request) => decodeURIComponent(request.rawBody.toString()).includes(token)).length;
    cases = {
      paystack: {
        currency: 'NGN',
        connect: () => ({ credentials: { secretKey: paystack.secretKey } }),
        complete: (reference) => paystack.completePayment(reference),
        reusableToken: (reference) => paystack.authorizationCodeFor(reference),
        chargesWith: (token) => sentWith(paystack.http.requestsTo('POST', '/transaction/charge_authorization'), token),
      },
      flutterwave: {
        currency: 'NGN',
        connect: () => ({ credentials: { secretKey: flutterwave.secretKey }, webhookSecret: flutterwave.secretHash }),
        complete: (reference) => flutterwave.completePayment(reference),
        reusableToken: (reference) => flutterwave.cardTokenFor(reference),
        chargesWith: (token) => sentWith(flutterwave.http.requestsTo('POST', '/v3/tokenized-charges'), token),
      },
      stripe: {
        currency: 'USD',
        connect: () => ({ credentials: { secretKey: stripe.secretKey }, webhookSecret: stripe.webhookSecret }),
        complete: (reference) => stripe.completePayment(reference),
        reusableToken: (reference) => stripe.savedCardOf(reference)!.paymentMethodId,
        chargesWith: (token) => sentWith(stripe.http.requestsTo('POST', '/v1/payment_intents'), token),
      },
    };
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([paystack?.close(), flutterwave?.close(), stripe?.close()]);
  });

  async function subscribe(tenant: TenantSession, customerId: string, code: string, currency: string): Promise<string> {
    const plan = await tenant.as.post('/api/plans').send({ code, name: code }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency, unitAmount: 500_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId, priceId: price.body.id }).expect(201);
    return subscription.body.firstInvoiceId;
  }

  function paidInvoice(tenant: TenantSession, invoiceId: string) {
    return eventually(async () => {
      const current = await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200);
      return current.body.status === 'paid' ? current.body : undefined;
    }, 15_000, `invoice ${invoiceId} paid`);
  }

  /** A customer whose first invoice was paid by checkout; the card's webhook saved it. */
  async function customerWithSavedCard(provider: (typeof PROVIDERS)[number]): Promise<{ tenant: TenantSession; customerId: string; token: string }> {
    const { currency, connect, complete, reusableToken } = cases[provider];
    const tenant = await registerTenant(app, { defaultCurrency: currency });
    const account = await tenant.asAdmin.post('/api/payment-providers').send({ provider, ...connect(), defaultForCurrencies: [currency] }).expect(201);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Ngozi Eze', email: 'ngozi@example.test', currency }).expect(201);
    const customerId: string = customer.body.id;
    const firstInvoice = await subscribe(tenant, customerId, `basic-${provider}`, currency);

    const started = await tenant.as.post(`/api/invoices/${firstInvoice}/pay`).send({ returnUrl: 'https://merchant.example/paid' }).expect(200);
    const reference: string = started.body.providerReference;
    const webhook = complete(reference);
    const deliver = () =>
      fetch(`${app.url}/webhooks/${provider}/${tenant.tenantId}/${account.body.id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: webhook.rawBody });
    expect((await Promise.all([deliver(), deliver()])).map((response) => response.status)).toEqual([200, 200]);
    await paidInvoice(tenant, firstInvoice);

    const methods = await eventually(async () => {
      const listed = await tenant.as.get(`/api/customers/${customerId}/payment-methods`).expect(200);
      return listed.body.data.length > 0 ? listed.body.data : undefined;
    }, 10_000, 'saved method');
    expect(methods).toHaveLength(1);
    expect(methods[0]).toMatchObject({ accountId: account.body.id, isDefault: true });
    const token = reusableToken(reference);
    expect(JSON.stringify(methods)).not.toContain(token);

    // The same card saved again by hand is recognised, not stored twice.
    const providerCustomerId = provider === 'stripe' ? stripe.savedCardOf(reference)!.customerId : undefined;
    const again = await tenant.as.post(`/api/customers/${customerId}/payment-methods`).send({ accountId: account.body.id, token, providerCustomerId }).expect(201);
    expect(again.body.id).toBe(methods[0].id);
    expect((await tenant.as.get(`/api/customers/${customerId}/payment-methods`).expect(200)).body.data).toHaveLength(1);
    return { tenant, customerId, token };
  }

  it.each(PROVIDERS)('%s: checkout saves the card once; the next cycle charges it', async (provider) => {
    const { tenant, customerId, token } = await customerWithSavedCard(provider);
    // A second subscription's open invoice is collected by the worker's billing cycle with the saved card.
    const secondInvoice = await subscribe(tenant, customerId, `extra-${provider}`, cases[provider].currency);
    const billing = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    await billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: `saved-${provider}`, asOf: new Date().toISOString() });
    const paid = await paidInvoice(tenant, secondInvoice);
    expect(paid).toMatchObject({ amountPaid: 500_000, amountDue: 0 });
    expect(cases[provider].chargesWith(token)).toBe(1);
  });

  it('the API run-now queues the same automatic charges as the worker, once', async () => {
    const { tenant, customerId, token } = await customerWithSavedCard('paystack');
    const secondInvoice = await subscribe(tenant, customerId, 'extra-run-now', 'NGN');
    const run = await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    expect(run.body).toMatchObject({ chargesQueued: 1 });
    await paidInvoice(tenant, secondInvoice);
    const again = await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    expect(again.body).toMatchObject({ chargesQueued: 0 });
    expect(cases.paystack.chargesWith(token)).toBe(1);
  });
});
