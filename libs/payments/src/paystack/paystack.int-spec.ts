import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakePaystack, PAYSTACK_DECLINING_AUTHORIZATION, startFakePaystack } from '../../testing/fake-paystack';
import type { SignedWebhook } from '../../testing/fake-server';
import { PaymentRequestError, ProviderConfigError, ProviderError, WebhookSignatureError } from '../errors';
import type { PaymentProvider, PaymentWebhookEvent, WebhookInput } from '../provider';
import { createPaymentProvider } from '../registry';

const FAST = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 };

describe('Paystack adapter against the fake Paystack', () => {
  let fake: FakePaystack;
  let paystack: PaymentProvider;
  let counter = 0;
  const nextReference = () => `nova-ps-${Date.now()}-${++counter}`;

  beforeAll(async () => {
    fake = await startFakePaystack();
    paystack = createPaymentProvider('paystack', { secretKey: fake.secretKey }, { baseUrl: fake.baseUrl, http: FAST });
  });

  afterEach(() => fake.http.reset());
  afterAll(() => fake.close());

  async function paidPayment(amountMinor: bigint): Promise<{ reference: string; event: PaymentWebhookEvent }> {
    const reference = nextReference();
    await paystack.initiatePayment({
      reference,
      amountMinor,
      currency: 'NGN',
      customer: { email: 'ada@example.ng' },
      invoiceReference: 'INV-2026-0042',
    });
    const event = await paystack.parseWebhook(fake.completePayment(reference));
    if (event.type === 'ignored') throw new Error('expected a payment event');
    return { reference, event };
  }

  it('initiates a hosted checkout, then reads the signed charge.success webhook', async () => {
    const reference = nextReference();
    const initiated = await paystack.initiatePayment({
      reference,
      amountMinor: 150050n,
      currency: 'NGN',
      customer: { email: 'ada@example.ng' },
      invoiceReference: 'INV-2026-0042',
      returnUrl: 'https://billing.example.ng/return',
    });
    expect(initiated).toMatchObject({ status: 'redirect', providerReference: reference });
    expect(initiated.status === 'redirect' && initiated.redirectUrl).toMatch(new RegExp(`^${fake.baseUrl}/checkout/`));
    const [sent] = fake.http.requestsTo('POST', '/transaction/initialize');
    expect(JSON.parse(sent!.rawBody.toString())).toMatchObject({ amount: 150050, currency: 'NGN', callback_url: 'https://billing.example.ng/return' });

    await expect(paystack.verifyTransaction(reference)).resolves.toMatchObject({ status: 'pending', amountMinor: 150050n });

    const event = await paystack.parseWebhook(fake.completePayment(reference));
    expect(event).toMatchObject({
      provider: 'paystack',
      type: 'payment.succeeded',
      providerReference: reference,
      amountMinor: 150050n,
      currency: 'NGN',
      invoiceReference: 'INV-2026-0042',
    });
    expect(event.type !== 'ignored' && event.occurredAt).toBeInstanceOf(Date);
    // The card's authorization is reusable: billing may save it for the next cycle.
    expect(event).toMatchObject({ reusableMethod: { token: fake.authorizationCodeFor(reference) } });

    const verified = await paystack.verifyTransaction(reference);
    expect(verified).toMatchObject({ status: 'succeeded', amountMinor: 150050n, currency: 'NGN', providerReference: reference });
    expect(verified.paidAt).toBeInstanceOf(Date);
  });

  it('offers no saved method when the authorization is not reusable', async () => {
    const reference = nextReference();
    await paystack.initiatePayment({ reference, amountMinor: 5000n, currency: 'NGN', customer: { email: 'ada@example.ng' } });
    const event = await paystack.parseWebhook(fake.completePayment(reference, { reusableAuthorization: false }));
    expect(event).toMatchObject({ type: 'payment.succeeded', amountMinor: 5000n });
    expect(event.type === 'payment.succeeded' && event.reusableMethod).toBeUndefined();
  });

  it('reports a failed payment through verify', async () => {
    const reference = nextReference();
    await paystack.initiatePayment({ reference, amountMinor: 1000n, currency: 'GHS', customer: { email: 'kofi@example.gh' } });
    fake.failPayment(reference);
    await expect(paystack.verifyTransaction(reference)).resolves.toMatchObject({ status: 'failed', currency: 'GHS' });
  });

  it('refunds partially, then the rest, and never more than was paid', async () => {
    const { reference } = await paidPayment(10000n);

    const partial = await paystack.refund({ reference, amountMinor: 2500n, currency: 'NGN', reason: 'goodwill' });
    expect(partial).toMatchObject({ status: 'pending', amountMinor: 2500n, currency: 'NGN' });

    await expect(paystack.refund({ reference, amountMinor: 8000n, currency: 'NGN' })).rejects.toBeInstanceOf(ProviderError);

    const rest = await paystack.refund({ reference, currency: 'NGN' });
    expect(rest.amountMinor).toBe(7500n);
    await expect(paystack.refund({ reference, amountMinor: 1n, currency: 'NGN' })).rejects.toMatchObject({ status: 400 });

    const refundEvent = await paystack.parseWebhook(fake.settleRefund(partial.refundReference));
    expect(refundEvent).toMatchObject({ type: 'refund.succeeded', providerReference: reference, amountMinor: 2500n, currency: 'NGN' });

    // refund.pending is an intermediate state; a copy naming another amount or currency is another event, not a redelivery.
    const body = JSON.parse(fake.settleRefund(rest.refundReference, 'failed').rawBody.toString('utf8'));
    await expect(paystack.parseWebhook(fake.sign({ ...body, event: 'refund.pending', data: { ...body.data, status: 'pending' } }))).resolves.toMatchObject({ type: 'ignored', providerEventType: 'refund.pending' });
    const failed = await paystack.parseWebhook(fake.sign(body));
    expect(failed).toMatchObject({ type: 'refund.failed', amountMinor: 7500n, refundReference: undefined });
    const otherCurrency = await paystack.parseWebhook(fake.sign({ ...body, data: { ...body.data, currency: 'GHS' } }));
    const otherAmount = await paystack.parseWebhook(fake.sign({ ...body, data: { ...body.data, amount: '7501' } }));
    expect(new Set([failed.eventId, otherCurrency.eventId, otherAmount.eventId]).size).toBe(3);
  });

  it('charges a saved authorization off-session', async () => {
    const { reference } = await paidPayment(5000n);
    const charge = await paystack.chargeSaved({
      reference: nextReference(),
      amountMinor: 7000n,
      currency: 'NGN',
      customer: { email: 'ada@example.ng' },
      savedMethod: { token: fake.authorizationCodeFor(reference) },
    });
    expect(charge.status).toBe('succeeded');
    await expect(paystack.verifyTransaction(charge.providerReference)).resolves.toMatchObject({ status: 'succeeded', amountMinor: 7000n });

    const declined = await paystack.chargeSaved({
      reference: nextReference(),
      amountMinor: 7000n,
      currency: 'NGN',
      customer: { email: 'ada@example.ng' },
      savedMethod: { token: PAYSTACK_DECLINING_AUTHORIZATION },
    });
    expect(declined).toMatchObject({ status: 'failed', failureMessage: 'Declined' });
  });

  describe('webhook authentication', () => {
    let genuine: SignedWebhook;

    beforeAll(async () => {
      const reference = nextReference();
      await paystack.initiatePayment({ reference, amountMinor: 100n, currency: 'NGN', customer: { email: 'a@b.ng' } });
      genuine = fake.completePayment(reference);
    });

    it('rejects a body signed with another key', async () => {
      const impostor = await startFakePaystack({ secretKey: 'sk_test_someone_else' });
      try {
        const forged = impostor.sign(JSON.parse(genuine.rawBody.toString()));
        await expect(paystack.parseWebhook(forged)).rejects.toMatchObject({ reason: 'invalid' });
      } finally {
        await impostor.close();
      }
    });

    it('rejects a tampered body and a missing signature', async () => {
      const tampered = Buffer.from(genuine.rawBody.toString().replace('"amount":100', '"amount":100000'));
      await expect(paystack.parseWebhook({ ...genuine, rawBody: tampered })).rejects.toBeInstanceOf(WebhookSignatureError);
      await expect(paystack.parseWebhook({ rawBody: genuine.rawBody, headers: {} })).rejects.toMatchObject({ reason: 'missing' });
    });

    it('reads the signature header whatever its casing and reports other events as ignored', async () => {
      const upperCased = { rawBody: genuine.rawBody, headers: { 'X-Paystack-Signature': genuine.headers['x-paystack-signature'] } };
      await expect(paystack.parseWebhook(upperCased)).resolves.toMatchObject({ type: 'payment.succeeded' });
      const transfer = fake.sign({ event: 'transfer.success', data: { id: 37272792, reference: 'tr-1' } });
      await expect(paystack.parseWebhook(transfer)).resolves.toMatchObject({ type: 'ignored', providerEventType: 'transfer.success' });
    });

    it('verifies a webhook delivered over HTTP, from the raw bytes', async () => {
      const received: WebhookInput[] = [];
      const receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.push({ rawBody: Buffer.concat(chunks), headers: req.headers as WebhookInput['headers'] });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = receiver.address() as AddressInfo;
        await expect(fake.deliver(`http://127.0.0.1:${port}/webhooks/paystack`, genuine)).resolves.toBe(200);
        await expect(paystack.parseWebhook(received[0]!)).resolves.toMatchObject({ type: 'payment.succeeded', amountMinor: 100n });
      } finally {
        await new Promise((resolve) => receiver.close(resolve));
      }
    });
  });

  it('checks credentials', async () => {
    await expect(paystack.testCredentials()).resolves.toEqual({ ok: true });
    const wrongKey = createPaymentProvider('paystack', { secretKey: 'sk_test_wrong' }, { baseUrl: fake.baseUrl, http: FAST });
    const check = await wrongKey.testCredentials();
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).not.toContain('sk_test_wrong');
  });

  it('refuses bad input before calling Paystack', async () => {
    const base = { reference: nextReference(), amountMinor: 100n, customer: { email: 'a@b.ng' } };
    await expect(paystack.initiatePayment({ ...base, currency: 'XOF' })).rejects.toThrow(/currency: XOF is not a Paystack currency/);
    await expect(paystack.initiatePayment({ ...base, currency: 'NGN', customer: {} })).rejects.toThrow(/customer.email: is required/);
    await expect(paystack.initiatePayment({ ...base, currency: 'NGN', amountMinor: 0n })).rejects.toBeInstanceOf(PaymentRequestError);
    await expect(paystack.verifyTransaction('../balance')).rejects.toBeInstanceOf(PaymentRequestError);
    expect(fake.http.requests).toHaveLength(0);
  });

  it('validates credentials through the registry', () => {
    expect(() => createPaymentProvider('paystack', {}, { baseUrl: fake.baseUrl })).toThrow(ProviderConfigError);
    expect(() => createPaymentProvider('paystack', {})).toThrow(/credentials.secretKey/);
    expect(() => createPaymentProvider('paypal', {})).toThrow(/is not one of/);
  });
});
