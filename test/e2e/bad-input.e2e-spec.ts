// Each cause of a 500 the fuzz run of issue 7 found, as a 400 that names the field (the fuzz test,
// api-fuzz.e2e-spec.ts, keeps the whole API honest; these pin the causes down one by one).
import request from 'supertest';
import { connectTenantDb } from '../support/tenant-db';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const fieldsOf = (response: request.Response) => (response.body.fields as { field: string }[]).map((problem) => problem.field);

describe('bad input answers 400 naming the field', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let ids: { customer: string; product: string; plan: string; price: string; subscription: string; invoice: string; payment: string; ratePlan: string; account: string };

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    const as = tenant.as;
    const customer = (await as.post('/api/customers').send({ name: 'Input', email: 'input@example.test' }).expect(201)).body.id;
    const product = (await as.post('/api/products').send({ name: 'Line' }).expect(201)).body.id;
    const plan = (await as.post('/api/plans').send({ code: 'line', name: 'Line', productId: product }).expect(201)).body.id;
    const price = (await as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 50_000, interval: 'month' }).expect(201)).body.id;
    const subscription = (await as.post('/api/subscriptions').send({ customerId: customer, priceId: price }).expect(201)).body.id;
    const invoice = (await as.get('/api/invoices').query({ subscriptionId: subscription }).expect(200)).body.data[0].id;
    await as.post(`/api/invoices/${invoice}/mark-paid`).send({ reference: 'cash' }).expect(200);
    const payment = (await as.get('/api/payments').query({ invoiceId: invoice }).expect(200)).body.data[0].id;
    const ratePlan = (await as.post('/api/rate-plans').send({ name: 'Voice', currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 4 } }).expect(201)).body.id;
    const account = (await as.post('/api/accounts').send({ subscriptionId: subscription, ratePlanId: ratePlan, kind: 'prepaid' }).expect(201)).body.id;
    ids = { customer, product, plan, price, subscription, invoice, payment, ratePlan, account };
  });

  afterAll(async () => {
    await app?.close();
  });

  it('rejects NUL characters and lone surrogates in bodies (values and keys), query strings and path params', async () => {
    const nul = await tenant.as.post('/api/customers').send({ name: 'a\u0000b', email: 'nul@example.test', metadata: { note: 'x\u0000' } }).expect(400);
    expect(fieldsOf(nul)).toEqual(['name', 'metadata.note']);
    expect((await tenant.as.post('/api/customers').send({ name: 'Lone', email: 'lone\uD800@example.test' }).expect(400)).body.fields).toEqual([
      { field: 'email', message: 'must be valid Unicode (no unpaired surrogates)' },
    ]);
    expect(fieldsOf(await tenant.as.post('/api/products').send({ name: 'Keyed', metadata: { 'bad\u0000key': 'v' } }).expect(400))).toEqual(['metadata.bad\\u0000key']);
    expect(fieldsOf(await tenant.as.get('/api/customers').query({ search: 'a\u0000' }).expect(400))).toEqual(['search']);
    expect(fieldsOf(await tenant.as.get('/api/cdrs/export').query({ number: '1\u0000' }).expect(400))).toEqual(['number']);
    expect(fieldsOf(await tenant.as.get('/api/customers/a%00b').expect(400))).toEqual(['id']);
    expect(fieldsOf(await tenant.as.get('/api/customers/%ED%A0%80').expect(400))).toEqual(['path']);
  });

  it('rejects null where a field is not nullable, e.g. the amount of a payment or a refund', async () => {
    expect((await tenant.as.post(`/api/invoices/${ids.invoice}/pay`).send({ amount: null }).expect(400)).body.fields).toEqual([{ field: 'amount', message: 'must not be null (omit it instead)' }]);
    expect(fieldsOf(await tenant.as.post(`/api/payments/${ids.payment}/refund`).send({ amount: null }).expect(400))).toEqual(['amount']);
    expect(fieldsOf(await tenant.as.patch(`/api/products/${ids.product}`).send({ name: null }).expect(400))).toEqual(['name']);
    expect(fieldsOf(await tenant.as.post('/api/rate-plans').send({ name: 'N', currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: null } }).expect(400))).toContain('rounding.decimals');
  });

  it('names non-UUID ids in path and query, CDR filters included', async () => {
    expect((await tenant.as.get('/api/plans/not-a-uuid').expect(400)).body.fields).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    expect(fieldsOf(await tenant.as.delete(`/api/customers/${ids.customer}/payment-methods/42`).expect(400))).toEqual(['id']);
    for (const path of ['/api/cdrs', '/api/cdrs/export', '/api/cdrs/statistics']) {
      expect(fieldsOf(await tenant.as.get(path).query({ accountId: 'not-a-uuid' }).expect(400))).toEqual(['accountId']);
    }
    expect(fieldsOf(await tenant.as.post('/api/cdrs/retry').send({ accountId: "1' OR 1=1" }).expect(400))).toEqual(['accountId']);
  });

  it('bounds metadata like Stripe: flat, at most 50 keys, keys up to 40 and values up to 500 characters', async () => {
    const cases = [
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
      { ['k'.repeat(41)]: 'v' },
      { note: 'v'.repeat(501) },
      { nested: { deeper: { deepest: 'x' } } },
    ];
    for (const metadata of cases) {
      expect(fieldsOf(await tenant.as.post('/api/customers').send({ name: 'Meta', email: 'meta@example.test', metadata }).expect(400))).toEqual(['metadata']);
    }
    const fine = { ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])), ['k'.repeat(40)]: 'v'.repeat(500) };
    const saved = await tenant.as.patch(`/api/plans/${ids.plan}`).send({ metadata: fine }).expect(200);
    expect(Object.keys(saved.body.metadata)).toHaveLength(50);
  });

  it('names wrongly shaped bundles, destinations and timings of a rate plan', async () => {
    const response = await tenant.as
      .patch(`/api/rate-plans/${ids.ratePlan}`)
      .send({ destinations: [{ name: 'KE', prefixes: '254' }], timings: [{ id: 't', weight: 1, weekdays: 'mon' }], bundles: [{ id: 'b', destinations: 'KE', seconds: 60 }] })
      .expect(400);
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['destinations[0].prefixes', 'timings[0].weekdays', 'bundles[0].destinations']));
  });

  it('keeps account amounts within what a balance can hold', async () => {
    expect(fieldsOf(await tenant.as.post(`/api/accounts/${ids.account}/top-ups`).send({ amount: 1e300 }).expect(400))).toEqual(['amount']);
    expect(fieldsOf(await tenant.as.post(`/api/accounts/${ids.account}/top-ups`).send({ amount: 2 ** 63 }).expect(400))).toEqual(['amount']);
    expect(fieldsOf(await tenant.as.post('/api/accounts').send({ subscriptionId: ids.subscription, ratePlanId: ids.ratePlan, kind: 'prepaid', lowBalanceThreshold: 1e20 }).expect(400))).toEqual(['lowBalanceThreshold']);

    // A balance just below bigint's limit: the next top-up would overflow it.
    const db = await connectTenantDb(tenant.tenantId);
    try {
      await db.query('UPDATE telecom_accounts SET balance_nanos = 9223372036854775000 WHERE id = $1', [ids.account]);
    } finally {
      await db.end();
    }
    expect(fieldsOf(await tenant.as.post(`/api/accounts/${ids.account}/top-ups`).send({ amount: 1_000 }).expect(400))).toEqual(['amount']);
  });

  it('answers a foreign key that points nowhere with the field that names it', async () => {
    const patched = await tenant.as.patch(`/api/plans/${ids.plan}`).send({ productId: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' }).expect(400);
    expect(patched.body.fields).toEqual([{ field: 'productId', message: expect.stringMatching(/does not exist/) }]);
    expect(fieldsOf(await tenant.as.post('/api/plans').send({ code: 'orphan', name: 'Orphan', productId: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' }).expect(400))).toEqual(['productId']);
  });

  it('names __proto__ keys and unparsable JSON instead of a bare 400', async () => {
    const poisoned = await request(app.url).post('/api/customers').set('Authorization', `Bearer ${tenant.apiKey}`).set('content-type', 'application/json').send('{"name":"P","email":"p@example.test","metadata":{"__proto__":{"admin":true}}}').expect(400);
    expect(fieldsOf(poisoned)).toEqual(['metadata.__proto__']);
    const broken = await request(app.url).post('/api/customers').set('Authorization', `Bearer ${tenant.apiKey}`).set('content-type', 'application/json').send('{"name":').expect(400);
    expect(broken.body.fields).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
  });
});
