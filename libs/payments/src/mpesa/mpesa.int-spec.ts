import { type DarajaCallback, FakeMpesa, startFakeMpesa } from '../../testing/fake-mpesa';
import { AmountConversionError, PaymentRequestError, ProviderError, UnsupportedOperationError, WebhookSignatureError } from '../errors';
import type { PaymentProvider, ProviderConfig } from '../provider';
import { createPaymentProvider } from '../registry';
import { DarajaTokenCache } from './daraja-token-cache';
import { type MpesaCredentials, MpesaProvider } from './mpesa-provider';
import { darajaTimestamp } from './mpesa-time';

const PATH_TOKEN = 'cb-7f3a9c1e5b2d4e6f8a0b';
const WEBHOOK_URL = 'https://billing.example.co.ke/webhooks/mpesa/tenant-42';
const FAST = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 };

describe('M-Pesa Daraja adapter against the fake Daraja', () => {
  let fake: FakeMpesa;
  let clock: number;
  let mpesa: MpesaProvider;
  let counter = 0;
  const nextReference = () => `nova-mp-${++counter}`;

  function adapter(overrides: Partial<ProviderConfig<MpesaCredentials>> = {}, tokenCache = new DarajaTokenCache(() => clock)): MpesaProvider {
    return new MpesaProvider(
      {
        credentials: {
          consumerKey: fake.consumerKey,
          consumerSecret: fake.consumerSecret,
          shortcode: fake.shortcode,
          passkey: fake.passkey,
          transactionType: 'CustomerPayBillOnline',
          initiatorName: 'apiop',
          securityCredential: 'encrypted-initiator-password==',
        },
        baseUrl: fake.baseUrl,
        webhookSecret: PATH_TOKEN,
        webhookUrl: WEBHOOK_URL,
        http: FAST,
        now: () => clock,
        ...overrides,
      },
      { tokenCache },
    );
  }

  const push = (amountMinor: bigint, provider: PaymentProvider = mpesa) =>
    provider.initiatePayment({ reference: nextReference(), amountMinor, currency: 'KES', customer: { phone: '0712345678' }, invoiceReference: 'INV-KE-1' });
  const asWebhook = (callback: DarajaCallback, pathSecret: string | undefined = callback.pathSecret) => ({
    rawBody: callback.rawBody,
    headers: callback.headers,
    pathSecret,
  });

  beforeAll(async () => {
    fake = await startFakeMpesa();
  });

  beforeEach(() => {
    clock = Date.UTC(2026, 2, 15, 21, 30, 5);
    mpesa = adapter();
  });

  afterEach(() => fake.http.reset());
  afterAll(() => fake.close());

  it('sends an STK push signed for Nairobi time; reads the success callback without calling Daraja, and confirms it with an STK query', async () => {
    const initiated = await push(150000n);
    expect(initiated).toMatchObject({ status: 'pending' });
    expect(initiated.providerReference).toMatch(/^ws_CO_/);
    const stk = fake.stkRequests.at(-1)!;
    expect(stk).toMatchObject({ amount: 1500, phone: '254712345678', callbackUrl: `${WEBHOOK_URL}/${PATH_TOKEN}` });
    expect(stk.timestamp).toBe('20260316003005');
    expect(stk.timestamp).toBe(darajaTimestamp(clock));

    await expect(mpesa.verifyTransaction(initiated.providerReference)).resolves.toMatchObject({ status: 'pending', amountMinor: null });

    const callback = fake.completePayment(initiated.providerReference);
    fake.http.reset();
    const event = await mpesa.parseWebhook(asWebhook(callback));
    expect(event).toMatchObject({
      provider: 'mpesa',
      type: 'payment.succeeded',
      providerReference: initiated.providerReference,
      providerTransactionId: fake.receiptFor(initiated.providerReference),
      amountMinor: 150000n,
      currency: 'KES',
    });
    // The callback request itself never waits on Daraja: confirming is the worker's job.
    expect(fake.http.requestsTo('POST', '/mpesa/stkpushquery/v1/query')).toHaveLength(0);
    await expect(mpesa.confirmPayment({ providerReference: initiated.providerReference })).resolves.toMatchObject({ status: 'succeeded', currency: 'KES' });
    expect(fake.http.requestsTo('POST', '/mpesa/stkpushquery/v1/query')).toHaveLength(1);
  });

  it('reports a cancelled STK push as a failed payment without an amount', async () => {
    const initiated = await push(10000n);
    await expect(mpesa.parseWebhook(asWebhook(fake.cancelPayment(initiated.providerReference)))).resolves.toMatchObject({
      type: 'payment.failed',
      amountMinor: null,
      providerReference: initiated.providerReference,
    });
  });

  describe('callback authentication (Daraja signs nothing)', () => {
    it('does not confirm a forged success callback, even with the right path token', async () => {
      const initiated = await push(10000n);
      const forged = fake.forgeSuccessCallback(initiated.providerReference);
      await expect(mpesa.parseWebhook(asWebhook(forged))).resolves.toMatchObject({ type: 'payment.succeeded' });
      await expect(mpesa.confirmPayment({ providerReference: initiated.providerReference })).resolves.toMatchObject({ status: 'pending' });
      await expect(mpesa.confirmPayment({ providerReference: 'ws_CO_never_pushed' })).rejects.toMatchObject({ code: '400.002.02' });
    });

    it('rejects a wrong or missing path token before calling Daraja', async () => {
      const initiated = await push(10000n);
      const callback = fake.completePayment(initiated.providerReference);
      fake.http.reset();
      await expect(mpesa.parseWebhook(asWebhook(callback, 'cb-guessed'))).rejects.toMatchObject({ reason: 'invalid' });
      await expect(mpesa.parseWebhook({ rawBody: callback.rawBody, headers: callback.headers })).rejects.toMatchObject({ reason: 'missing' });
      expect(fake.http.requests).toHaveLength(0);
    });
  });

  it('refuses amounts M-Pesa cannot take, before any request', async () => {
    await expect(push(150050n)).rejects.toBeInstanceOf(AmountConversionError);
    await expect(
      mpesa.initiatePayment({ reference: nextReference(), amountMinor: 1000n, currency: 'USD', customer: { phone: '0712345678' } }),
    ).rejects.toBeInstanceOf(PaymentRequestError);
    await expect(
      mpesa.initiatePayment({ reference: nextReference(), amountMinor: 1000n, currency: 'KES', customer: { phone: '12345' } }),
    ).rejects.toThrow(/customer.phone/);
    expect(fake.http.requests).toHaveLength(0);
  });

  it('has no saved-method charges', async () => {
    await expect(
      mpesa.chargeSaved({ reference: 'x', amountMinor: 100n, currency: 'KES', customer: {}, savedMethod: { token: 't' } }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('refunds by reversing the whole payment, once, and reads the reversal result', async () => {
    const initiated = await push(250000n);
    const paid = await mpesa.parseWebhook(asWebhook(fake.completePayment(initiated.providerReference)));
    const receipt = paid.type === 'payment.succeeded' ? paid.providerTransactionId! : '';

    await expect(mpesa.refund({ reference: initiated.providerReference, amountMinor: 250000n, currency: 'KES' })).rejects.toThrow(/receipt number/);
    await expect(mpesa.refund({ reference: receipt, amountMinor: 100000n, currency: 'KES' })).rejects.toMatchObject({ status: 400 });
    await expect(mpesa.refund({ reference: receipt, amountMinor: 250050n, currency: 'KES' })).rejects.toBeInstanceOf(AmountConversionError);

    const reversal = await mpesa.refund({ reference: receipt, amountMinor: 250000n, currency: 'KES', reason: 'duplicate' });
    expect(reversal).toMatchObject({ status: 'pending', amountMinor: 250000n, currency: 'KES' });
    await expect(mpesa.refund({ reference: receipt, amountMinor: 250000n, currency: 'KES' })).rejects.toBeInstanceOf(ProviderError);

    const result = fake.completeReversal(reversal.refundReference);
    expect(result.url).toBe(`${WEBHOOK_URL}/${PATH_TOKEN}`);
    await expect(mpesa.parseWebhook(asWebhook(result))).resolves.toMatchObject({
      type: 'refund.succeeded',
      providerReference: receipt,
      refundReference: reversal.refundReference,
      amountMinor: 250000n,
    });
  });

  it('caches the OAuth token, refreshes it when Daraja kills it, and renews it near expiry', async () => {
    const before = fake.tokensIssued;
    await push(10000n);
    await push(10000n);
    await mpesa.verifyTransaction(fake.stkRequests.at(-1)!.checkoutRequestId);
    expect(fake.tokensIssued - before).toBe(1);

    fake.rotateTokenElsewhere(); // another client of the same app fetched a token
    await expect(push(10000n)).resolves.toMatchObject({ status: 'pending' });
    expect(fake.tokensIssued - before).toBe(3);

    clock += 3_599_000;
    await push(10000n);
    expect(fake.tokensIssued - before).toBe(4);
  });

  it('checks credentials and needs its webhook settings', async () => {
    await expect(mpesa.testCredentials()).resolves.toEqual({ ok: true });
    const wrong = createPaymentProvider(
      'mpesa',
      { consumerKey: fake.consumerKey, consumerSecret: 'wrong', shortcode: fake.shortcode, passkey: fake.passkey },
      { baseUrl: fake.baseUrl, http: FAST },
    );
    await expect(wrong.testCredentials()).resolves.toMatchObject({ ok: false });
    await expect(push(10000n, wrong)).rejects.toThrow(/webhookUrl/);
    expect(() => createPaymentProvider('mpesa', { consumerKey: 'k', consumerSecret: 's', shortcode: '1', passkey: 'p', transactionType: 'Other' })).toThrow(
      /credentials.transactionType/,
    );
  });
});
