// Webhooks that must not be trusted, a worker that dies between storing and processing, and
// Idempotency-Key semantics; against the real API (worker started only when a test says so).
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { FakePaystack, FakeStripe, type SignedWebhook, startFakePaystack, startFakeStripe } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { connectTenantDb } from '../support/tenant-db';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('payments: untrusted webhooks, worker restarts, idempotency keys', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let stripe: FakeStripe;
  let tenant: TenantSession;
  let tenantDb: Client;
  let worker: INestApplicationContext | undefined;
  const accounts: Record<string, string> = {};

  beforeAll(async () => {
    paystack = await startFakePaystack();
    stripe = await startFakeStripe();
    app = await startTestApp({ worker: false, env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl},stripe=${stripe.baseUrl}` } });
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    tenantDb = await connectTenantDb(tenant.tenantId);
    accounts.paystack = (await tenant.asAdmin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: paystack.secretKey }, defaultForCurrencies: ['NGN'] }).expect(201)).body.id;
    accounts.stripe = (
      await tenant.asAdmin.post('/api/payment-providers').send({ provider: 'stripe', credentials: { secretKey: stripe.secretKey }, webhookSecret: stripe.webhookSecret, defaultForCurrencies: ['USD'] }).expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await worker?.close();
    await tenantDb?.end();
    await app?.close();
    await paystack?.close();
    await stripe?.close();
  });

  const post = (provider: string, webhook: SignedWebhook) =>
    fetch(`${app.url}/webhooks/${provider}/${tenant.tenantId}/${accounts[provider]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhook.headers },
      body: webhook.rawBody,
    }).then((response) => response.status);
  const storedEvents = async () => Number((await tenantDb.query<{ count: string }>('SELECT count(*) FROM webhook_events')).rows[0]!.count);

  async function startedNgnPayment(): Promise<{ invoiceId: string; reference: string }> {
    const customer = await tenant.as.post('/api/customers').send({ name: 'Chidi', email: `chidi-${Date.now()}@example.test`, currency: 'NGN' }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: `p-${Date.now()}`, name: 'Basic' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 500_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    const started = await tenant.as.post(`/api/invoices/${subscription.body.firstInvoiceId}/pay`).send({}).expect(200);
    return { invoiceId: subscription.body.firstInvoiceId, reference: started.body.providerReference };
  }

  it('rejects tampered, wrongly signed, unsigned and stale webhooks and stores nothing', async () => {
    const { reference } = await startedNgnPayment();
    const genuine = paystack.completePayment(reference);
    const before = await storedEvents();

    const tampered = Buffer.from(genuine.rawBody.toString().replace('"amount":500000', '"amount":1'));
    expect(tampered.equals(genuine.rawBody)).toBe(false);
    expect(await post('paystack', { headers: genuine.headers, rawBody: tampered })).toBe(401);
    const wrongSecret = createHmac('sha512', 'sk_test_not_the_right_key').update(genuine.rawBody).digest('hex');
    expect(await post('paystack', { headers: { 'x-paystack-signature': wrongSecret }, rawBody: genuine.rawBody })).toBe(401);
    expect(await post('paystack', { headers: {}, rawBody: genuine.rawBody })).toBe(401);

    const session = { id: 'cs_test_stale', object: 'checkout.session', payment_status: 'paid', amount_total: 100, currency: 'usd', metadata: {} };
    const stale = stripe.event('checkout.session.completed', session, { timestamp: Math.floor(Date.now() / 1000) - 3_600 });
    expect(await post('stripe', stale)).toBe(400);
    const otherSecret = stripe.event('checkout.session.completed', session, { secret: 'whsec_someone_else' });
    expect(await post('stripe', otherSecret)).toBe(401);
    // An unknown account or tenant is a 404, also before anything is stored.
    expect(await fetch(`${app.url}/webhooks/paystack/${tenant.tenantId}/00000000-0000-4000-8000-000000000000`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.status)).toBe(404);

    expect(await storedEvents()).toBe(before);
  });

  it('keeps a stored event through a worker outage and processes it once after restart', async () => {
    const { invoiceId, reference } = await startedNgnPayment();
    const webhook = paystack.completePayment(reference);
    expect(await post('paystack', webhook)).toBe(200);
    expect(await post('paystack', webhook)).toBe(200);

    const stored = await tenantDb.query<{ status: string; raw_body: string }>(`SELECT status, raw_body FROM webhook_events WHERE provider_reference = $1`, [reference]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]).toMatchObject({ status: 'received', raw_body: webhook.rawBody.toString() });
    expect((await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body.status).toBe('open');

    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(app.config, { scheduler: false }), { logger: false });
    await worker.init();
    await eventually(async () => ((await tenant.as.get(`/api/invoices/${invoiceId}`)).body.status === 'paid' ? true : undefined), 15_000, 'invoice paid');
    const processed = await tenantDb.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM webhook_events WHERE provider_reference = $1`, [reference]);
    expect(processed.rows).toEqual([{ status: 'processed', attempts: 1 }]);
    const payments = await tenant.as.get(`/api/payments?invoiceId=${invoiceId}&status=succeeded`).expect(200);
    expect(payments.body.data).toHaveLength(1);
  });

  it('replays the first answer for a repeated Idempotency-Key, refuses another body, and runs concurrent duplicates once', async () => {
    const body = { name: 'Idem Potent', email: 'idem@example.test' };
    const first = await tenant.as.post('/api/customers').set('Idempotency-Key', 'key-create-1').send(body).expect(201);
    const again = await tenant.as.post('/api/customers').set('Idempotency-Key', 'key-create-1').send(body).expect(201);
    expect(again.body).toEqual(JSON.parse(JSON.stringify(first.body)));
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await tenant.as.post('/api/customers').set('Idempotency-Key', 'key-create-1').send({ ...body, name: 'Someone Else' }).expect(409);
    expect(other.body.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);

    const racing = { name: 'Race Condition', email: 'race@example.test' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => tenant.as.post('/api/customers').set('Idempotency-Key', 'key-race').send(racing)));
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.every((answer) => answer.status === 201 || answer.status === 409)).toBe(true);
    const count = await tenantDb.query<{ count: string }>(`SELECT count(*) FROM customers WHERE email = 'race@example.test'`);
    expect(Number(count.rows[0]!.count)).toBe(1);

    // Without a key, nothing changes: two requests, two customers.
    await tenant.as.post('/api/customers').send(racing).expect(201);
    const twice = await tenantDb.query<{ count: string }>(`SELECT count(*) FROM customers WHERE email = 'race@example.test'`);
    expect(Number(twice.rows[0]!.count)).toBe(2);
  });
});
