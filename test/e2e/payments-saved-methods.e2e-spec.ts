// Saved methods learnt from webhooks: a customer pays one invoice through the hosted checkout,
// the provider's webhook carries a reusable authorisation (Paystack authorization_code,
// Flutterwave card token), settlement saves it once as the customer's default method, and the
// next billing cycle charges their other open invoice with it, without the customer.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '@nova/queue';
import { FakeFlutterwave, FakePaystack, startFakeFlutterwave, startFakePaystack } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

interface Case {
  provider: 'paystack' | 'flutterwave';
  connect: () => Record<string, unknown>;
  complete: (reference: string) => { headers: Record<string, string>; rawBody: Buffer };
  reusableToken: (reference: string) => string;
  chargePath: string;
}

describe('saved methods from webhooks', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let flutterwave: FakeFlutterwave;
  let cases: Record<Case['provider'], Case>;

  beforeAll(async () => {
    paystack = await startFakePaystack();
    flutterwave = await startFakeFlutterwave();
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl},flutterwave=${flutterwave.baseUrl}` } });
    cases = {
      paystack: {
        provider: 'paystack',
        connect: () => ({ credentials: { secretKey: paystack.secretKey } }),
        complete: (reference) => paystack.completePayment(reference),
        reusableToken: (reference) => paystack.authorizationCodeFor(reference),
        chargePath: '/transaction/charge_authorization',
      },
      flutterwave: {
        provider: 'flutterwave',
        connect: () => ({ credentials: { secretKey: flutterwave.secretKey }, webhookSecret: flutterwave.secretHash }),
        complete: (reference) => flutterwave.completePayment(reference),
        reusableToken: (reference) => flutterwave.cardTokenFor(reference),
        chargePath: '/v3/tokenized-charges',
      },
    };
  });

  afterAll(async () => {
    await app?.close();
    await paystack?.close();
    await flutterwave?.close();
  });

  async function subscribe(tenant: TenantSession, customerId: string, code: string): Promise<string> {
    const plan = await tenant.as.post('/api/plans').send({ code, name: code }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 500_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId, priceId: price.body.id }).expect(201);
    return subscription.body.firstInvoiceId;
  }

  function paidInvoice(tenant: TenantSession, invoiceId: string) {
    return eventually(async () => {
      const current = await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200);
      return current.body.status === 'paid' ? current.body : undefined;
    }, 15_000, `invoice ${invoiceId} paid`);
  }

  it.each(['paystack', 'flutterwave'] as const)('%s: checkout saves the card once; the next cycle charges it', async (provider) => {
    const { connect, complete, reusableToken, chargePath } = cases[provider];
    const tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    const account = await tenant.asAdmin.post('/api/payment-providers').send({ provider, ...connect(), defaultForCurrencies: ['NGN'] }).expect(201);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Ngozi Eze', email: 'ngozi@example.test', currency: 'NGN' }).expect(201);
    const customerId: string = customer.body.id;
    const firstInvoice = await subscribe(tenant, customerId, `basic-${provider}`);

    const started = await tenant.as.post(`/api/invoices/${firstInvoice}/pay`).send({ returnUrl: 'https://merchant.example/paid' }).expect(200);
    const reference: string = started.body.providerReference;
    const webhook = complete(reference);
    const deliver = () =>
      fetch(`${app.url}/webhooks/${provider}/${tenant.tenantId}/${account.body.id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: webhook.rawBody });
    expect((await Promise.all([deliver(), deliver()])).map((response) => response.status)).toEqual([200, 200]);
    await paidInvoice(tenant, firstInvoice);

    const methods = await eventually(async () => {
      const listed = await tenant.as.get(`/api/customers/${customerId}/payment-methods`).expect(200);
      return listed.body.length > 0 ? listed.body : undefined;
    }, 10_000, 'saved method');
    expect(methods).toHaveLength(1);
    expect(methods[0]).toMatchObject({ accountId: account.body.id, isDefault: true });
    const token = reusableToken(reference);
    expect(JSON.stringify(methods)).not.toContain(token);

    // The same card saved again by hand is recognised, not stored twice.
    const again = await tenant.as.post(`/api/customers/${customerId}/payment-methods`).send({ accountId: account.body.id, token }).expect(201);
    expect(again.body.id).toBe(methods[0].id);
    expect((await tenant.as.get(`/api/customers/${customerId}/payment-methods`).expect(200)).body).toHaveLength(1);

    // A second subscription's open invoice is collected by the billing cycle with the saved card.
    const secondInvoice = await subscribe(tenant, customerId, `extra-${provider}`);
    const billing = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    await billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: `saved-${provider}`, asOf: new Date().toISOString() });
    const paid = await paidInvoice(tenant, secondInvoice);
    expect(paid).toMatchObject({ amountPaid: 500_000, amountDue: 0 });
    const fake = provider === 'paystack' ? paystack : flutterwave;
    const charges = fake.http.requestsTo('POST', chargePath).map((request) => JSON.parse(request.rawBody.toString()) as Record<string, unknown>);
    expect(charges.filter((body) => body.authorization_code === token || body.token === token)).toHaveLength(1);
  });
});
