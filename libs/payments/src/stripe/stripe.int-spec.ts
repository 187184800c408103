import { FakeStripe, STRIPE_DECLINING_PAYMENT_METHOD, startFakeStripe } from '../../testing/fake-stripe';
import { PaymentRequestError, ProviderError, WebhookSignatureError } from '../errors';
import type { PaymentProvider } from '../provider';
import { createPaymentProvider } from '../registry';

describe('Stripe adapter against the fake Stripe (official SDK pointed at 127.0.0.1)', () => {
  let fake: FakeStripe;
  let stripe: PaymentProvider;
  let counter = 0;
  const nextReference = () => `nova-st-${Date.now()}-${++counter}`;
  const checkout = (amountMinor: bigint, currency: string, reference = nextReference()) =>
    stripe.initiatePayment({
      reference,
      amountMinor,
      currency,
      customer: { email: 'grace@example.com' },
      invoiceReference: 'INV-7',
      returnUrl: 'https://billing.example.com/paid',
    });

  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = createPaymentProvider(
      'stripe',
      { secretKey: fake.secretKey },
      { baseUrl: fake.baseUrl, webhookSecret: fake.webhookSecret, http: { maxRetries: 1 } },
    );
  });

  afterEach(() => fake.http.reset());
  afterAll(() => fake.close());

  it('creates a Checkout Session and reads the signed checkout.session.completed event', async () => {
    const initiated = await checkout(150050n, 'USD');
    expect(initiated.status).toBe('redirect');
    expect(initiated.providerReference).toMatch(/^cs_test_/);
    const [sent] = fake.http.requestsTo('POST', '/v1/checkout/sessions');
    expect(sent!.rawBody.toString()).toContain('line_items[0][price_data][unit_amount]=150050');
    expect(sent!.headers['idempotency-key']).toMatch(/^nova-checkout-/);

    await expect(stripe.verifyTransaction(initiated.providerReference)).resolves.toMatchObject({ status: 'pending', amountMinor: 150050n });

    const event = await stripe.parseWebhook(fake.completePayment(initiated.providerReference));
    expect(event).toMatchObject({
      provider: 'stripe',
      type: 'payment.succeeded',
      providerReference: initiated.providerReference,
      amountMinor: 150050n,
      currency: 'USD',
      invoiceReference: 'INV-7',
    });
    expect(event.eventId).toMatch(/^evt_/);
    // Checkout saved the card for later cycles: the event carries it, read from the payment intent.
    expect(decodeURIComponent(sent!.rawBody.toString())).toContain('payment_intent_data[setup_future_usage]=off_session');
    const saved = fake.savedCardOf(initiated.providerReference);
    expect(saved).toBeDefined();
    expect(event).toMatchObject({ reusableMethod: { token: saved!.paymentMethodId, customerId: saved!.customerId } });
    const charged = await stripe.chargeSaved({
      reference: nextReference(),
      amountMinor: 150050n,
      currency: 'USD',
      customer: {},
      savedMethod: event.type === 'payment.succeeded' ? event.reusableMethod! : { token: '' },
    });
    expect(charged.status).toBe('succeeded');

    const verified = await stripe.verifyTransaction(initiated.providerReference);
    expect(verified).toMatchObject({ status: 'succeeded', amountMinor: 150050n, currency: 'USD' });
    expect(verified.paidAt).toBeInstanceOf(Date);
  });

  it.each([
    ['UGX', 25000n],
    ['XOF', 5000n],
  ])('sends zero-decimal %s unmultiplied and reads it back exactly', async (currency, amountMinor) => {
    const initiated = await checkout(amountMinor, currency);
    const [sent] = fake.http.requestsTo('POST', '/v1/checkout/sessions');
    expect(sent!.rawBody.toString()).toContain(`[unit_amount]=${amountMinor}&`);
    await expect(stripe.parseWebhook(fake.completePayment(initiated.providerReference))).resolves.toMatchObject({ amountMinor, currency });
  });

  it('replays a retried checkout with the same idempotency key instead of creating a second session', async () => {
    const reference = nextReference();
    const first = await checkout(1000n, 'EUR', reference);
    const second = await checkout(1000n, 'EUR', reference);
    expect(second.providerReference).toBe(first.providerReference);
  });

  it('retries a 500 through the SDK with the same idempotency key', async () => {
    fake.http.failNext(1, { status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    await expect(checkout(1000n, 'EUR')).resolves.toMatchObject({ status: 'redirect' });
    const keys = fake.http.requestsTo('POST', '/v1/checkout/sessions').map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('ignores payment_intent events of checkout payments so nothing is counted twice', async () => {
    const initiated = await checkout(1000n, 'EUR');
    fake.completePayment(initiated.providerReference);
    const session = (await stripe.verifyTransaction(initiated.providerReference)).raw as { payment_intent: { id: string } };
    await expect(stripe.parseWebhook(fake.paymentIntentEvent(session.payment_intent.id))).resolves.toMatchObject({ type: 'ignored' });
  });

  it('refunds part, then the rest, never more than paid, and reads the refund event', async () => {
    const initiated = await checkout(10000n, 'USD');
    fake.completePayment(initiated.providerReference);
    const reference = initiated.providerReference;

    const partial = await stripe.refund({ reference, amountMinor: 2500n, currency: 'USD', reason: 'goodwill', idempotencyKey: 'r-1' });
    expect(partial).toMatchObject({ status: 'succeeded', amountMinor: 2500n, currency: 'USD' });
    await expect(stripe.refund({ reference, amountMinor: 2500n, currency: 'USD', idempotencyKey: 'r-1' })).resolves.toMatchObject({
      refundReference: partial.refundReference,
    });

    const tooMuch = await stripe.refund({ reference, amountMinor: 8000n, currency: 'USD' }).catch((error: unknown) => error);
    expect(tooMuch).toBeInstanceOf(ProviderError);
    expect(tooMuch).toMatchObject({ status: 400 });

    await expect(stripe.refund({ reference, currency: 'USD' })).resolves.toMatchObject({ amountMinor: 7500n });
    await expect(stripe.refund({ reference, amountMinor: 1n, currency: 'USD' })).rejects.toMatchObject({ code: 'charge_already_refunded' });

    const event = await stripe.parseWebhook(fake.refundEvent(partial.refundReference));
    expect(event).toMatchObject({
      type: 'refund.succeeded',
      providerReference: reference,
      refundReference: partial.refundReference,
      amountMinor: 2500n,
    });
  });

  it('a refund left pending settles by refund.updated or charge.refunded, each naming the refund; a pending one is ignored', async () => {
    const initiated = await checkout(10000n, 'USD');
    fake.completePayment(initiated.providerReference);
    const reference = initiated.providerReference;
    fake.holdRefunds();
    try {
      const first = await stripe.refund({ reference, amountMinor: 1000n, currency: 'USD', idempotencyKey: 'held-1' });
      const second = await stripe.refund({ reference, amountMinor: 2000n, currency: 'USD', idempotencyKey: 'held-2' });
      expect(first).toMatchObject({ status: 'pending' });
      await expect(stripe.parseWebhook(fake.refundEvent(first.refundReference, 'refund.created'))).resolves.toMatchObject({ type: 'ignored', providerEventType: 'refund.created' });

      await expect(stripe.parseWebhook(fake.settleRefund(first.refundReference, 'succeeded', 'charge.refunded'))).resolves.toMatchObject({
        type: 'refund.succeeded', providerReference: reference, refundReference: first.refundReference, amountMinor: 1000n, currency: 'USD',
      });
      // The charge lists the second refund first once it is final (newest first).
      await expect(stripe.parseWebhook(fake.settleRefund(second.refundReference, 'failed', 'charge.refunded'))).resolves.toMatchObject({
        type: 'refund.failed', refundReference: second.refundReference, amountMinor: 2000n,
      });
      await expect(stripe.parseWebhook(fake.settleRefund(second.refundReference, 'failed'))).resolves.toMatchObject({ type: 'refund.failed', refundReference: second.refundReference });
    } finally {
      fake.holdRefunds(false);
    }
  });

  it('charges a saved card off-session and reports declines as failed results', async () => {
    const card = fake.createSavedCard();
    const charge = await stripe.chargeSaved({
      reference: nextReference(),
      amountMinor: 4200n,
      currency: 'USD',
      customer: {},
      savedMethod: { token: card.paymentMethodId, customerId: card.customerId },
      invoiceReference: 'INV-8',
    });
    expect(charge.status).toBe('succeeded');
    expect(charge.providerReference).toMatch(/^pi_/);
    await expect(stripe.verifyTransaction(charge.providerReference)).resolves.toMatchObject({ status: 'succeeded', amountMinor: 4200n });
    await expect(stripe.parseWebhook(fake.paymentIntentEvent(charge.providerReference))).resolves.toMatchObject({
      type: 'payment.succeeded',
      providerReference: charge.providerReference,
      amountMinor: 4200n,
      invoiceReference: 'INV-8',
    });
    await expect(stripe.refund({ reference: charge.providerReference, amountMinor: 200n, currency: 'USD' })).resolves.toMatchObject({
      amountMinor: 200n,
    });

    const declined = await stripe.chargeSaved({
      reference: nextReference(),
      amountMinor: 4200n,
      currency: 'USD',
      customer: {},
      savedMethod: { token: STRIPE_DECLINING_PAYMENT_METHOD, customerId: card.customerId },
    });
    expect(declined).toMatchObject({ status: 'failed', failureCode: 'generic_decline' });
    expect(declined.providerReference).toMatch(/^pi_/);
    await expect(stripe.parseWebhook(fake.paymentIntentEvent(declined.providerReference))).resolves.toMatchObject({ type: 'payment.failed' });

    await expect(
      stripe.chargeSaved({ reference: nextReference(), amountMinor: 1n, currency: 'USD', customer: {}, savedMethod: { token: 'pm_x' } }),
    ).rejects.toThrow(/savedMethod.customerId/);
  });

  describe('webhook authentication', () => {
    const payload = () => fake.event('checkout.session.completed', { id: 'cs_test_x', object: 'checkout.session' });

    it('rejects a wrong secret, a tampered body and a missing header', async () => {
      await expect(stripe.parseWebhook(fake.event('refund.updated', {}, { secret: 'whsec_other' }))).rejects.toMatchObject({
        reason: 'invalid',
      });
      const genuine = payload();
      const tampered = Buffer.from(genuine.rawBody.toString().replace('cs_test_x', 'cs_test_y'));
      await expect(stripe.parseWebhook({ ...genuine, rawBody: tampered })).rejects.toBeInstanceOf(WebhookSignatureError);
      await expect(stripe.parseWebhook({ rawBody: genuine.rawBody, headers: {} })).rejects.toMatchObject({ reason: 'missing' });
    });

    it('rejects a genuine signature whose timestamp is older than the tolerance', async () => {
      const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
      const stale = fake.event('checkout.session.completed', { id: 'cs_test_x' }, { timestamp: tenMinutesAgo });
      await expect(stripe.parseWebhook(stale)).rejects.toMatchObject({ reason: 'stale' });
      const fourMinutesAgo = Math.floor(Date.now() / 1000) - 240;
      const recent = fake.event('customer.created', { id: 'cus_1' }, { timestamp: fourMinutesAgo });
      await expect(stripe.parseWebhook(recent)).resolves.toMatchObject({ type: 'ignored', providerEventType: 'customer.created' });
    });

    it('accepts the previous secret while secrets rotate', async () => {
      const rotating = createPaymentProvider(
        'stripe',
        { secretKey: fake.secretKey },
        { baseUrl: fake.baseUrl, webhookSecret: ['whsec_new_one', fake.webhookSecret] },
      );
      await expect(rotating.parseWebhook(payload())).resolves.toMatchObject({ type: 'ignored' });
    });
  });

  it('checks credentials and needs a returnUrl for hosted checkout', async () => {
    await expect(stripe.testCredentials()).resolves.toEqual({ ok: true });
    const wrong = createPaymentProvider('stripe', { secretKey: 'sk_test_wrong' }, { baseUrl: fake.baseUrl, http: { maxRetries: 0 } });
    await expect(wrong.testCredentials()).resolves.toMatchObject({ ok: false });
    await expect(
      stripe.initiatePayment({ reference: nextReference(), amountMinor: 100n, currency: 'USD', customer: {} }),
    ).rejects.toBeInstanceOf(PaymentRequestError);
  });
});
