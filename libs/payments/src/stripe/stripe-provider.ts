// Stripe through its official SDK, pointed at the configured base URL with host/port/protocol.
// The SDK brings its own retries (idempotency keys on every POST) and signature verification;
// this adapter supplies the keys, the amount units and the mapping to NovaBilling shapes.

import Stripe from 'stripe';
import { PaymentRequestError, ProviderConfigError, ProviderError, WebhookSignatureError } from '../errors';
import type * as Contract from '../provider';
import { currencyFromProvider, requireCurrency } from '../shared/amounts';
import { type SecretKeyCredentials, checkCredentials, readSecretKeyCredentials, requireWebhookSecrets } from '../shared/credentials';
import { headerValue } from '../shared/headers';
import { DEFAULT_HTTP_OPTIONS } from '../shared/http-client';
import { invoiceMetadata } from '../shared/metadata';
import { ProviderBase } from '../shared/provider-base';
import { requireReference, requireText } from '../shared/requests';
import { redactSecrets } from '../shared/secrets';
import { fromStripeAmount, toStripeAmount } from './stripe-amounts';
import { NOVA_FLOW, NOVA_PAYMENT_REFERENCE, NOVA_REFERENCE, OFF_SESSION_FLOW } from './stripe-metadata';
import { stripeEventToWebhookEvent } from './stripe-webhook';

/** `secretKey` is `sk_live_…` / `sk_test_…` (or a restricted `rk_…` key). */
export type StripeCredentials = SecretKeyCredentials;

export const STRIPE_BASE_URL = 'https://api.stripe.com';
/** Replay window for Stripe-Signature timestamps (the SDK's default, passed explicitly). */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;
const PROVIDER = 'stripe';

export function parseStripeCredentials(raw: unknown): StripeCredentials {
  return readSecretKeyCredentials(PROVIDER, raw);
}

function sdkConnection(baseUrl: string): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  const url = new URL(baseUrl);
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new ProviderConfigError(PROVIDER, 'baseUrl', 'must be an origin without a path (the SDK adds /v1)');
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

function paymentIntentStatus(status: Stripe.PaymentIntent.Status): Contract.TransactionStatus {
  if (status === 'succeeded') return 'succeeded';
  // Our intents are confirmed at creation: back at requires_payment_method means declined.
  if (status === 'canceled' || status === 'requires_payment_method') return 'failed';
  return 'pending';
}

export class StripeProvider extends ProviderBase<StripeCredentials> implements Contract.PaymentProvider {
  private readonly stripe: Stripe;

  constructor(config: Contract.ProviderConfig<StripeCredentials>) {
    super(PROVIDER, config);
    this.stripe = new Stripe(config.credentials.secretKey, {
      ...sdkConnection(config.baseUrl),
      maxNetworkRetries: config.http?.maxRetries ?? DEFAULT_HTTP_OPTIONS.maxRetries,
      timeout: config.http?.timeoutMs ?? DEFAULT_HTTP_OPTIONS.timeoutMs,
      telemetry: false,
    });
  }

  async initiatePayment(request: Contract.InitiatePaymentRequest): Promise<Contract.InitiatePaymentResult> {
    const reference = requireReference(request.reference);
    const metadata = { [NOVA_REFERENCE]: reference, ...invoiceMetadata(request.invoiceReference) };
    const returnUrl = requireText(request.returnUrl, 'returnUrl');
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: toStripeAmount(request.amountMinor, request.currency),
                product_data: { name: request.description ?? (request.invoiceReference ? `Invoice ${request.invoiceReference}` : 'Payment') },
              },
            },
          ],
          success_url: returnUrl,
          cancel_url: request.cancelUrl ?? returnUrl,
          client_reference_id: reference,
          customer_email: request.customer.email,
          // Checkout keeps the card for off-session charges of later cycles (and tells the payer).
          customer_creation: 'always',
          metadata,
          payment_intent_data: { metadata, setup_future_usage: 'off_session' },
        },
        { idempotencyKey: `nova-checkout-${reference}` },
      ),
    );
    if (!session.url) throw new ProviderError(PROVIDER, 200, 'invalid_response', 'checkout session has no url');
    return { status: 'redirect', providerReference: session.id, redirectUrl: session.url, raw: session };
  }

  async chargeSaved(request: Contract.ChargeSavedRequest): Promise<Contract.ChargeSavedResult> {
    const reference = requireReference(request.reference);
    const amount = toStripeAmount(request.amountMinor, request.currency);
    const customer = requireText(request.savedMethod.customerId, 'savedMethod.customerId');
    const paymentMethod = requireText(request.savedMethod.token, 'savedMethod.token');
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount,
          currency: request.currency.toLowerCase(),
          customer,
          payment_method: paymentMethod,
          off_session: true,
          confirm: true,
          description: request.description,
          metadata: { [NOVA_REFERENCE]: reference, [NOVA_FLOW]: OFF_SESSION_FLOW, ...invoiceMetadata(request.invoiceReference) },
        },
        { idempotencyKey: `nova-charge-${reference}` },
      );
      const status = paymentIntentStatus(intent.status);
      return {
        status,
        providerReference: intent.id,
        failureCode: status === 'failed' ? (intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code) : undefined,
        failureMessage: status === 'failed' ? intent.last_payment_error?.message : undefined,
        raw: intent,
      };
    } catch (error) {
      // Off-session declines (and authentication_required) arrive as 402 card errors.
      if (error instanceof Stripe.errors.StripeCardError) {
        return {
          status: 'failed',
          providerReference: error.payment_intent?.id ?? reference,
          failureCode: error.decline_code ?? error.code,
          failureMessage: error.message,
          raw: error.raw,
        };
      }
      throw this.providerError(error);
    }
  }

  async verifyTransaction(providerReference: string): Promise<Contract.VerifiedTransaction> {
    requireReference(providerReference, 'providerReference');
    if (providerReference.startsWith('cs_')) {
      const session = await this.call(() => this.stripe.checkout.sessions.retrieve(providerReference, { expand: ['payment_intent'] }));
      const currency = currencyFromProvider(session.currency);
      const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null;
      const paid = session.payment_status === 'paid';
      return {
        status: paid ? 'succeeded' : session.status === 'expired' ? 'failed' : 'pending',
        amountMinor: session.amount_total === null ? null : fromStripeAmount(session.amount_total, currency),
        currency,
        providerReference: session.id,
        paidAt: paid && intent ? new Date(intent.created * 1000) : undefined,
        raw: session,
      };
    }
    const intent = await this.call(() => this.stripe.paymentIntents.retrieve(providerReference));
    const currency = currencyFromProvider(intent.currency);
    const status = paymentIntentStatus(intent.status);
    return {
      status,
      amountMinor: fromStripeAmount(status === 'succeeded' ? intent.amount_received : intent.amount, currency),
      currency,
      providerReference: intent.id,
      paidAt: status === 'succeeded' ? new Date(intent.created * 1000) : undefined,
      raw: intent,
    };
  }

  async refund(request: Contract.RefundRequest): Promise<Contract.RefundResult> {
    const reference = requireReference(request.reference);
    requireCurrency(request.currency);
    const paymentIntent = await this.paymentIntentOf(reference);
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        {
          payment_intent: paymentIntent,
          amount: request.amountMinor === undefined ? undefined : toStripeAmount(request.amountMinor, request.currency),
          metadata: { [NOVA_PAYMENT_REFERENCE]: reference, ...(request.reason ? { reason: request.reason } : {}) },
        },
        request.idempotencyKey ? { idempotencyKey: `nova-refund-${request.idempotencyKey}` } : undefined,
      ),
    );
    const currency = currencyFromProvider(refund.currency);
    return {
      status: refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending',
      refundReference: refund.id,
      amountMinor: fromStripeAmount(refund.amount, currency),
      currency,
      raw: refund,
    };
  }

  testCredentials(): Promise<Contract.CredentialCheck> {
    return checkCredentials(() => this.call(() => this.stripe.balance.retrieve()));
  }

  async parseWebhook(input: Contract.WebhookInput): Promise<Contract.WebhookEvent> {
    const event = this.verifiedEvent(input);
    return this.withSavedCard(event, stripeEventToWebhookEvent(event));
  }

  private verifiedEvent(input: Contract.WebhookInput): Stripe.Event {
    const secrets = requireWebhookSecrets(PROVIDER, this.config.webhookSecret);
    const header = headerValue(input.headers, 'stripe-signature');
    if (!header) throw new WebhookSignatureError(PROVIDER, 'missing', 'no Stripe-Signature header');
    let stale = false;
    for (const secret of secrets) {
      try {
        return this.stripe.webhooks.constructEvent(input.rawBody, header, secret, STRIPE_WEBHOOK_TOLERANCE_SECONDS, undefined, this.now());
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) {
          throw new WebhookSignatureError(PROVIDER, 'malformed', 'verified body is not a Stripe event');
        }
        // The SDK checks the signature before the timestamp, so this message implies a genuine but old event.
        stale ||= /tolerance/i.test(error.message);
      }
    }
    throw stale
      ? new WebhookSignatureError(PROVIDER, 'stale', `timestamp older than ${STRIPE_WEBHOOK_TOLERANCE_SECONDS} s`)
      : new WebhookSignatureError(PROVIDER, 'invalid', 'no v1 signature matches the body');
  }

  /**
   * A paid checkout that saved the card names the customer; the card itself is on the payment
   * intent, which the event does not expand, so it is read from the API (one call).
   */
  private async withSavedCard(event: Stripe.Event, parsed: Contract.WebhookEvent): Promise<Contract.WebhookEvent> {
    if (parsed.type !== 'payment.succeeded' || (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded')) return parsed;
    const session = event.data.object;
    const customer = typeof session.customer === 'string' ? session.customer : session.customer?.id;
    const intentId = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
    if (!customer || !intentId) return parsed;
    const intent = await this.call(() => this.stripe.paymentIntents.retrieve(intentId));
    const paymentMethod = typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id;
    if (!paymentMethod || intent.setup_future_usage !== 'off_session') return parsed;
    return { ...parsed, reusableMethod: { token: paymentMethod, customerId: customer } };
  }

  /** Refunds need the payment intent; a checkout reference is resolved through its session. */
  private async paymentIntentOf(reference: string): Promise<string> {
    if (!reference.startsWith('cs_')) return reference;
    const session = await this.call(() => this.stripe.checkout.sessions.retrieve(reference));
    const intent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
    if (!intent) throw new PaymentRequestError('reference', `checkout session ${reference} has no payment to refund`);
    return intent;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.providerError(error);
    }
  }

  private providerError(error: unknown): Error {
    if (!(error instanceof Stripe.errors.StripeError)) return error instanceof Error ? error : new Error(String(error));
    const status = error.statusCode ?? 0;
    const code = error.code ?? (error.type === 'StripeConnectionError' ? 'network_error' : error.type);
    return new ProviderError(PROVIDER, status, code, redactSecrets(error.message, [this.config.credentials.secretKey]));
  }
}
