// Test mode end to end (issue 10): every tenant has a live and a test database. sk_live_ keys reach
// only live data, sk_test_ keys only test data, an admin's JWT either, by the Nova-Mode header; every
// answer says its mode; the billing cycle and provider webhooks stay in their mode.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import request from 'supertest';
import { JOBS, QUEUES, jobId, redisOptionsFromUrl } from '@nova/queue';
import { PaymentFake, eventually, startPaymentFake } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { Agent, TenantSession, agent, registerTenant } from '../support/tenant-session';

const DAY_MS = 86_400_000;
/** Payment-provider settings take an admin's JWT only (API keys get 403): those families are read by the admin in each mode. */
const ADMIN_ONLY = new Set(['provider', 'providers']);

/** One object of every resource family, made in one mode, with the path that reads each back and the list that shows it. */
interface ModeObjects {
  reads: Record<string, string>;
  lists: Record<string, { path: string; id: string }>;
  invoiceId: string;
}

describe('test mode: a second database per tenant', () => {
  let app: TestApp;
  let mpesa: PaymentFake;
  let tenant: TenantSession;
  /** The two modes, each by its API key and by the owner's JWT. */
  let live: Agent;
  let test: Agent;
  let adminLive: Agent;
  let adminTest: Agent;
  let testKey: string;

  beforeAll(async () => {
    mpesa = await startPaymentFake('mpesa');
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `mpesa=${mpesa.baseUrl}` } });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    testKey = (await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'sandbox', mode: 'test' }).expect(201)).body.secret;
    expect(testKey).toMatch(/^sk_test_/);
    live = tenant.as;
    test = agent(app, testKey);
    adminLive = tenant.asAdmin;
    adminTest = agent(app, tenant.accessToken, { 'Nova-Mode': 'test' });
  });

  afterAll(async () => {
    await app?.close();
    await mpesa?.close();
  });

  async function makeObjects(as: Agent, admin: Agent, label: string): Promise<ModeObjects> {
    const customer = (await as.post('/api/customers').send({ name: `Amani ${label}`, email: `amani-${label}@example.test`, phone: '254712345678', currency: 'KES' }).expect(201)).body;
    const product = (await as.post('/api/products').send({ name: `Voice ${label}` }).expect(201)).body;
    const plan = (await as.post('/api/plans').send({ code: `pro-${label}`, name: 'Pro', productId: product.id }).expect(201)).body;
    const price = (await as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 150_000, interval: 'month' }).expect(201)).body;
    const subscription = (await as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id }).expect(201)).body;
    const invoiceId: string = subscription.firstInvoiceId;
    const oneOff = (await as.post('/api/invoices').send({ customerId: customer.id, currency: 'KES', lines: [{ description: 'Installation', quantity: 1, unitAmount: 50_000 }] }).expect(201)).body;
    const receipt = (await as.post('/api/payments').send({ customerId: customer.id, amount: 50_000, currency: 'KES', method: 'cash', reference: `R-${label}`, receivedAt: new Date().toISOString(), allocations: [{ invoiceId: oneOff.id, amount: 50_000 }] }).expect(201)).body;
    const creditNote = (await as.post('/api/credit-notes').send({ invoiceId: oneOff.id, amount: 1_000, reason: 'other' }).expect(201)).body;
    const ratePlan = (await as.post('/api/rate-plans').send({ name: `Rates ${label}`, currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 4 } }).expect(201)).body;
    const account = (await as.post('/api/accounts').send({ subscriptionId: subscription.id, ratePlanId: ratePlan.id, kind: 'prepaid' }).expect(201)).body;
    const provider = (await admin.post('/api/payment-providers').send({ provider: 'mpesa', name: `M-Pesa ${label}`, ...mpesa.connect, defaultForCurrencies: ['KES'] }).expect(201)).body;
    const paymentId: string = receipt.id ?? receipt.payment?.id;
    expect(paymentId).toEqual(expect.any(String));
    return {
      invoiceId,
      reads: {
        customer: `/api/customers/${customer.id}`,
        product: `/api/products/${product.id}`,
        plan: `/api/plans/${plan.id}`,
        prices: `/api/plans/${plan.id}/prices`,
        subscription: `/api/subscriptions/${subscription.id}`,
        invoice: `/api/invoices/${invoiceId}`,
        payment: `/api/payments/${paymentId}`,
        creditNote: `/api/credit-notes/${creditNote.id}`,
        ratePlan: `/api/rate-plans/${ratePlan.id}`,
        account: `/api/accounts/${account.id}`,
        provider: `/api/payment-providers/${provider.id}`,
      },
      lists: {
        customers: { path: '/api/customers', id: customer.id },
        products: { path: '/api/products', id: product.id },
        plans: { path: '/api/plans', id: plan.id },
        subscriptions: { path: '/api/subscriptions', id: subscription.id },
        invoices: { path: '/api/invoices', id: invoiceId },
        payments: { path: '/api/payments', id: paymentId },
        creditNotes: { path: '/api/credit-notes', id: creditNote.id },
        ratePlans: { path: '/api/rate-plans', id: ratePlan.id },
        providers: { path: '/api/payment-providers', id: provider.id },
      },
    };
  }

  let liveObjects: ModeObjects;
  let testObjects: ModeObjects;

  it('keeps every resource family in its mode: 404 in the other, never in the other\'s lists, livemode on each answer', async () => {
    liveObjects = await makeObjects(live, adminLive, 'live');
    testObjects = await makeObjects(test, adminTest, 'test');

    const keyOf = (family: string, key: Agent, admin: Agent) => (ADMIN_ONLY.has(family) ? admin : key);
    for (const [family, path] of Object.entries(testObjects.reads)) {
      const own = await keyOf(family, test, adminTest).get(path);
      expect({ family, status: own.status, livemode: own.body.livemode }).toEqual({ family, status: 200, livemode: false });
      // The owner's JWT in test mode sees the same as the test key.
      expect({ family, status: (await adminTest.get(path)).status }).toEqual({ family, status: 200 });
      // The prices list of a plan that does not exist in live mode is a 404 like the plan.
      expect({ family, status: (await keyOf(family, live, adminLive).get(path)).status }).toEqual({ family, status: 404 });
      expect({ family, status: (await adminLive.get(path)).status }).toEqual({ family, status: 404 });
    }
    for (const [family, path] of Object.entries(liveObjects.reads)) {
      const own = await keyOf(family, live, adminLive).get(path);
      expect({ family, status: own.status, livemode: own.body.livemode }).toEqual({ family, status: 200, livemode: true });
      expect({ family, status: (await keyOf(family, test, adminTest).get(path)).status }).toEqual({ family, status: 404 });
    }

    for (const [family, { path }] of Object.entries(testObjects.lists)) {
      const [inTest, inLive] = await Promise.all([keyOf(family, test, adminTest).get(`${path}?limit=100`).expect(200), keyOf(family, live, adminLive).get(`${path}?limit=100`).expect(200)]);
      const ids = (page: request.Response) => (page.body.data as { id: string }[]).map((item) => item.id);
      expect({ family, hasOwn: ids(inTest).includes(testObjects.lists[family]!.id), hasOther: ids(inTest).includes(liveObjects.lists[family]!.id) }).toEqual({ family, hasOwn: true, hasOther: false });
      expect({ family, hasOwn: ids(inLive).includes(liveObjects.lists[family]!.id), hasOther: ids(inLive).includes(testObjects.lists[family]!.id) }).toEqual({ family, hasOwn: true, hasOther: false });
      expect({ family, list: inTest.body.livemode, items: (inTest.body.data as { livemode: boolean }[]).every((item) => item.livemode === false) }).toEqual({ family, list: false, items: true });
      expect({ family, list: inLive.body.livemode, items: (inLive.body.data as { livemode: boolean }[]).every((item) => item.livemode === true) }).toEqual({ family, list: true, items: true });
    }

    // Telecom numbers: a number added in test mode is free to add in live mode too (two inventories).
    await test.post('/api/dids').send({ numbers: ['+254700000101'] }).expect(201);
    expect((await live.get('/api/dids').expect(200)).body.data.map((did: { number: string }) => did.number)).not.toContain('254700000101');
    await live.post('/api/dids').send({ numbers: ['+254700000101'] }).expect(201);
  });

  it('refuses an API key with a contradicting Nova-Mode header and a mode that does not exist, naming the header', async () => {
    const contradicting = await test.get('/api/customers').set('Nova-Mode', 'live').expect(400);
    expect(contradicting.body.fields).toEqual([{ field: 'Nova-Mode', message: expect.stringContaining('test API key') }]);
    await live.get('/api/customers').set('Nova-Mode', 'test').expect(400);
    // Agreeing with the key is fine.
    expect((await test.get('/api/customers').set('Nova-Mode', 'test').expect(200)).body.livemode).toBe(false);
    const unknown = await adminLive.get('/api/customers').set('Nova-Mode', 'sandbox').expect(400);
    expect(unknown.body.fields).toEqual([{ field: 'Nova-Mode', message: 'must be live or test' }]);
    // Public routes and the central registry have no mode: tenant settings answer in the request's mode all the same.
    expect((await adminTest.get('/api/tenants/me').expect(200)).body.livemode).toBe(false);
  });

  it('says the mode on answers serialised from their schema too, replays included', async () => {
    for (const [agent, livemode] of [[test, false], [live, true]] as const) {
      const key = `mode-replay-${livemode}-${Date.now()}`;
      const body = { name: `Replay ${livemode}`, email: `replay-${livemode}@example.test` };
      const first = await agent.post('/api/customers').set('Idempotency-Key', key).send(body).expect(201);
      const replay = await agent.post('/api/customers').set('Idempotency-Key', key).send(body).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect([first.body.livemode, replay.body.livemode]).toEqual([livemode, livemode]);
      expect((await agent.get(`/api/customers/${first.body.id}`).expect(200)).body).toMatchObject({ object: 'customer', id: first.body.id, livemode });
      const page = (await agent.get('/api/customers?limit=3').expect(200)).body;
      expect({ list: page.livemode, items: page.data.map((item: { livemode: boolean }) => item.livemode) }).toEqual({ list: livemode, items: page.data.map(() => livemode) });
    }
  });

  it('documents the mode: the Nova-Mode header on tenant operations, livemode on what they answer', async () => {
    const doc = (await request(app.url).get('/api/docs-json').expect(200)).body;
    expect(doc.info.description).toContain('Live and test mode');
    expect(doc.components.parameters.NovaMode).toMatchObject({ name: 'Nova-Mode', in: 'header', required: false, schema: { enum: ['live', 'test'] } });
    const getCustomer = doc.paths['/api/customers/{id}'].get;
    expect(getCustomer.parameters).toContainEqual({ $ref: '#/components/parameters/NovaMode' });
    const customerSchema = doc.components.schemas[getCustomer.responses['200'].content['application/json'].schema.$ref.split('/').pop()];
    expect(customerSchema.properties.livemode).toMatchObject({ type: 'boolean' });
    // Sign-in is public: no mode there.
    expect(doc.paths['/api/auth/login'].post.parameters ?? []).not.toContainEqual({ $ref: '#/components/parameters/NovaMode' });
  });

  it('runs the billing cycle of one mode over that mode\'s subscriptions only', async () => {
    const backdated = async (as: Agent, label: string) => {
      const customer = (await as.post('/api/customers').send({ name: `Cycle ${label}`, email: `cycle-${label}@example.test`, currency: 'KES' }).expect(201)).body;
      const plan = (await as.post('/api/plans').send({ code: `cycle-${label}`, name: 'Cycle' }).expect(201)).body;
      const price = (await as.post(`/api/plans/${plan.id}/prices`).send({ currency: 'KES', unitAmount: 10_000, interval: 'day' }).expect(201)).body;
      const subscription = (await as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id, startAt: new Date(Date.now() - 3 * DAY_MS - 60_000).toISOString() }).expect(201)).body;
      return subscription.id as string;
    };
    const invoicesOf = async (as: Agent, subscriptionId: string) => (await as.get(`/api/invoices?subscriptionId=${subscriptionId}&limit=100`).expect(200)).body.data.length as number;
    const liveSubscription = await backdated(live, 'live');
    const testSubscription = await backdated(test, 'test');
    const [liveBefore, testBefore] = [await invoicesOf(live, liveSubscription), await invoicesOf(test, testSubscription)];

    const testRun = (await adminTest.post('/api/invoices/process-billing-cycle').expect(200)).body;
    expect(testRun.livemode).toBe(false);
    expect(testRun.invoicesIssued).toBeGreaterThanOrEqual(3);
    expect(await invoicesOf(test, testSubscription)).toBe(testBefore + testRun.invoicesIssued);
    expect(await invoicesOf(live, liveSubscription)).toBe(liveBefore);

    const liveRun = (await adminLive.post('/api/invoices/process-billing-cycle').expect(200)).body;
    expect(liveRun.livemode).toBe(true);
    expect(await invoicesOf(live, liveSubscription)).toBe(liveBefore + liveRun.invoicesIssued);
    expect(liveRun.invoicesIssued).toBeGreaterThanOrEqual(3);
    expect(await invoicesOf(test, testSubscription)).toBe(testBefore + testRun.invoicesIssued);
  });

  it('fans the worker\'s billing cycle out per tenant and mode, each job in its mode', async () => {
    const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    const events = new QueueEvents(QUEUES.billing, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
    await events.waitUntilReady();
    try {
      const tick = await queue.add(JOBS.billingRunAll, { correlationId: 'test-mode-fan-out' });
      await tick.waitUntilFinished(events, 20_000);
      const asOf = new Date(Math.floor(tick.timestamp / 60_000) * 60_000).toISOString();
      const liveJob = await queue.getJob(jobId('billing', tenant.tenantId, asOf));
      const testJob = await queue.getJob(jobId('billing', `${tenant.tenantId}-test`, asOf));
      expect(liveJob?.data).toMatchObject({ tenantId: tenant.tenantId, mode: 'live', asOf });
      expect(testJob?.data).toMatchObject({ tenantId: tenant.tenantId, mode: 'test', asOf });
      await testJob!.waitUntilFinished(events, 20_000);
      await liveJob!.waitUntilFinished(events, 20_000);
    } finally {
      await events.close();
    }
  });

  it('hands providers test-mode callback URLs, and a webhook to one settles only the test payment', async () => {
    const pay = async (as: Agent, invoiceId: string) => (await as.post(`/api/invoices/${invoiceId}/pay`).send({ returnUrl: 'https://merchant.example/paid' }).expect(200)).body;
    const liveStarted = await pay(live, liveObjects.invoiceId);
    const testStarted = await pay(test, testObjects.invoiceId);
    const liveCallback = mpesa.completePayment(liveStarted.providerReference);
    const testCallback = mpesa.completePayment(testStarted.providerReference);
    // The callback URLs the app gave Daraja: the test payment's carries the mode.
    expect(liveCallback.path).toMatch(new RegExp(`^/webhooks/mpesa/${tenant.tenantId}/`));
    expect(testCallback.path).toMatch(new RegExp(`^/webhooks/test/mpesa/${tenant.tenantId}/`));

    const deliver = (path: string, body: string | Buffer) =>
      fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...testCallback.headers }, body }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      });
    // The test account's callback at the live URL names an account live mode does not have.
    expect(await deliver(testCallback.path!.replace('/webhooks/test/', '/webhooks/'), testCallback.rawBody)).toBe(404);
    expect(await deliver(testCallback.path!, testCallback.rawBody)).toBe(200);

    const paid = await eventually(async () => {
      const invoice = (await test.get(`/api/invoices/${testObjects.invoiceId}`).expect(200)).body;
      return invoice.status === 'paid' ? invoice : undefined;
    }, 20_000, 'test invoice paid');
    expect(paid).toMatchObject({ livemode: false, amountDue: 0 });
    const liveInvoice = (await live.get(`/api/invoices/${liveObjects.invoiceId}`).expect(200)).body;
    expect(liveInvoice).toMatchObject({ status: 'open', livemode: true });
    expect(liveInvoice.amountDue).toBeGreaterThan(0);
  });
});
