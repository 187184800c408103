// Issue 9 end to end, once per provider: a credit note refunded through the invoice's provider
// payment, over HTTP against the real API and worker and each provider's local fake. The fake
// must receive that provider's real refund request (endpoint, auth, amount in its units); the
// refund stays pending until the provider's signed webhook settles it, and the note follows.
// Hostile deliveries around it: a forged signature (401, nothing stored), copies in another
// currency or for another amount (stored, rejected, nothing settled), an unknown refund id from
// a provider that does not sign its callbacks (recorded, ignored), the genuine webhook replayed
// (settled once) and a late contradicting failure (kept succeeded). A refund the provider fails
// puts its amount on the customer's balance, with refundStatus failed.
import type { Client } from 'pg';
import type { FakeRequest } from '../../libs/payments/testing';
import { PaymentFake, ProviderWebhook, eventually, startPaymentFake } from '../support/payment-fakes';
import { connectTenantDb } from '../support/tenant-db';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const PROVIDERS = ['stripe', 'razorpay', 'paystack', 'flutterwave', 'mpesa'] as const;
type Provider = (typeof PROVIDERS)[number];
type Json = Record<string, unknown>;

/** What a refund request of `amountMinor` looks like on each provider's wire. */
const REFUND_REQUESTS: Record<Provider, { method: string; path: RegExp; check(request: FakeRequest, fake: PaymentFake, amountMinor: number, refundId: string): void }> = {
  stripe: {
    method: 'POST',
    path: /^\/v1\/refunds$/,
    check(request, fake, amountMinor, refundId) {
      expect(request.headers.authorization).toBe(`Bearer ${fake.connect.credentials.secretKey}`);
      expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
      const form = new URLSearchParams(request.rawBody.toString('utf8'));
      expect(form.get('amount')).toBe(String(amountMinor)); // minor units (cents)
      expect(form.get('payment_intent')).toMatch(/^pi_/);
      expect(request.headers['idempotency-key']).toContain(refundId);
    },
  },
  razorpay: {
    method: 'POST',
    path: /^\/v1\/payments\/pay_[^/]+\/refund$/,
    check(request, fake, amountMinor) {
      const { keyId, keySecret } = fake.connect.credentials;
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`);
      expect(JSON.parse(request.rawBody.toString('utf8'))).toMatchObject({ amount: amountMinor }); // paise
      expect(request.headers['x-refund-idempotency']).toEqual(expect.any(String));
    },
  },
  paystack: {
    method: 'POST',
    path: /^\/refund$/,
    check(request, fake, amountMinor) {
      expect(request.headers.authorization).toBe(`Bearer ${fake.connect.credentials.secretKey}`);
      expect(JSON.parse(request.rawBody.toString('utf8'))).toMatchObject({ transaction: expect.any(String), amount: amountMinor, currency: 'NGN' }); // kobo
    },
  },
  flutterwave: {
    method: 'POST',
    path: /^\/v3\/transactions\/\d+\/refund$/,
    check(request, fake, amountMinor) {
      expect(request.headers.authorization).toBe(`Bearer ${fake.connect.credentials.secretKey}`);
      expect(JSON.parse(request.rawBody.toString('utf8'))).toMatchObject({ amount: amountMinor / 100 }); // naira, major units
    },
  },
  mpesa: {
    method: 'POST',
    path: /^\/mpesa\/reversal\/v1\/request$/,
    check(request, fake, amountMinor) {
      expect(request.headers.authorization).toMatch(/^Bearer \S+$/); // the OAuth token, not the consumer secret
      expect(request.headers.authorization).not.toContain(fake.connect.credentials.consumerSecret);
      expect(JSON.parse(request.rawBody.toString('utf8'))).toMatchObject({
        CommandID: 'TransactionReversal',
        Initiator: 'apiop',
        TransactionID: expect.stringMatching(/^(?!ws_CO_)\S+$/), // the M-Pesa receipt, not the STK checkout id
        Amount: amountMinor / 100, // whole shillings
        ResultURL: expect.stringContaining('/webhooks/mpesa/'),
      });
    },
  },
};

/** Where a field of the refund sits in each provider's refund webhook: its object and key. */
type Slot = (body: Json) => [Json, string];
const at = (...path: string[]): Slot => (body) => {
  let node = body;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  return [node, path[path.length - 1]!];
};
const mpesaParameter = (name: string): Slot => (body) => [(((body.Result as Json).ResultParameters as Json).ResultParameter as Json[]).find((parameter) => parameter.Key === name)!, 'Value'];

/** The refund's amount, currency (M-Pesa: KES only, none on the wire) and id in each provider's refund webhook. */
const REFUND_FIELDS: Record<Provider, { amount: Slot; currency?: Slot; id: Slot }> = {
  stripe: { amount: at('data', 'object', 'amount'), currency: at('data', 'object', 'currency'), id: at('data', 'object', 'id') },
  razorpay: { amount: at('payload', 'refund', 'entity', 'amount'), currency: at('payload', 'refund', 'entity', 'currency'), id: at('payload', 'refund', 'entity', 'id') },
  paystack: { amount: at('data', 'amount'), currency: at('data', 'currency'), id: at('data', 'refund_reference') },
  flutterwave: { amount: at('data', 'amount_refunded'), currency: at('data', 'currency'), id: at('data', 'id') },
  mpesa: { amount: mpesaParameter('Amount'), id: at('Result', 'OriginatorConversationID') },
};

describe('credit notes refunded through every provider, settled by its webhook', () => {
  let app: TestApp;
  const fakes = new Map<Provider, PaymentFake>();
  const databases: Client[] = [];

  beforeAll(async () => {
    for (const provider of PROVIDERS) fakes.set(provider, await startPaymentFake(provider));
    for (const fake of fakes.values()) fake.holdRefunds?.();
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: [...fakes.values()].map((fake) => `${fake.provider}=${fake.baseUrl}`).join(',') } });
  });

  afterAll(async () => {
    await Promise.all(databases.map((db) => db.end()));
    await app?.close();
    await Promise.all([...fakes.values()].map((fake) => fake.close()));
  });

  interface Setup {
    readonly fake: PaymentFake;
    readonly tenant: TenantSession;
    readonly db: Client;
    deliver(webhook: ProviderWebhook): Promise<number>;
  }

  async function setUp(provider: Provider): Promise<Setup> {
    const fake = fakes.get(provider)!;
    const tenant = await registerTenant(app, { defaultCurrency: fake.currency });
    const accountId = (await tenant.asAdmin.post('/api/payment-providers').send({ provider, name: provider, ...fake.connect, defaultForCurrencies: [fake.currency] }).expect(201)).body.id;
    const db = await connectTenantDb(tenant.tenantId);
    databases.push(db);
    const deliver = async (webhook: ProviderWebhook) => {
      const response = await fetch(`${app.url}${webhook.path ?? `/webhooks/${provider}/${tenant.tenantId}/${accountId}`}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhook.headers },
        body: webhook.rawBody,
      });
      await response.arrayBuffer();
      return response.status;
    };
    return { fake, tenant, db, deliver };
  }

  /** An invoice paid through the provider, then a credit note refunding `share` of it: the note, its payment, and the refund the provider holds pending. */
  async function pendingCreditNoteRefund({ fake, tenant, deliver }: Setup, share: (total: number) => number) {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Amina Okafor', email: 'amina@example.test', phone: '254712345678', currency: fake.currency }).expect(201)).body;
    const created = (await tenant.as.post('/api/invoices').send({ customerId: customer.id, currency: fake.currency, lines: [{ description: 'Pro plan', quantity: 1, unitAmount: fake.unitAmount }] }).expect(201)).body;
    const started = (await tenant.as.post(`/api/invoices/${created.id}/pay`).send({ returnUrl: 'https://merchant.example/paid' }).expect(200)).body;
    expect(await deliver(fake.completePayment(started.providerReference))).toBe(200);
    const invoice = await eventually(async () => {
      const current = (await tenant.as.get(`/api/invoices/${created.id}`).expect(200)).body;
      return current.status === 'paid' ? current : undefined;
    }, 15_000, 'invoice paid');
    const paymentId: string = (await tenant.as.get(`/api/payments?invoiceId=${invoice.id}`).expect(200)).body.data[0].id;

    const amount = share(invoice.total);
    if (fake.provider === 'mpesa') {
      // A reversal returns the whole payment: part of it is refused up front, naming the field.
      const partial = await tenant.asAdmin.post('/api/credit-notes').send({ invoiceId: invoice.id, reason: 'order_change', amount: 50_000, refundAmount: 50_000 }).expect(400);
      expect(partial.body.fields).toEqual([expect.objectContaining({ field: 'refundAmount', message: expect.stringContaining('only as a whole') })]);
    }
    const issued = (await tenant.asAdmin.post('/api/credit-notes').send({ invoiceId: invoice.id, reason: 'order_change', amount, refundAmount: amount }).expect(201)).body;
    expect(issued).toMatchObject({ refundAmount: amount, refundStatus: 'pending', refundPaymentId: paymentId });
    // The worker asked the provider, which accepted the refund and holds it pending.
    const refund = await eventually(async () => {
      const payment = (await tenant.as.get(`/api/payments/${paymentId}`).expect(200)).body;
      return payment.refunds[0]?.providerReference ? payment.refunds[0] : undefined;
    }, 15_000, 'refund sent');
    expect(refund).toMatchObject({ id: issued.refundId, status: 'pending', amount, currency: fake.currency });
    expect((await tenant.as.get(`/api/credit-notes/${issued.id}`).expect(200)).body.refundStatus).toBe('pending');
    return { customer, invoice, paymentId, note: issued, amount, providerRefundId: refund.providerReference as string };
  }

  const refundEvents = (db: Client) =>
    db.query<{ status: string; last_error: string | null; currency: string; amount: string; refund_reference: string | null }>(
      `SELECT status, last_error, currency, amount::text, refund_reference FROM webhook_events WHERE type LIKE 'refund.%' ORDER BY received_at`,
    ).then((result) => result.rows);
  const eventsOf = async (tenant: TenantSession, type: string) => (await tenant.as.get(`/api/events?type=${type}`).expect(200)).body.data as { data: { object: Json } }[];
  const noteOf = async (tenant: TenantSession, id: string) => (await tenant.as.get(`/api/credit-notes/${id}`).expect(200)).body;
  /** The genuine webhook with one refund field changed, signed again the provider's way. */
  const edited = (fake: PaymentFake, genuine: ProviderWebhook, slot: Slot | undefined, change: (value: unknown) => unknown, options?: { forged?: boolean }) => {
    const body = JSON.parse(genuine.rawBody.toString('utf8')) as Json;
    if (slot) {
      const [node, key] = slot(body);
      node[key] = change(node[key]);
    }
    return fake.sign(body, genuine, options);
  };
  /** One unit more, in the type the provider sent (Paystack: a digit string). */
  const oneMore = (value: unknown) => (typeof value === 'string' ? String(Number(value) + 1) : Number(value) + 1);

  it.each(PROVIDERS)('%s: the refund request is the provider\'s own; its webhook settles the note once, hostile copies settle nothing', async (provider) => {
    const setup = await setUp(provider);
    const { fake, tenant, db, deliver } = setup;
    fake.http.reset();
    // M-Pesa reverses whole payments only: the note refunds all of it.
    const { invoice, paymentId, note, amount, providerRefundId } = await pendingCreditNoteRefund(setup, (total) => (provider === 'mpesa' ? total : total / 4));

    const spec = REFUND_REQUESTS[provider];
    const sent = fake.http.requests.filter((request) => request.method === spec.method && spec.path.test(request.path));
    expect(sent).toHaveLength(1);
    spec.check(sent[0]!, fake, amount, note.refundId);

    const genuine = fake.settleRefund!(providerRefundId);
    const fields = REFUND_FIELDS[provider];

    // Forged: signed with a secret that is not the account's (M-Pesa: a wrong path token). Nothing is stored.
    expect(await deliver(edited(fake, genuine, undefined, (value) => value, { forged: true }))).toBe(401);
    expect(await refundEvents(db)).toEqual([]);

    // Authentic but contradicting what we asked: stored, rejected with the reason, nothing settled.
    const contradicting: ProviderWebhook[] = [edited(fake, genuine, fields.amount, oneMore)];
    if (fields.currency) {
      const other = fake.currency === 'USD' ? 'EUR' : 'USD';
      contradicting.push(edited(fake, genuine, fields.currency, () => (provider === 'stripe' ? other.toLowerCase() : other)));
    }
    for (const webhook of contradicting) expect(await deliver(webhook)).toBe(200);
    const rejected = await eventually(async () => {
      const rows = (await refundEvents(db)).filter((row) => row.status === 'rejected');
      return rows.length === contradicting.length ? rows : undefined;
    }, 15_000, 'contradicting refund events rejected');
    expect(rejected.map((row) => row.last_error)).toEqual(expect.arrayContaining([expect.stringMatching(/we asked for|not matching what we asked/)]));
    if (fields.currency) expect(rejected.map((row) => row.last_error)).toEqual(expect.arrayContaining([expect.stringMatching(/refund in (USD|EUR); we asked for/)]));
    expect((await noteOf(tenant, note.id)).refundStatus).toBe('pending');

    // Where the provider does not sign its callbacks, a refund id we never asked for is recorded and ignored.
    if (provider === 'mpesa' || provider === 'flutterwave') {
      expect(await deliver(edited(fake, genuine, fields.id, () => (provider === 'mpesa' ? 'AG_UNKNOWN_0001' : 99_999_999)))).toBe(200);
      const ignored = await eventually(async () => (await refundEvents(db)).find((row) => row.status === 'processed' && row.last_error?.includes('unknown refund')), 15_000, 'unknown refund recorded');
      expect(ignored).toBeDefined();
      expect((await noteOf(tenant, note.id)).refundStatus).toBe('pending');
    }

    // The genuine webhook, delivered three times at once and once more after: one settlement.
    expect(await Promise.all([1, 2, 3].map(() => deliver(genuine)))).toEqual([200, 200, 200]);
    const settled = await eventually(async () => {
      const current = await noteOf(tenant, note.id);
      return current.refundStatus === 'succeeded' ? current : undefined;
    }, 15_000, 'credit note refunded');
    expect(await deliver(genuine)).toBe(200);
    expect(settled).toMatchObject({ refundAmount: amount, creditAmount: 0 });
    expect((await tenant.as.get(`/api/payments/${paymentId}`).expect(200)).body).toMatchObject({ status: provider === 'mpesa' ? 'refunded' : 'partially_refunded', amountRefunded: amount });
    expect((await tenant.as.get(`/api/invoices/${invoice.id}`).expect(200)).body).toMatchObject({ status: 'paid', amountRefunded: amount });

    // A failure reported after the success does not flip it; it is recorded on the stored event.
    expect(await deliver(fake.settleRefund!(providerRefundId, 'failed'))).toBe(200);
    await eventually(async () => ((await refundEvents(db)).some((row) => row.last_error?.includes('kept succeeded')) ? true : undefined), 15_000, 'late failure recorded');
    expect((await noteOf(tenant, note.id)).refundStatus).toBe('succeeded');
    expect((await tenant.as.get(`/api/payments/${paymentId}`).expect(200)).body.amountRefunded).toBe(amount);

    // The tenant's events: each once.
    expect((await eventsOf(tenant, 'refund.succeeded')).map((event) => event.data.object)).toEqual([expect.objectContaining({ object: 'refund', id: note.refundId, status: 'succeeded', amount })]);
    expect((await eventsOf(tenant, 'refund.failed'))).toEqual([]);
    expect((await eventsOf(tenant, 'credit_note.updated')).map((event) => event.data.object)).toEqual([expect.objectContaining({ object: 'credit_note', id: note.id, refundStatus: 'succeeded' })]);
    expect(await eventsOf(tenant, 'payment.refunded')).toHaveLength(1);
  });

  it.each(PROVIDERS)('%s: a refund the provider fails by webhook puts its amount on the customer\'s balance, refundStatus failed', async (provider) => {
    const setup = await setUp(provider);
    const { fake, tenant, deliver } = setup;
    const { customer, paymentId, note, amount, providerRefundId } = await pendingCreditNoteRefund(setup, (total) => (provider === 'mpesa' ? total : total / 2));

    expect(await deliver(fake.settleRefund!(providerRefundId, 'failed'))).toBe(200);
    const failed = await eventually(async () => {
      const current = await noteOf(tenant, note.id);
      return current.refundStatus === 'failed' ? current : undefined;
    }, 15_000, 'credit note refund failed');
    expect(failed).toMatchObject({ refundAmount: amount });
    expect((await tenant.as.get(`/api/payments/${paymentId}`).expect(200)).body).toMatchObject({ status: 'succeeded', amountRefunded: 0, refunds: [expect.objectContaining({ status: 'failed' })] });
    const balance = (await tenant.as.get(`/api/customers/${customer.id}/balance`).expect(200)).body;
    expect(JSON.stringify(balance)).toContain(String(amount));
    expect((await eventsOf(tenant, 'refund.failed')).map((event) => event.data.object)).toEqual([expect.objectContaining({ id: note.refundId, status: 'failed' })]);
    expect((await eventsOf(tenant, 'credit_note.updated')).map((event) => event.data.object)).toEqual([expect.objectContaining({ id: note.id, refundStatus: 'failed' })]);
    expect(await eventsOf(tenant, 'payment.refunded')).toEqual([]);
  });
});
