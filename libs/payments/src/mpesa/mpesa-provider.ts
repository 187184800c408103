// Safaricom M-Pesa (Daraja) over its REST API: OAuth client-credentials tokens (cached), STK push
// (M-Pesa Express) to collect, STK query to verify, reversal to refund.
//
// Daraja signs nothing; see mpesa-webhook.ts for how callbacks are authenticated.

import { PaymentRequestError, ProviderConfigError, ProviderError, UnsupportedOperationError } from '../errors';
import type * as Contract from '../provider';
import { checkCredentials, readCredentialFields, requireWebhookSecrets } from '../shared/credentials';
import { type Fields, isRecord, textOrUndefined } from '../shared/fields';
import { RestProviderBase } from '../shared/provider-base';
import { requireReference, requireText } from '../shared/requests';
import { DarajaAccessTokens } from './daraja-access-tokens';
import { type DarajaTokenCache, SHARED_DARAJA_TOKEN_CACHE } from './daraja-token-cache';
import { MPESA_CURRENCY, toMpesaAmount } from './mpesa-amounts';
import { parseDarajaCallback } from './mpesa-callbacks';
import { darajaTimestamp } from './mpesa-time';
import { mpesaEventFromCallback, stkStatus, verifyCallbackPathSecret } from './mpesa-webhook';

export type MpesaTransactionType = 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';

export interface MpesaCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** BusinessShortCode: the paybill, or the head office number for buy goods. */
  readonly shortcode: string;
  readonly passkey: string;
  readonly transactionType: MpesaTransactionType;
  /** PartyB: the till number for buy goods; defaults to the shortcode. */
  readonly partyB?: string;
  /** Needed for refunds (reversals): the API operator's name and its encrypted password. */
  readonly initiatorName?: string;
  readonly securityCredential?: string;
}

export const MPESA_BASE_URL = 'https://api.safaricom.co.ke';
const PROVIDER = 'mpesa';
/** STK query while the customer has not answered yet. */
const STILL_PROCESSING = '500.001.1001';
const INVALID_ACCESS_TOKEN = '404.001.03';
const INVALID_CLIENT = '400.008.01';

export function parseMpesaCredentials(raw: unknown): MpesaCredentials {
  const fields = readCredentialFields(
    PROVIDER,
    raw,
    ['consumerKey', 'consumerSecret', 'shortcode', 'passkey'],
    ['transactionType', 'partyB', 'initiatorName', 'securityCredential'],
  );
  const transactionType = fields.transactionType ?? 'CustomerPayBillOnline';
  if (transactionType !== 'CustomerPayBillOnline' && transactionType !== 'CustomerBuyGoodsOnline') {
    throw new ProviderConfigError(PROVIDER, 'credentials.transactionType', 'must be CustomerPayBillOnline or CustomerBuyGoodsOnline');
  }
  return { ...fields, transactionType };
}

/** Daraja wants 2547XXXXXXXX / 2541XXXXXXXX; accept +254…, 254… and 07…/01… forms. */
export function normaliseKenyanPhone(phone: string | undefined, field = 'customer.phone'): string {
  const digits = requireText(phone, field).replace(/[\s+-]/g, '');
  const international = /^0[17]\d{8}$/.test(digits) ? `254${digits.slice(1)}` : digits;
  if (!/^254[17]\d{8}$/.test(international)) throw new PaymentRequestError(field, 'must be a Kenyan mobile number (2547XXXXXXXX)');
  return international;
}

export interface MpesaDependencies {
  readonly tokenCache?: DarajaTokenCache;
}

export class MpesaProvider extends RestProviderBase<MpesaCredentials> implements Contract.PaymentProvider {
  private readonly tokens: DarajaAccessTokens;

  constructor(config: Contract.ProviderConfig<MpesaCredentials>, dependencies: MpesaDependencies = {}) {
    const { consumerKey, consumerSecret, passkey, securityCredential } = config.credentials;
    const errors = {
      secrets: [consumerSecret, passkey, ...(securityCredential ? [securityCredential] : [])],
      readError: (body: unknown) => (isRecord(body) ? { code: textOrUndefined(body.errorCode), message: textOrUndefined(body.errorMessage) } : {}),
    };
    const tokens = new DarajaAccessTokens({ baseUrl: config.baseUrl, consumerKey, consumerSecret, http: config.http }, errors, dependencies.tokenCache ?? SHARED_DARAJA_TOKEN_CACHE);
    super(PROVIDER, config, {
      ...errors,
      authorize: async () => ({ authorization: `Bearer ${await tokens.current()}` }),
      refreshAuthorization: () => tokens.invalidate(),
      // Daraja names a dead token with error code 404.001.03 ("Invalid Access Token").
      isAuthorizationRejected: (status, details) => status === 401 || details.code === INVALID_ACCESS_TOKEN,
    });
    this.tokens = tokens;
  }

  async initiatePayment(request: Contract.InitiatePaymentRequest): Promise<Contract.InitiatePaymentResult> {
    requireReference(request.reference);
    const phone = normaliseKenyanPhone(request.customer.phone);
    const { credentials } = this.config;
    const response = await this.post('/mpesa/stkpush/v1/processrequest', {
      ...this.stkPassword(),
      TransactionType: credentials.transactionType,
      Amount: toMpesaAmount(request.amountMinor, request.currency),
      PartyA: phone,
      PartyB: credentials.partyB ?? credentials.shortcode,
      PhoneNumber: phone,
      CallBackURL: this.callbackUrl(),
      // Shown to the customer on their phone; Daraja limits these to 12 and 13 characters.
      AccountReference: (request.invoiceReference ?? request.reference).slice(0, 12),
      TransactionDesc: (request.description ?? 'Payment').slice(0, 13),
    });
    if (response.optionalString('ResponseCode') !== '0') {
      throw new ProviderError(PROVIDER, 200, response.optionalString('ResponseCode') ?? 'rejected', response.optionalString('ResponseDescription') ?? 'STK push refused');
    }
    return { status: 'pending', providerReference: response.string('CheckoutRequestID'), raw: response.source };
  }

  chargeSaved(_request: Contract.ChargeSavedRequest): Promise<Contract.ChargeSavedResult> {
    return Promise.reject(
      new UnsupportedOperationError(PROVIDER, 'chargeSaved', 'M-Pesa has no saved payment methods; every payment is approved on the phone (use initiatePayment)'),
    );
  }

  /** STK query. Daraja reports no amount here, so amountMinor is null; the callback carries it. */
  async verifyTransaction(providerReference: string): Promise<Contract.VerifiedTransaction> {
    const checkoutRequestId = requireReference(providerReference, 'providerReference');
    try {
      const response = await this.post('/mpesa/stkpushquery/v1/query', { ...this.stkPassword(), CheckoutRequestID: checkoutRequestId }, true);
      return {
        status: stkStatus(response.string('ResultCode')),
        amountMinor: null,
        currency: MPESA_CURRENCY,
        providerReference: response.string('CheckoutRequestID'),
        raw: response.source,
      };
    } catch (error) {
      if (error instanceof ProviderError && error.code === STILL_PROCESSING) {
        return { status: 'pending', amountMinor: null, currency: MPESA_CURRENCY, providerReference: checkoutRequestId, raw: { errorCode: error.code } };
      }
      throw error;
    }
  }

  /**
   * Reversal of a whole M-Pesa payment, by its receipt number (the event's providerTransactionId).
   * Asynchronous: the result arrives later on the callback URL as a refund.* event.
   */
  async refund(request: Contract.RefundRequest): Promise<Contract.RefundResult> {
    const receipt = requireReference(request.reference);
    if (receipt.startsWith('ws_CO_')) {
      throw new PaymentRequestError('reference', 'M-Pesa reverses by receipt number (providerTransactionId of the payment event), not by CheckoutRequestID');
    }
    if (request.amountMinor === undefined) throw new PaymentRequestError('amountMinor', 'M-Pesa reversals need the amount of the payment');
    const { initiatorName, securityCredential, shortcode } = this.config.credentials;
    if (!initiatorName || !securityCredential) {
      throw new ProviderConfigError(PROVIDER, 'credentials.initiatorName/securityCredential', 'are required for refunds (reversals)');
    }
    const resultUrl = this.callbackUrl();
    const response = await this.post('/mpesa/reversal/v1/request', {
      Initiator: initiatorName,
      SecurityCredential: securityCredential,
      CommandID: 'TransactionReversal',
      TransactionID: receipt,
      Amount: toMpesaAmount(request.amountMinor, request.currency),
      ReceiverParty: shortcode,
      RecieverIdentifierType: '11', // sic: Daraja's spelling
      ResultURL: resultUrl,
      QueueTimeOutURL: resultUrl,
      Remarks: (request.reason ?? 'Refund').slice(0, 100),
      Occasion: '',
    });
    return {
      status: 'pending',
      refundReference: response.string('OriginatorConversationID'),
      amountMinor: request.amountMinor,
      currency: MPESA_CURRENCY,
      raw: response.source,
    };
  }

  testCredentials(): Promise<Contract.CredentialCheck> {
    // Daraja refuses bad consumer keys with 400 "Invalid Authentication passed" (400.008.01).
    return checkCredentials(() => this.tokens.fetch(), (error) => error.isAuthenticationFailure || error.code === INVALID_CLIENT);
  }

  async parseWebhook(input: Contract.WebhookInput): Promise<Contract.WebhookEvent> {
    verifyCallbackPathSecret(input.pathSecret, requireWebhookSecrets(PROVIDER, this.config.webhookSecret));
    return mpesaEventFromCallback(parseDarajaCallback(input.rawBody), this.receivedAt());
  }

  /** The STK query for the callback's CheckoutRequestID (it reports no amount: amountMinor is null). */
  confirmPayment(payment: Contract.PaymentToConfirm): Promise<Contract.VerifiedTransaction> {
    return this.verifyTransaction(payment.providerReference);
  }

  private stkPassword(): { BusinessShortCode: string; Password: string; Timestamp: string } {
    const { shortcode, passkey } = this.config.credentials;
    const timestamp = darajaTimestamp(this.now());
    return { BusinessShortCode: shortcode, Password: Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64'), Timestamp: timestamp };
  }

  /** Our callback endpoint with the secret path token appended: <webhookUrl>/<token>. */
  private callbackUrl(): string {
    const base = this.config.webhookUrl;
    if (!base) throw new ProviderConfigError(PROVIDER, 'webhookUrl', 'is required: Daraja posts results to a URL given with each request');
    const [token] = requireWebhookSecrets(PROVIDER, this.config.webhookSecret);
    return `${base.replace(/\/+$/, '')}/${encodeURIComponent(token!)}`;
  }

  /** STK pushes and reversals are never replayed (Daraja has no idempotency key); queries are. */
  private async post(path: string, json: Record<string, unknown>, idempotent = false): Promise<Fields> {
    return this.fields({ method: 'POST', path, json, idempotent });
  }
}
