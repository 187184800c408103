// The five provider fakes behind one shape, for end-to-end payment tests: what to connect the
// account with, which currency it collects, and how the provider reports a payment or refund.
import { createHmac } from 'node:crypto';
import {
  FakeFlutterwave,
  type FakeServer,
  FakeMpesa,
  FakePaystack,
  FakeRazorpay,
  FakeStripe,
  type SignedWebhook,
  fakeId,
  paystackSignatureHeaders,
  startFakeFlutterwave,
  startFakeMpesa,
  startFakePaystack,
  startFakeRazorpay,
  startFakeStripe,
} from '../../libs/payments/testing';

export interface ProviderWebhook extends SignedWebhook {
  /** Path below /webhooks/… for providers that post to a URL we handed them (M-Pesa). */
  readonly path?: string;
}

export interface PaymentFake {
  readonly provider: 'stripe' | 'razorpay' | 'paystack' | 'flutterwave' | 'mpesa';
  readonly currency: string;
  readonly unitAmount: number;
  readonly baseUrl: string;
  readonly connect: { credentials: Record<string, string>; webhookSecret?: string };
  /** Values that must never appear in an API answer. */
  readonly secrets: string[];
  /** The payer completed the payment `providerReference` names: the provider's webhook. */
  completePayment(providerReference: string): ProviderWebhook;
  /** The fake's request log (what the adapter really sent). */
  readonly http: FakeServer;
  /** The provider finished the refund `refundReference` names (undefined: it reports synchronously). */
  settleRefund?(refundReference: string, outcome?: RefundOutcome): ProviderWebhook;
  /** Refunds stay pending until settleRefund (providers that otherwise answer at once: Stripe, Flutterwave). */
  holdRefunds?(): void;
  /**
   * `body` signed the way the provider signs its webhooks, posted where `like` was (M-Pesa's
   * callback path); `forged`: with a secret that is not the account's (M-Pesa: a wrong path token).
   */
  sign(body: unknown, like: ProviderWebhook, options?: { forged?: boolean }): ProviderWebhook;
  close(): Promise<void>;
}

export type RefundOutcome = 'succeeded' | 'failed';

const FORGED_SECRET = 'not-the-accounts-secret';

function json(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body));
}

function fromUrl(webhook: SignedWebhook & { url: string }): ProviderWebhook {
  return { headers: webhook.headers, rawBody: webhook.rawBody, path: new URL(webhook.url).pathname };
}

export async function startPaymentFake(provider: PaymentFake['provider']): Promise<PaymentFake> {
  switch (provider) {
    case 'stripe': {
      const fake: FakeStripe = await startFakeStripe();
      return {
        provider, currency: 'USD', unitAmount: 4_900, baseUrl: fake.baseUrl,
        connect: { credentials: { secretKey: fake.secretKey }, webhookSecret: fake.webhookSecret },
        secrets: [fake.secretKey, fake.webhookSecret],
        completePayment: (reference) => fake.completePayment(reference),
        http: fake.http,
        holdRefunds: () => fake.holdRefunds(),
        settleRefund: (reference, outcome = 'succeeded') => fake.settleRefund(reference, outcome),
        sign: (body, _like, options) => {
          const event = body as { type: string; data: { object: Record<string, unknown> } };
          return fake.event(event.type, event.data.object, { secret: options?.forged ? `whsec_${FORGED_SECRET}` : undefined });
        },
        close: () => fake.close(),
      };
    }
    case 'razorpay': {
      const fake: FakeRazorpay = await startFakeRazorpay();
      return {
        provider, currency: 'INR', unitAmount: 99_900, baseUrl: fake.baseUrl,
        connect: { credentials: { keyId: fake.keyId, keySecret: fake.keySecret }, webhookSecret: fake.webhookSecret },
        secrets: [fake.keySecret, fake.webhookSecret],
        completePayment: (reference) => fake.completePayment(reference),
        http: fake.http,
        settleRefund: (reference, outcome = 'succeeded') => fake.settleRefund(reference, outcome === 'succeeded' ? 'processed' : 'failed'),
        sign: (body, _like, options) => {
          const rawBody = json(body);
          const signature = createHmac('sha256', options?.forged ? FORGED_SECRET : fake.webhookSecret).update(rawBody).digest('hex');
          return { rawBody, headers: { 'x-razorpay-signature': signature, 'x-razorpay-event-id': fakeId('') } };
        },
        close: () => fake.close(),
      };
    }
    case 'paystack': {
      const fake: FakePaystack = await startFakePaystack();
      return {
        provider, currency: 'NGN', unitAmount: 1_500_000, baseUrl: fake.baseUrl,
        connect: { credentials: { secretKey: fake.secretKey } },
        secrets: [fake.secretKey],
        completePayment: (reference) => fake.completePayment(reference),
        http: fake.http,
        settleRefund: (reference, outcome = 'succeeded') => fake.settleRefund(reference, outcome === 'succeeded' ? 'processed' : 'failed'),
        sign: (body, _like, options) => {
          const rawBody = json(body);
          return { rawBody, headers: paystackSignatureHeaders(options?.forged ? `sk_test_${FORGED_SECRET}` : fake.secretKey, rawBody) };
        },
        close: () => fake.close(),
      };
    }
    case 'flutterwave': {
      const fake: FakeFlutterwave = await startFakeFlutterwave();
      return {
        provider, currency: 'NGN', unitAmount: 2_500_000, baseUrl: fake.baseUrl,
        connect: { credentials: { secretKey: fake.secretKey }, webhookSecret: fake.secretHash },
        secrets: [fake.secretKey, fake.secretHash],
        completePayment: (reference) => fake.completePayment(reference),
        http: fake.http,
        holdRefunds: () => fake.holdRefunds(),
        settleRefund: (reference, outcome = 'succeeded') => fake.settleRefund(reference, outcome === 'succeeded' ? 'completed' : 'failed'),
        sign: (body, _like, options) => fake.sign(body, 'verif-hash', options?.forged ? FORGED_SECRET : undefined),
        close: () => fake.close(),
      };
    }
    case 'mpesa': {
      const fake: FakeMpesa = await startFakeMpesa();
      return {
        provider, currency: 'KES', unitAmount: 150_000, baseUrl: fake.baseUrl,
        connect: {
          credentials: {
            consumerKey: fake.consumerKey,
            consumerSecret: fake.consumerSecret,
            shortcode: fake.shortcode,
            passkey: fake.passkey,
            initiatorName: 'apiop',
            securityCredential: 'encrypted-initiator-password==',
          },
        },
        secrets: [fake.consumerSecret, fake.passkey],
        completePayment: (reference) => fromUrl(fake.completePayment(reference)),
        http: fake.http,
        settleRefund: (reference, outcome = 'succeeded') => fromUrl(fake.completeReversal(reference, outcome === 'succeeded' ? 'success' : 'failure')),
        // Daraja signs nothing: a callback is as good as the secret token in its path.
        sign: (body, like, options) => ({ headers: {}, rawBody: json(body), path: options?.forged ? like.path!.replace(/[^/]+$/, FORGED_SECRET) : like.path }),
        close: () => fake.close(),
      };
    }
  }
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
