// Paystack over its REST API. The official SDK hard-codes https://api.paystack.co (no base URL
// option), so the shared HTTP client is used with a configurable base URL instead.

import type {
  ChargeSavedRequest,
  ChargeSavedResult,
  CredentialCheck,
  InitiatePaymentRequest,
  InitiatePaymentResult,
  PaymentProvider,
  ProviderConfig,
  RefundRequest,
  RefundResult,
  TransactionStatus,
  VerifiedTransaction,
  WebhookEvent,
  WebhookInput,
} from '../provider';
import { currencyFromProvider, integerFromProvider, requireCurrency } from '../shared/amounts';
import { checkCredentials, readCredentialFields } from '../shared/credentials';
import { Fields, invalidResponse, isRecord, optionalDate, textOrUndefined } from '../shared/fields';
import { ProviderHttpClient } from '../shared/http-client';
import { invoiceMetadata } from '../shared/metadata';
import { requireReference, requireText } from '../shared/requests';
import { toPaystackAmount } from './paystack-amounts';
import { paystackEventFromBody, verifyPaystackSignature } from './paystack-webhook';

export interface PaystackCredentials {
  /** `sk_live_…` / `sk_test_…`: authenticates API calls and signs webhooks. */
  readonly secretKey: string;
}

export const PAYSTACK_BASE_URL = 'https://api.paystack.co';
const PROVIDER = 'paystack';

export function parsePaystackCredentials(raw: unknown): PaystackCredentials {
  return readCredentialFields(PROVIDER, raw, ['secretKey']);
}

/**
 * Paystack transaction statuses. `abandoned` only means the checkout is still open; `reversed`
 * is a paid transaction later refunded in full (refunds are reported separately).
 */
function transactionStatus(status: string): TransactionStatus {
  if (status === 'success' || status === 'reversed') return 'succeeded';
  if (status === 'failed') return 'failed';
  return 'pending';
}

export class PaystackProvider implements PaymentProvider {
  readonly name = PROVIDER;
  private readonly http: ProviderHttpClient;
  private readonly fail = invalidResponse(PROVIDER);
  private readonly now: () => number;

  constructor(private readonly config: ProviderConfig<PaystackCredentials>) {
    const { secretKey } = config.credentials;
    this.now = config.now ?? Date.now;
    this.http = new ProviderHttpClient({
      provider: PROVIDER,
      baseUrl: config.baseUrl,
      authorize: () => ({ authorization: `Bearer ${secretKey}` }),
      secrets: [secretKey],
      readError: (body) => (isRecord(body) ? { code: textOrUndefined(body.code ?? body.type), message: textOrUndefined(body.message) } : {}),
      options: config.http,
    });
  }

  async initiatePayment(request: InitiatePaymentRequest): Promise<InitiatePaymentResult> {
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

  async chargeSaved(request: ChargeSavedRequest): Promise<ChargeSavedResult> {
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

  async verifyTransaction(providerReference: string): Promise<VerifiedTransaction> {
    const body = await this.http.request({
      method: 'GET',
      path: `/transaction/verify/${encodeURIComponent(requireReference(providerReference, 'providerReference'))}`,
    });
    const data = Fields.of(body, 'body', this.fail).object('data');
    return {
      status: transactionStatus(data.string('status')),
      amountMinor: integerFromProvider(data.raw('amount'), 'data.amount'),
      currency: currencyFromProvider(data.raw('currency'), 'data.currency'),
      providerReference: data.string('reference'),
      paidAt: optionalDate(data.raw('paid_at')),
      raw: data.source,
    };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
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

  testCredentials(): Promise<CredentialCheck> {
    return checkCredentials(() => this.http.request({ method: 'GET', path: '/balance' }));
  }

  async parseWebhook(input: WebhookInput): Promise<WebhookEvent> {
    verifyPaystackSignature(input, [this.config.credentials.secretKey]);
    return paystackEventFromBody(input.rawBody, new Date(this.now()));
  }

  /** Paystack has no idempotency header: POSTs are never replayed; the unique `reference` guards them. */
  private async post(path: string, json: Record<string, unknown>): Promise<Fields> {
    const body = await this.http.request({ method: 'POST', path, json });
    return Fields.of(body, 'body', this.fail).object('data');
  }
}
