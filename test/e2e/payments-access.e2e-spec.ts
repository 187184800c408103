// Who may move money out: refunds, voids and mark-paid need owner/admin for JWT users (members
// get 403) and are open to the tenant's API keys. And another tenant's customer is a 404, also
// when listing its payment methods.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TokenService } from '../../apps/api/src/auth/token.service';
import { FakePaystack, startFakePaystack } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from '../support/test-env';
import { Agent, TenantSession, agent, registerTenant } from '../support/tenant-session';

describe('payments: roles on money-out, tenant isolation of payment methods', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let tenant: TenantSession;
  let member: Agent;
  let accountId: string;
  let sequence = 0;

  beforeAll(async () => {
    paystack = await startFakePaystack();
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl}` } });
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    accountId = (await tenant.asAdmin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: paystack.secretKey }, defaultForCurrencies: ['NGN'] }).expect(201)).body.id;

    // A member of the tenant (no endpoint invites users yet): a row and a token of their own.
    const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
    await central.connect();
    const memberId = randomUUID();
    try {
      await central.query(`INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Member', 'not-a-hash', 'member')`, [
        memberId,
        tenant.tenantId,
        `member-${memberId.slice(0, 8)}@example.test`,
      ]);
    } finally {
      await central.end();
    }
    const tokens = await app.api.get(TokenService).issue({ id: memberId, tenantId: tenant.tenantId, role: 'member' });
    member = agent(app, tokens.accessToken);
  });

  afterAll(async () => {
    await app?.close();
    await paystack?.close();
  });

  async function openInvoice(): Promise<string> {
    sequence += 1;
    const customer = await tenant.as.post('/api/customers').send({ name: 'Ada', email: `ada-${sequence}@example.test`, currency: 'NGN' }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: `roles-${sequence}`, name: 'Plan' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 400_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    return subscription.body.firstInvoiceId;
  }

  async function paidPayment(): Promise<string> {
    const invoiceId = await openInvoice();
    const started = await tenant.as.post(`/api/invoices/${invoiceId}/pay`).send({}).expect(200);
    const webhook = paystack.completePayment(started.body.providerReference);
    const delivered = await fetch(`${app.url}/webhooks/paystack/${tenant.tenantId}/${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: webhook.rawBody });
    expect(delivered.status).toBe(200);
    await eventually(async () => ((await tenant.as.get(`/api/invoices/${invoiceId}`)).body.status === 'paid' ? true : undefined), 15_000, 'invoice paid');
    return started.body.paymentId;
  }

  it('refunds: a member is refused; an admin and an API key may', async () => {
    const paymentId = await paidPayment();
    const refused = await member.post(`/api/payments/${paymentId}/refund`).send({ amount: 1_000 }).expect(403);
    expect(refused.body.message).toMatch(/owner, admin/);
    expect((await tenant.as.get(`/api/payments/${paymentId}`).expect(200)).body).toMatchObject({ refunds: [] });

    await tenant.asAdmin.post(`/api/payments/${paymentId}/refund`).send({ amount: 1_000 }).expect(200);
    await tenant.as.post(`/api/payments/${paymentId}/refund`).send({ amount: 2_000 }).expect(200);
    expect((await tenant.as.get(`/api/payments/${paymentId}`).expect(200)).body.refunds).toHaveLength(2);
  });

  it('credit balance adjustments: a member is refused and nothing is credited; an admin may', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Credit', email: 'credit-roles@example.test' }).expect(201)).body;
    const adjustment = { amount: 5_000, currency: 'NGN', reason: 'Goodwill' };
    expect((await member.post(`/api/customers/${customer.id}/balance-transactions`).send(adjustment).expect(403)).body.message).toMatch(/owner, admin/);
    expect((await member.get(`/api/customers/${customer.id}/balance`).expect(200)).body.balances).toEqual([]);
    await tenant.asAdmin.post(`/api/customers/${customer.id}/balance-transactions`).send(adjustment).expect(201);
    expect((await member.get(`/api/customers/${customer.id}/balance`).expect(200)).body.balances).toEqual([{ currency: 'NGN', balance: 5_000 }]);
  });

  it('receipts: a member is refused and nothing is recorded; an admin and an API key may', async () => {
    const invoiceId = await openInvoice();
    const { customerId } = (await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body;
    const receipt = { customerId, amount: 1_000, currency: 'NGN', method: 'bank_transfer', allocate: 'oldest_first' };
    expect((await member.post('/api/payments').send(receipt).expect(403)).body.message).toMatch(/owner, admin/);
    expect((await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body.amountDue).toBe(400_000);
    await tenant.asAdmin.post('/api/payments').send(receipt).expect(201);
    await tenant.as.post('/api/payments').send(receipt).expect(201);
    expect((await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body.amountDue).toBe(398_000);
  });

  it('credit notes: a member is refused and nothing is credited; an admin may', async () => {
    const invoiceId = await openInvoice();
    const refused = await member.post('/api/credit-notes').send({ invoiceId, amount: 1_000, reason: 'other' }).expect(403);
    expect(refused.body.message).toMatch(/owner, admin/);
    expect((await tenant.as.get(`/api/credit-notes?invoiceId=${invoiceId}`).expect(200)).body.data).toEqual([]);
    const note = (await tenant.asAdmin.post('/api/credit-notes').send({ invoiceId, amount: 1_000, reason: 'other' }).expect(201)).body;
    await member.post(`/api/credit-notes/${note.id}/void`).expect(403);
  });

  it('void and mark-paid: a member is refused and nothing changes; an admin and an API key may', async () => {
    const [first, second, third, fourth] = [await openInvoice(), await openInvoice(), await openInvoice(), await openInvoice()];
    await member.post(`/api/invoices/${first}/void`).expect(403);
    await member.post(`/api/invoices/${first}/mark-paid`).send({}).expect(403);
    expect((await tenant.as.get(`/api/invoices/${first}`).expect(200)).body.status).toBe('open');
    expect((await tenant.as.get(`/api/payments?invoiceId=${first}`).expect(200)).body.data).toEqual([]);

    expect((await tenant.asAdmin.post(`/api/invoices/${first}/void`).expect(200)).body.status).toBe('void');
    expect((await tenant.as.post(`/api/invoices/${second}/void`).expect(200)).body.status).toBe('void');
    expect((await tenant.asAdmin.post(`/api/invoices/${third}/mark-paid`).send({}).expect(200)).body.status).toBe('paid');
    expect((await tenant.as.post(`/api/invoices/${fourth}/mark-paid`).send({}).expect(200)).body.status).toBe('paid');
  });

  it('a member still reads invoices and payments', async () => {
    await member.get('/api/invoices').expect(200);
    await member.get('/api/payments').expect(200);
  });

  it('payment methods of another tenant\'s customer (or of none) answer 404, not an empty list', async () => {
    const own = await tenant.as.post('/api/customers').send({ name: 'Own', email: 'own@example.test', currency: 'NGN' }).expect(201);
    await tenant.as.get(`/api/customers/${own.body.id}/payment-methods`).expect(200, { object: 'list', data: [], nextCursor: null, hasMore: false, livemode: true });

    const other = await registerTenant(app, { defaultCurrency: 'NGN' });
    const response = await other.as.get(`/api/customers/${own.body.id}/payment-methods`).expect(404);
    expect(JSON.stringify(response.body)).not.toContain('"data"');
    await other.asAdmin.get(`/api/customers/${own.body.id}/payment-methods`).expect(404);
    await tenant.as.get(`/api/customers/${randomUUID()}/payment-methods`).expect(404);
  });
});
