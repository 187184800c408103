// Paystack over its REST API. The official SDK hard-codes https://api.paystack.co (no base URL
// option), so the shared HTTP client is used with a configurable base URL instead.

import type * as Contract from '../provider';
import { currencyFromProvider, integerFromProvider, requireCurrency } from '../shared/amounts';
import { type SecretKeyCredentials, checkCredentials, readSecretKeyCredentials } from '../shared/credentials';
import { type Fields, isRecord, optionalDate, textOrUndefined } from '../shared/fields';
import { invoiceMetadata } from '../shared/metadata';
import type { ProviderErrorDetails } from '../shared/http-client';
import { RestProviderBase, secretKeyApi } from '../shared/provider-base';
import { requireReference, requireText } from '../shared/requests';
import { toPaystackAmount } from './paystack-amounts';
import { paystackEventFromBody, verifyPaystackSignature } from './paystack-webhook';

/** `secretKey` is `sk_live_…` / `sk_test_…`: it authenticates API calls and signs webhooks. */
export type PaystackCredentials = SecretKeyCredentials;

export const PAYSTACK_BASE_URL = 'https://api.paystack.co';
const PROVIDER = 'paystack';

export function parsePaystackCredentials(raw: unknown): PaystackCredentials {
  return readSecretKeyCredentials(PROVIDER, raw);
}

/**
 * Paystack transaction statuses. `abandoned` only means the checkout is still open; `reversed`
 * is a paid transaction later refunded in full (refunds are reported separately).
 */
function transactionStatus(status: string): Contract.TransactionStatus {
  if (status === 'success' || status === 'reversed') return 'succeeded';
  if (status === 'failed') return 'failed';
  return 'pending';
}

/** `{ status: false, message, code? }`. */
function readPaystackError(body: unknown): ProviderErrorDetails {
  return isRecord(body) ? { code: textOrUndefined(body.code ?? body.type), message: textOrUndefined(body.message) } : {};
}

export class PaystackProvider extends RestProviderBase<PaystackCredentials> implements Contract.PaymentProvider {
  constructor(config: Contract.ProviderConfig<PaystackCredentials>) {
    super(PROVIDER, config, secretKeyApi(config.credentials, readPaystackError));
  }

  async initiatePayment(request: Contract.InitiatePaymentRequest): Promise<Contract.InitiatePaymentResult> {
    const data = await this.post('/transaction/initialize', {
      email: requireText(request.customer.email, 'customer.email'),
      amount: toPaystackAmount(request.amountMinor, request.currency),
      currency: request.currency,
      reference: requireReference(request.reference),
      callback_url: request.returnUrl,
      metadata: invoiceMetadata(request.invoiceReference),
    });
    return {
      status: 'redirect',
      providerReference: data.string('reference'),
      redirectUrl: data.string('authorization_url'),
      raw: data.source,
    };
  }

  async chargeSaved(request: Contract.ChargeSavedRequest): Promise<Contract.ChargeSavedResult> {
    const data = await this.post('/transaction/charge_authorization', {
      email: requireText(request.customer.email, 'customer.email'),
      amount: toPaystackAmount(request.amountMinor, request.currency),
      currency: request.currency,
      authorization_code: requireText(request.savedMethod.token, 'savedMethod.token'),
      reference: requireReference(request.reference),
      metadata: invoiceMetadata(request.invoiceReference),
    });
    const status = transactionStatus(data.string('status'));
    return {
      status,
      providerReference: data.string('reference'),
      failureMessage: status === 'failed' ? data.optionalString('gateway_response') : undefined,
      raw: data.source,
    };
  }

  async verifyTransaction(providerReference: string): Promise<Contract.VerifiedTransaction> {
    const reference = encodeURIComponent(requireReference(providerReference, 'providerReference'));
    const data = (await this.fields({ method: 'GET', path: `/transaction/verify/${reference}` })).object('data');
    return {
      status: transactionStatus(data.string('status')),
      amountMinor: integerFromProvider(data.raw('amount'), 'data.amount'),
      currency: currencyFromProvider(data.raw('currency'), 'data.currency'),
      providerReference: data.string('reference'),
      paidAt: optionalDate(data.raw('paid_at')),
      raw: data.source,
    };
  }

  /** Paystack's advice: `GET /transaction/verify/:reference` before giving value. */
  confirmPayment(payment: Contract.PaymentToConfirm): Promise<Contract.VerifiedTransaction> {
    return this.verifyTransaction(payment.providerReference);
  }

  async refund(request: Contract.RefundRequest): Promise<Contract.RefundResult> {
    requireCurrency(request.currency);
    const data = await this.post('/refund', {
      transaction: requireReference(request.reference),
      amount: request.amountMinor === undefined ? undefined : toPaystackAmount(request.amountMinor, request.currency),
      currency: request.currency,
      merchant_note: request.reason,
    });
    const status = data.string('status');
    return {
      status: status === 'processed' ? 'succeeded' : status === 'failed' ? 'failed' : 'pending',
      refundReference: data.string('id'),
      amountMinor: integerFromProvider(data.raw('amount'), 'data.amount'),
      currency: currencyFromProvider(data.raw('currency'), 'data.currency'),
      raw: data.source,
    };
  }

  testCredentials(): Promise<Contract.CredentialCheck> {
    return checkCredentials(() => this.http.request({ method: 'GET', path: '/balance' }));
  }

  async parseWebhook(input: Contract.WebhookInput): Promise<Contract.WebhookEvent> {
    verifyPaystackSignature(input, [this.config.credentials.secretKey]);
    return paystackEventFromBody(input.rawBody, this.receivedAt());
  }

  /** Paystack has no idempotency header: POSTs are never replayed; the unique `reference` guards them. */
  private async post(path: string, json: Record<string, unknown>): Promise<Fields> {
    return (await this.fields({ method: 'POST', path, json })).object('data');
  }
}
