// Flutterwave v3 over its REST API (Bearer secret key). The official flutterwave-node-v3 SDK is
// not used: 1.4.x phones home (telemetry on construction, PROVIDERS.md §4.3) and the calls
// needed here are four plain JSON requests.

import { PaymentRequestError } from '../errors';
import type * as Contract from '../provider';
import { currencyFromProvider, requireCurrency } from '../shared/amounts';
import { type SecretKeyCredentials, checkCredentials, readSecretKeyCredentials, requireWebhookSecrets } from '../shared/credentials';
import { type Fields, isRecord, optionalDate, textOrUndefined } from '../shared/fields';
import { invoiceMetadata } from '../shared/metadata';
import type { ProviderErrorDetails } from '../shared/http-client';
import { RestProviderBase, secretKeyApi } from '../shared/provider-base';
import { requireReference, requireText } from '../shared/requests';
import { fromFlutterwaveAmount, toFlutterwaveAmount } from './flutterwave-amounts';
import { flutterwaveEventFromBody, verifyFlutterwaveSignature } from './flutterwave-webhook';

/** `secretKey` is `FLWSECK-…` / `FLWSECK_TEST-…`. */
export type FlutterwaveCredentials = SecretKeyCredentials;

export const FLUTTERWAVE_BASE_URL = 'https://api.flutterwave.com/v3';
const PROVIDER = 'flutterwave';

export function parseFlutterwaveCredentials(raw: unknown): FlutterwaveCredentials {
  return readSecretKeyCredentials(PROVIDER, raw);
}

function transactionStatus(status: string): Contract.TransactionStatus {
  if (status === 'successful') return 'succeeded';
  if (status === 'failed') return 'failed';
  return 'pending';
}

/** `{ status: 'error', message, data: { code? } }`. */
function readFlutterwaveError(body: unknown): ProviderErrorDetails {
  if (!isRecord(body)) return {};
  const data = isRecord(body.data) ? body.data : {};
  return { code: textOrUndefined(data.code), message: textOrUndefined(body.message) };
}

export class FlutterwaveProvider extends RestProviderBase<FlutterwaveCredentials> implements Contract.PaymentProvider {
  constructor(config: Contract.ProviderConfig<FlutterwaveCredentials>) {
    super(PROVIDER, config, secretKeyApi(config.credentials, readFlutterwaveError));
  }

  async initiatePayment(request: Contract.InitiatePaymentRequest): Promise<Contract.InitiatePaymentResult> {
    const reference = requireReference(request.reference);
    const data = await this.send('POST', '/payments', {
      tx_ref: reference,
      amount: toFlutterwaveAmount(request.amountMinor, request.currency),
      currency: request.currency,
      redirect_url: requireText(request.returnUrl, 'returnUrl'),
      customer: {
        email: requireText(request.customer.email, 'customer.email'),
        phonenumber: request.customer.phone,
        name: request.customer.name,
      },
      customizations: request.description ? { title: request.description } : undefined,
      meta: invoiceMetadata(request.invoiceReference),
    });
    return { status: 'redirect', providerReference: reference, redirectUrl: data.string('link'), raw: data.source };
  }

  async chargeSaved(request: Contract.ChargeSavedRequest): Promise<Contract.ChargeSavedResult> {
    const reference = requireReference(request.reference);
    const data = await this.send('POST', '/tokenized-charges', {
      token: requireText(request.savedMethod.token, 'savedMethod.token'),
      currency: request.currency,
      amount: toFlutterwaveAmount(request.amountMinor, request.currency),
      email: requireText(request.customer.email, 'customer.email'),
      tx_ref: reference,
      narration: request.description,
      meta: invoiceMetadata(request.invoiceReference),
    });
    const status = transactionStatus(data.string('status'));
    return {
      status,
      providerReference: data.optionalString('tx_ref') ?? reference,
      failureMessage: status === 'failed' ? data.optionalString('processor_response') : undefined,
      raw: data.source,
    };
  }

  async verifyTransaction(providerReference: string): Promise<Contract.VerifiedTransaction> {
    return this.verified(await this.transactionByReference(providerReference));
  }

  /**
   * Flutterwave's advice: verify every transaction by id before giving value
   * (`GET /transactions/:id/verify`); the caller compares status, amount, currency and tx_ref.
   * Events without an id fall back to the tx_ref lookup.
   */
  async confirmPayment(payment: Contract.PaymentToConfirm): Promise<Contract.VerifiedTransaction> {
    if (!payment.providerTransactionId) return this.verifyTransaction(payment.providerReference);
    const id = requireReference(payment.providerTransactionId, 'providerTransactionId');
    return this.verified(await this.send('GET', `/transactions/${encodeURIComponent(id)}/verify`));
  }

  private verified(data: Fields): Contract.VerifiedTransaction {
    const currency = currencyFromProvider(data.raw('currency'), 'data.currency');
    const status = transactionStatus(data.string('status'));
    return {
      status,
      amountMinor: fromFlutterwaveAmount(data.raw('amount'), currency, 'data.amount'),
      currency,
      providerReference: data.string('tx_ref'),
      paidAt: status === 'succeeded' ? optionalDate(data.raw('created_at')) : undefined,
      raw: data.source,
    };
  }

  /** Refunds go by Flutterwave's numeric transaction id, found from our tx_ref first. */
  async refund(request: Contract.RefundRequest): Promise<Contract.RefundResult> {
    requireCurrency(request.currency);
    const transaction = await this.transactionByReference(request.reference);
    const currency = currencyFromProvider(transaction.raw('currency'), 'data.currency');
    if (currency !== request.currency) throw new PaymentRequestError('currency', `payment ${request.reference} is in ${currency}`);
    const data = await this.send('POST', `/transactions/${encodeURIComponent(transaction.string('id'))}/refund`, {
      amount: request.amountMinor === undefined ? undefined : toFlutterwaveAmount(request.amountMinor, currency),
      comments: request.reason,
    });
    const status = data.string('status');
    return {
      status: status === 'completed' || status === 'successful' ? 'succeeded' : status === 'failed' ? 'failed' : 'pending',
      refundReference: data.string('id'),
      amountMinor: fromFlutterwaveAmount(data.raw('amount_refunded'), currency, 'data.amount_refunded'),
      currency,
      raw: data.source,
    };
  }

  testCredentials(): Promise<Contract.CredentialCheck> {
    return checkCredentials(() => this.http.request({ method: 'GET', path: '/balances' }));
  }

  async parseWebhook(input: Contract.WebhookInput): Promise<Contract.WebhookEvent> {
    verifyFlutterwaveSignature(input, requireWebhookSecrets(PROVIDER, this.config.webhookSecret));
    return flutterwaveEventFromBody(input.rawBody, this.receivedAt());
  }

  private async transactionByReference(reference: string): Promise<Fields> {
    const txRef = requireReference(reference, 'providerReference');
    return this.send('GET', '/transactions/verify_by_reference', undefined, { tx_ref: txRef });
  }

  /** Flutterwave has no idempotency header on v3: POSTs are not replayed; tx_ref guards charges. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    json?: Record<string, unknown>,
    query?: Record<string, string>,
  ): Promise<Fields> {
    return (await this.fields({ method, path, json, query })).object('data');
  }
}
