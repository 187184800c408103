// The one contract every payment provider adapter fulfils. Amounts cross this boundary as bigint
// ISO 4217 minor units plus an upper-case currency code; each adapter converts at its own edge.

import type { HeaderBag } from './shared/headers';
import type { HttpOptions } from './shared/http-client';
import type { SecretOrSecrets } from './shared/secrets';

export interface CustomerDetails {
  readonly email?: string;
  /** International format without '+', e.g. 254712345678 (M-Pesa needs it). */
  readonly phone?: string;
  readonly name?: string;
}

export interface InitiatePaymentRequest {
  /**
   * Our unique reference for this payment attempt (Paystack `reference`, Flutterwave `tx_ref`,
   * Razorpay `reference_id`, Stripe idempotency key). Reuse it when retrying the same attempt.
   */
  readonly reference: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly customer: CustomerDetails;
  readonly description?: string;
  /** Echoed back in webhooks where the provider keeps metadata. */
  readonly invoiceReference?: string;
  /** Where the payer lands after the hosted checkout. */
  readonly returnUrl?: string;
  /** Where the payer lands after abandoning (Stripe only; others use returnUrl). */
  readonly cancelUrl?: string;
}

export type InitiatePaymentResult =
  | { readonly status: 'redirect'; readonly providerReference: string; readonly redirectUrl: string; readonly raw: unknown }
  | { readonly status: 'pending' | 'succeeded'; readonly providerReference: string; readonly raw: unknown };

export interface SavedPaymentMethod {
  /** Stripe PaymentMethod id, Razorpay token id, Paystack authorization_code, Flutterwave card token. */
  readonly token: string;
  /** Provider customer id when the provider ties the method to one (Stripe `cus_`, Razorpay `cust_`). */
  readonly customerId?: string;
}

export interface ChargeSavedRequest {
  readonly reference: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly customer: CustomerDetails;
  readonly savedMethod: SavedPaymentMethod;
  readonly description?: string;
  readonly invoiceReference?: string;
}

export interface ChargeSavedResult {
  readonly status: 'succeeded' | 'pending' | 'failed';
  readonly providerReference: string;
  /** Provider's decline code / message when status is 'failed'. */
  readonly failureCode?: string;
  readonly failureMessage?: string;
  readonly raw: unknown;
}

/** Whether the payment itself went through. Later refunds do not change it: they are reported
 * by refund() results and refund.* webhook events. */
export type TransactionStatus = 'succeeded' | 'pending' | 'failed';

export interface VerifiedTransaction {
  readonly status: TransactionStatus;
  /** Null only when the provider's status API reports no amount (M-Pesa STK query). */
  readonly amountMinor: bigint | null;
  readonly currency: string;
  readonly providerReference: string;
  readonly paidAt?: Date;
  readonly raw: unknown;
}

/** What a payment webhook names, for the provider's API to confirm. */
export interface PaymentToConfirm {
  /** Our reference (Paystack `reference`, Flutterwave `tx_ref`, M-Pesa CheckoutRequestID). */
  readonly providerReference: string;
  /** The provider's own transaction id when the webhook carries one (Flutterwave `data.id`). */
  readonly providerTransactionId?: string;
}

export interface RefundRequest {
  /** The payment's providerReference (M-Pesa: the M-Pesa receipt number). */
  readonly reference: string;
  /** Omit for a full refund. */
  readonly amountMinor?: bigint;
  readonly currency: string;
  readonly reason?: string;
  /** Stable key for this refund; replays with the same key never refund twice. */
  readonly idempotencyKey?: string;
}

export interface RefundResult {
  readonly status: 'succeeded' | 'pending' | 'failed';
  readonly refundReference: string;
  /** Null when the provider did not echo the amount (full refunds on some APIs). */
  readonly amountMinor: bigint | null;
  readonly currency: string;
  readonly raw: unknown;
}

export type CredentialCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface WebhookInput {
  /** Exact bytes received; signatures are computed over these, never over re-serialised JSON. */
  readonly rawBody: Buffer;
  readonly headers: HeaderBag;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Secret token taken from the callback URL path (M-Pesa, which signs nothing). */
  readonly pathSecret?: string;
}

export type WebhookEventType = 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';

interface WebhookEventBase {
  readonly provider: string;
  /** Stable across provider retries of the same event: de-duplicate on (provider, eventId). */
  readonly eventId: string;
  /** The payment's reference as returned by initiatePayment / chargeSaved. */
  readonly providerReference: string;
  /** Set on refund events when the provider identifies the refund. Refund events are state
   * changes of one refund and may repeat under new event ids: de-duplicate on this too. */
  readonly refundReference?: string;
  /** The provider's own id for the money movement where it differs from providerReference
   * (the M-Pesa receipt number, which M-Pesa refunds need). */
  readonly providerTransactionId?: string;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly invoiceReference?: string;
  readonly raw: unknown;
}

export interface SettledWebhookEvent extends WebhookEventBase {
  readonly type: 'payment.succeeded' | 'refund.succeeded' | 'refund.failed';
  readonly amountMinor: bigint;
  /**
   * payment.succeeded only: the method paid with, when the provider lets us charge it again
   * off-session (Paystack reusable authorization, Flutterwave card token).
   */
  readonly reusableMethod?: SavedPaymentMethod;
}

export interface PaymentFailedWebhookEvent extends WebhookEventBase {
  readonly type: 'payment.failed';
  /** Null when the provider reports a failure without the amount (M-Pesa STK callbacks). */
  readonly amountMinor: bigint | null;
}

export type PaymentWebhookEvent = SettledWebhookEvent | PaymentFailedWebhookEvent;

/** Authentic, but nothing billing acts on (disputes, transfers, intermediate states...). */
export interface IgnoredWebhookEvent {
  readonly provider: string;
  readonly eventId: string;
  readonly type: 'ignored';
  readonly providerEventType: string;
  readonly raw: unknown;
}

export type WebhookEvent = PaymentWebhookEvent | IgnoredWebhookEvent;

export interface PaymentProvider {
  readonly name: string;
  initiatePayment(request: InitiatePaymentRequest): Promise<InitiatePaymentResult>;
  /** Off-session charge of a saved method; throws UnsupportedOperationError where impossible. */
  chargeSaved(request: ChargeSavedRequest): Promise<ChargeSavedResult>;
  verifyTransaction(providerReference: string): Promise<VerifiedTransaction>;
  /**
   * Asks the provider's API what really happened to the payment a webhook reports, before it
   * settles anything. Implemented where the webhook's authentication does not cover what a payer
   * can forge (Flutterwave's static `verif-hash`, Paystack's advice to verify, M-Pesa's unsigned
   * callbacks); absent where the signature covers the whole body (Stripe, Razorpay). Throws when
   * the provider knows no such transaction or cannot be asked.
   */
  confirmPayment?(payment: PaymentToConfirm): Promise<VerifiedTransaction>;
  refund(request: RefundRequest): Promise<RefundResult>;
  testCredentials(): Promise<CredentialCheck>;
  /** Verifies authenticity with the provider's own scheme, or throws WebhookSignatureError. */
  parseWebhook(input: WebhookInput): Promise<WebhookEvent>;
}

/** What every adapter is built from. `credentials` is the provider's own typed object. */
export interface ProviderConfig<Credentials> {
  readonly credentials: Credentials;
  /** API base URL from configuration; the registry fills in the provider's real URL by default. */
  readonly baseUrl: string;
  /** Webhook signing secret(s); a list while rotating. Paystack signs with the API key instead. */
  readonly webhookSecret?: SecretOrSecrets;
  /** Public URL of our webhook endpoint, for providers that take a callback URL per request (M-Pesa). */
  readonly webhookUrl?: string;
  readonly http?: HttpOptions;
  /** Clock in epoch milliseconds; injectable for tests. */
  readonly now?: () => number;
}

/** How the registry knows a provider: its name, real base URL, credential parser and factory. */
export interface ProviderDefinition<Credentials> {
  readonly name: string;
  readonly defaultBaseUrl: string;
  /**
   * Whether a verified webhook is the provider's own word: an HMAC over the whole body with a
   * secret only the provider and we hold (Stripe, Razorpay, Paystack). Not Flutterwave (its
   * static `verif-hash` is accepted) nor M-Pesa (unsigned callbacks): what only their webhook
   * reports, with nothing of ours to match, is not acted on.
   */
  readonly webhookSignsBody: boolean;
  /**
   * Whether asking again for a refund under the same idempotency key can never refund twice
   * (Stripe `Idempotency-Key`, Razorpay `X-Refund-Idempotency`), so a request left unanswered may
   * simply be sent again.
   */
  readonly refundIdempotent: boolean;
  /** Validates decrypted credentials JSON; errors name the missing field, never its value. */
  parseCredentials(raw: unknown): Credentials;
  create(config: ProviderConfig<Credentials>): PaymentProvider;
}
