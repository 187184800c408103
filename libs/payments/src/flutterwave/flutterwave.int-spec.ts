import { createHmac } from 'node:crypto';
import { FakeFlutterwave, FLUTTERWAVE_DECLINING_TOKEN, startFakeFlutterwave } from '../../testing/fake-flutterwave';
import { PaymentRequestError, ProviderError } from '../errors';
import type { PaymentProvider } from '../provider';
import { createPaymentProvider } from '../registry';

const FAST = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 };

describe('Flutterwave adapter against the fake Flutterwave v3', () => {
  let fake: FakeFlutterwave;
  let flutterwave: PaymentProvider;
  let counter = 0;
  const nextReference = () => `nova-fw-${Date.now()}-${++counter}`;
  const customer = { email: 'chidi@example.ng', phone: '2348012345678', name: 'Chidi' };
  const hosted = (amountMinor: bigint, currency = 'NGN', reference = nextReference()) =>
    flutterwave.initiatePayment({ reference, amountMinor, currency, customer, invoiceReference: 'INV-NG-3', returnUrl: 'https://billing.example.ng/done' });

  beforeAll(async () => {
    fake = await startFakeFlutterwave();
    flutterwave = createPaymentProvider('flutterwave', { secretKey: fake.secretKey }, { baseUrl: fake.baseUrl, webhookSecret: fake.secretHash, http: FAST });
  });

  afterEach(() => fake.http.reset());
  afterAll(() => fake.close());

  it('creates a hosted payment in major units, then reads the charge.completed webhook', async () => {
    const initiated = await hosted(150050n);
    expect(initiated.status).toBe('redirect');
    const [sent] = fake.http.requestsTo('POST', '/v3/payments');
    expect(JSON.parse(sent!.rawBody.toString())).toMatchObject({ tx_ref: initiated.providerReference, amount: 1500.5, currency: 'NGN' });
    await expect(flutterwave.verifyTransaction(initiated.providerReference)).rejects.toBeInstanceOf(ProviderError);

    const event = await flutterwave.parseWebhook(fake.completePayment(initiated.providerReference));
    expect(event).toMatchObject({
      provider: 'flutterwave',
      type: 'payment.succeeded',
      providerReference: initiated.providerReference,
      amountMinor: 150050n,
      currency: 'NGN',
      invoiceReference: 'INV-NG-3',
      reusableMethod: { token: fake.cardTokenFor(initiated.providerReference) },
    });

    const verified = await flutterwave.verifyTransaction(initiated.providerReference);
    expect(verified).toMatchObject({ status: 'succeeded', amountMinor: 150050n, currency: 'NGN' });
    expect(verified.paidAt).toBeInstanceOf(Date);
  });

  it('reads the legacy flat payload like the nested one, and confirms the charge by its transaction id', async () => {
    const initiated = await hosted(250000n);
    const flat = fake.completePayment(initiated.providerReference, { shape: 'flat' });
    const body = JSON.parse(flat.rawBody.toString());
    expect(body).toMatchObject({ txRef: initiated.providerReference, 'event.type': 'CARD_TRANSACTION' });
    expect(body).not.toHaveProperty('data');
    const event = await flutterwave.parseWebhook(flat);
    expect(event).toMatchObject({
      type: 'payment.succeeded',
      providerReference: initiated.providerReference,
      providerTransactionId: String(body.id),
      amountMinor: 250000n,
      currency: 'NGN',
      invoiceReference: 'INV-NG-3',
    });

    fake.http.reset();
    await expect(flutterwave.confirmPayment!({ providerReference: initiated.providerReference, providerTransactionId: String(body.id) })).resolves.toMatchObject({
      status: 'succeeded',
      amountMinor: 250000n,
      currency: 'NGN',
      providerReference: initiated.providerReference,
    });
    expect(fake.http.requestsTo('GET', `/v3/transactions/${body.id}/verify`)).toHaveLength(1);
    // A transaction id Flutterwave never issued: no such transaction.
    await expect(flutterwave.confirmPayment!({ providerReference: initiated.providerReference, providerTransactionId: '123' })).rejects.toBeInstanceOf(ProviderError);
  });

  it('sends zero-decimal XOF as whole francs', async () => {
    const initiated = await hosted(5000n, 'XOF');
    const [sent] = fake.http.requestsTo('POST', '/v3/payments');
    expect(JSON.parse(sent!.rawBody.toString()).amount).toBe(5000);
    await expect(flutterwave.parseWebhook(fake.completePayment(initiated.providerReference))).resolves.toMatchObject({ amountMinor: 5000n, currency: 'XOF' });
  });

  it('reports failed charges', async () => {
    const initiated = await hosted(1000n);
    await expect(flutterwave.parseWebhook(fake.completePayment(initiated.providerReference, { outcome: 'failed' }))).resolves.toMatchObject({
      type: 'payment.failed',
      reusableMethod: undefined,
    });
    await expect(flutterwave.verifyTransaction(initiated.providerReference)).resolves.toMatchObject({ status: 'failed' });
  });

  it('refunds part, then the rest, never more than paid, in the payment currency only', async () => {
    const { providerReference: reference } = await hosted(10000n);
    fake.completePayment(reference);

    await expect(flutterwave.refund({ reference, amountMinor: 2550n, currency: 'NGN' })).resolves.toMatchObject({
      status: 'succeeded',
      amountMinor: 2550n,
      currency: 'NGN',
    });
    const [refundCall] = fake.http.requests.filter((request) => request.path.endsWith('/refund'));
    expect(JSON.parse(refundCall!.rawBody.toString())).toEqual({ amount: 25.5 });

    await expect(flutterwave.refund({ reference, amountMinor: 7451n, currency: 'NGN' })).rejects.toMatchObject({ status: 400 });
    await expect(flutterwave.refund({ reference, amountMinor: 100n, currency: 'GHS' })).rejects.toBeInstanceOf(PaymentRequestError);
    await expect(flutterwave.refund({ reference, currency: 'NGN' })).resolves.toMatchObject({ amountMinor: 7450n });
    await expect(flutterwave.refund({ reference, amountMinor: 1n, currency: 'NGN' })).rejects.toBeInstanceOf(ProviderError);
  });

  it('a refund left pending settles by its refund.completed / refund.failed webhook, under the transaction id, in minor units', async () => {
    const { providerReference: reference } = await hosted(10000n);
    const paid = await flutterwave.parseWebhook(fake.completePayment(reference));
    fake.holdRefunds();
    try {
      const refund = await flutterwave.refund({ reference, amountMinor: 2550n, currency: 'NGN' });
      expect(refund).toMatchObject({ status: 'pending', amountMinor: 2550n });
      const completed = await flutterwave.parseWebhook(fake.settleRefund(refund.refundReference));
      expect(completed).toMatchObject({
        provider: 'flutterwave', type: 'refund.succeeded', refundReference: refund.refundReference, amountMinor: 2550n, currency: 'NGN',
        providerReference: (paid as { providerTransactionId: string }).providerTransactionId,
      });
      expect(completed.eventId).toBe(`refund.completed:completed:${(paid as { providerTransactionId: string }).providerTransactionId}:${refund.refundReference}:2550NGN`);

      const other = await flutterwave.refund({ reference, amountMinor: 100n, currency: 'NGN' });
      await expect(flutterwave.parseWebhook(fake.settleRefund(other.refundReference, 'failed', 'flutterwave-signature'))).resolves.toMatchObject({ type: 'refund.failed', amountMinor: 100n });
      // Still pending: nothing to act on. Without a currency the major-unit amount cannot be read.
      await expect(flutterwave.parseWebhook(fake.sign({ event: 'refund.completed', data: { id: 1, tx_id: 2, amount_refunded: 1, currency: 'NGN', status: 'pending' } }))).resolves.toMatchObject({ type: 'ignored' });
      await expect(flutterwave.parseWebhook(fake.sign({ event: 'refund.completed', data: { id: 1, tx_id: 2, amount_refunded: 1, status: 'completed' } }))).rejects.toBeInstanceOf(PaymentRequestError);
    } finally {
      fake.holdRefunds(false);
    }
  });

  it('charges a saved card token', async () => {
    const { providerReference } = await hosted(5000n);
    fake.completePayment(providerReference);
    const charge = await flutterwave.chargeSaved({
      reference: nextReference(),
      amountMinor: 12000n,
      currency: 'NGN',
      customer,
      savedMethod: { token: fake.cardTokenFor(providerReference) },
    });
    expect(charge.status).toBe('succeeded');
    await expect(flutterwave.verifyTransaction(charge.providerReference)).resolves.toMatchObject({ status: 'succeeded', amountMinor: 12000n });

    const declined = await flutterwave.chargeSaved({
      reference: nextReference(),
      amountMinor: 12000n,
      currency: 'NGN',
      customer,
      savedMethod: { token: FLUTTERWAVE_DECLINING_TOKEN },
    });
    expect(declined).toMatchObject({ status: 'failed', failureMessage: 'Declined' });
  });

  describe('webhook authentication', () => {
    it('accepts the v4 flutterwave-signature (base64 HMAC-SHA256 of the raw body) and v4 bodies', async () => {
      const rawBody = Buffer.from(
        JSON.stringify({
          webhook_id: 'wbk_1',
          timestamp: 1_764_000_000_000,
          type: 'charge.completed',
          data: { id: 'chg_1', reference: 'ord-1', amount: 250.75, currency: 'KES', status: 'succeeded', created_datetime: '2026-05-24T15:34:09.001Z' },
        }),
      );
      const signature = createHmac('sha256', fake.secretHash).update(rawBody).digest('base64');
      await expect(flutterwave.parseWebhook({ rawBody, headers: { 'flutterwave-signature': signature } })).resolves.toMatchObject({
        eventId: 'wbk_1',
        type: 'payment.succeeded',
        providerReference: 'ord-1',
        amountMinor: 25075n,
        currency: 'KES',
      });
    });

    it('rejects a wrong secret hash, a tampered signed body and missing headers', async () => {
      const { providerReference } = await hosted(100n);
      const genuine = fake.completePayment(providerReference, { style: 'flutterwave-signature' });
      const tampered = Buffer.from(genuine.rawBody.toString().replace('"amount":1', '"amount":1000'));
      await expect(flutterwave.parseWebhook({ ...genuine, rawBody: tampered })).rejects.toMatchObject({ reason: 'invalid' });
      await expect(flutterwave.parseWebhook(fake.sign({ event: 'charge.completed', data: {} }, 'both', 'wrong-hash'))).rejects.toMatchObject({
        reason: 'invalid',
      });
      await expect(flutterwave.parseWebhook({ rawBody: genuine.rawBody, headers: {} })).rejects.toMatchObject({ reason: 'missing' });
    });
  });

  it('checks credentials', async () => {
    await expect(flutterwave.testCredentials()).resolves.toEqual({ ok: true });
    const wrong = createPaymentProvider('flutterwave', { secretKey: 'FLWSECK_TEST-wrong' }, { baseUrl: fake.baseUrl, http: FAST });
    await expect(wrong.testCredentials()).resolves.toMatchObject({ ok: false });
  });
});
