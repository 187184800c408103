import { createHmac } from 'node:crypto';
import { FakeRazorpay, RAZORPAY_DECLINING_TOKEN, startFakeRazorpay } from '../../testing/fake-razorpay';
import { ProviderError, WebhookSignatureError } from '../errors';
import type { PaymentProvider } from '../provider';
import { createPaymentProvider } from '../registry';

const FAST = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 };

describe('Razorpay adapter against the fake Razorpay', () => {
  let fake: FakeRazorpay;
  let razorpay: PaymentProvider;
  let counter = 0;
  const nextReference = () => `nova-rp-${Date.now()}-${++counter}`;
  const customer = { email: 'asha@example.in', phone: '+919876543210', name: 'Asha' };

  beforeAll(async () => {
    fake = await startFakeRazorpay();
    razorpay = createPaymentProvider(
      'razorpay',
      { keyId: fake.keyId, keySecret: fake.keySecret },
      { baseUrl: fake.baseUrl, webhookSecret: fake.webhookSecret, http: FAST },
    );
  });

  afterEach(() => fake.http.reset());
  afterAll(() => fake.close());

  async function paidLink(amountMinor: bigint): Promise<string> {
    const initiated = await razorpay.initiatePayment({ reference: nextReference(), amountMinor, currency: 'INR', customer, invoiceReference: 'INV-IN-9' });
    fake.completePayment(initiated.providerReference);
    return initiated.providerReference;
  }

  it('creates a payment link, then reads the signed payment_link.paid webhook', async () => {
    const reference = nextReference();
    const initiated = await razorpay.initiatePayment({
      reference,
      amountMinor: 49900n,
      currency: 'INR',
      customer,
      invoiceReference: 'INV-IN-9',
      returnUrl: 'https://billing.example.in/return',
    });
    expect(initiated.status).toBe('redirect');
    expect(initiated.providerReference).toMatch(/^plink_/);
    expect(initiated.status === 'redirect' && initiated.redirectUrl).toMatch(/\/i\//);
    const [sent] = fake.http.requestsTo('POST', '/v1/payment_links');
    expect(sent!.headers.authorization).toBe(`Basic ${Buffer.from(`${fake.keyId}:${fake.keySecret}`).toString('base64')}`);
    expect(JSON.parse(sent!.rawBody.toString())).toMatchObject({ amount: 49900, currency: 'INR', reference_id: reference, callback_method: 'get' });

    await expect(razorpay.verifyTransaction(initiated.providerReference)).resolves.toMatchObject({ status: 'pending', amountMinor: 49900n });

    const webhook = fake.completePayment(initiated.providerReference);
    const event = await razorpay.parseWebhook(webhook);
    expect(event).toMatchObject({
      provider: 'razorpay',
      eventId: webhook.headers['x-razorpay-event-id'],
      type: 'payment.succeeded',
      providerReference: initiated.providerReference,
      amountMinor: 49900n,
      currency: 'INR',
      invoiceReference: 'INV-IN-9',
    });

    const verified = await razorpay.verifyTransaction(initiated.providerReference);
    expect(verified).toMatchObject({ status: 'succeeded', amountMinor: 49900n, currency: 'INR' });
    expect(verified.paidAt).toBeInstanceOf(Date);
  });

  it('refunds part, then the rest, never more than captured; keyed refunds are not repeated', async () => {
    const reference = await paidLink(10000n);

    const partial = await razorpay.refund({ reference, amountMinor: 3000n, currency: 'INR', reason: 'late delivery', idempotencyKey: 'refund-a' });
    expect(partial).toMatchObject({ status: 'pending', amountMinor: 3000n, currency: 'INR' });
    const [sent] = fake.http.requests.filter((request) => request.path.endsWith('/refund'));
    expect(sent!.headers['x-refund-idempotency']).toMatch(/^[0-9a-f]{32}$/);

    fake.http.failNext(1, { status: 503, body: {} });
    const replayed = await razorpay.refund({ reference, amountMinor: 3000n, currency: 'INR', idempotencyKey: 'refund-a' });
    expect(replayed.refundReference).toBe(partial.refundReference);

    await expect(razorpay.refund({ reference, amountMinor: 7001n, currency: 'INR' })).rejects.toMatchObject({ status: 400, code: 'BAD_REQUEST_ERROR' });
    await expect(razorpay.refund({ reference, currency: 'INR' })).resolves.toMatchObject({ amountMinor: 7000n });
    await expect(razorpay.refund({ reference, amountMinor: 1n, currency: 'INR' })).rejects.toBeInstanceOf(ProviderError);

    const event = await razorpay.parseWebhook(fake.settleRefund(partial.refundReference));
    expect(event).toMatchObject({ type: 'refund.succeeded', providerReference: reference, refundReference: partial.refundReference, amountMinor: 3000n });
  });

  it('charges a saved token as a recurring payment', async () => {
    const saved = fake.createSavedToken();
    const charge = await razorpay.chargeSaved({
      reference: nextReference(),
      amountMinor: 29900n,
      currency: 'INR',
      customer,
      savedMethod: saved,
      invoiceReference: 'INV-IN-10',
    });
    expect(charge).toMatchObject({ status: 'succeeded' });
    expect(charge.providerReference).toMatch(/^pay_/);
    await expect(razorpay.verifyTransaction(charge.providerReference)).resolves.toMatchObject({ status: 'succeeded', amountMinor: 29900n });
    await expect(razorpay.parseWebhook(fake.paymentEvent(charge.providerReference))).resolves.toMatchObject({
      type: 'payment.succeeded',
      providerReference: charge.providerReference,
      invoiceReference: 'INV-IN-10',
    });

    const declined = await razorpay.chargeSaved({
      reference: nextReference(),
      amountMinor: 29900n,
      currency: 'INR',
      customer,
      savedMethod: { customerId: saved.customerId, token: RAZORPAY_DECLINING_TOKEN },
    });
    expect(declined).toMatchObject({ status: 'failed', failureCode: 'BAD_REQUEST_ERROR' });
    await expect(razorpay.parseWebhook(fake.paymentEvent(declined.providerReference))).resolves.toMatchObject({ type: 'payment.failed' });
  });

  it('without x-razorpay-event-id, tells two payments captured in the same second apart by their entity ids', async () => {
    const withoutEventId = (webhook: { rawBody: Buffer; headers: Readonly<Record<string, string>> }) => {
      const { 'x-razorpay-event-id': _dropped, ...headers } = webhook.headers;
      return { rawBody: webhook.rawBody, headers };
    };
    const first = fake.completePayment((await razorpay.initiatePayment({ reference: nextReference(), amountMinor: 100n, currency: 'INR', customer })).providerReference);
    const second = fake.completePayment((await razorpay.initiatePayment({ reference: nextReference(), amountMinor: 100n, currency: 'INR', customer })).providerReference);
    // Same second, same event name: only the payload's entities differ.
    const createdAt = (webhook: { rawBody: Buffer }) => JSON.parse(webhook.rawBody.toString()).created_at;
    const sameSecond = { rawBody: Buffer.from(second.rawBody.toString().replace(`"created_at":${createdAt(second)}}`, `"created_at":${createdAt(first)}}`)), headers: {} };
    const resigned = { ...sameSecond, headers: { 'x-razorpay-signature': createHmac('sha256', fake.webhookSecret).update(sameSecond.rawBody).digest('hex') } };

    const a = await razorpay.parseWebhook(withoutEventId(first));
    const b = await razorpay.parseWebhook(resigned);
    expect(createdAt(resigned)).toBe(createdAt(first));
    expect(a.eventId).toMatch(/^payment_link\.paid:order=order_.*,payment=pay_.*,payment_link=plink_/);
    expect(a.eventId).not.toBe(b.eventId);
    // A redelivery of the same event keeps its id: it is still recognised as a duplicate.
    await expect(razorpay.parseWebhook(withoutEventId(first))).resolves.toMatchObject({ eventId: a.eventId });
  });

  it('ignores payment.captured of payment-link payments so nothing is counted twice', async () => {
    const reference = await paidLink(5000n);
    const verified = await razorpay.verifyTransaction(reference);
    const paymentId = (verified.raw as { payments: Array<{ payment_id: string }> }).payments[0]!.payment_id;
    await expect(razorpay.parseWebhook(fake.paymentEvent(paymentId))).resolves.toMatchObject({ type: 'ignored', providerEventType: 'payment.captured' });
  });

  describe('webhook authentication', () => {
    it('rejects another secret, a tampered body and a missing signature', async () => {
      const forged = fake.event('payment_link.paid', {}, { secret: 'not-the-secret' });
      await expect(razorpay.parseWebhook(forged)).rejects.toMatchObject({ reason: 'invalid' });
      const genuine = fake.completePayment((await razorpay.initiatePayment({ reference: nextReference(), amountMinor: 100n, currency: 'INR', customer })).providerReference);
      const tampered = Buffer.from(genuine.rawBody.toString().replace('"amount_paid":100', '"amount_paid":100000'));
      await expect(razorpay.parseWebhook({ ...genuine, rawBody: tampered })).rejects.toBeInstanceOf(WebhookSignatureError);
      await expect(razorpay.parseWebhook({ rawBody: genuine.rawBody, headers: {} })).rejects.toMatchObject({ reason: 'missing' });
    });

    it('verifies exactly as hex HMAC-SHA256 of the raw body under the webhook secret, not the key secret', async () => {
      const rawBody = Buffer.from('{"event":"order.paid","payload":{},"created_at":1700000000}');
      const signed = (secret: string) => ({ rawBody, headers: { 'X-Razorpay-Signature': createHmac('sha256', secret).update(rawBody).digest('hex') } });
      await expect(razorpay.parseWebhook(signed(fake.webhookSecret))).resolves.toMatchObject({ type: 'ignored', providerEventType: 'order.paid' });
      await expect(razorpay.parseWebhook(signed(fake.keySecret))).rejects.toMatchObject({ reason: 'invalid' });
    });
  });

  it('checks credentials without leaking the key secret', async () => {
    await expect(razorpay.testCredentials()).resolves.toEqual({ ok: true });
    const wrong = createPaymentProvider('razorpay', { keyId: fake.keyId, keySecret: 'wrong_secret_value' }, { baseUrl: fake.baseUrl, http: FAST });
    const check = await wrong.testCredentials();
    expect(check).toMatchObject({ ok: false });
    expect(JSON.stringify(check)).not.toContain('wrong_secret_value');
    expect(() => createPaymentProvider('razorpay', { keyId: 'rzp_test_x' })).toThrow(/credentials.keySecret/);
  });
});
