// Razorpay over its REST API (HTTP Basic key_id:key_secret). The official `razorpay` SDK was
// checked (2.9.8, dist/razorpay.js + dist/api.js) and not used: its host is hard-coded to
// https://api.razorpay.com with no option to change it, it drops every custom header except
// X-Razorpay-Account/Content-Type (so no X-Refund-Idempotency), and its error normaliser reads
// `err.response.status`, which crashes on network errors.
//
// initiatePayment creates a Standard Payment Link (a hosted page with a short_url to redirect
// to). chargeSaved creates an order and a recurring payment on a saved token.

import { createHash } from 'node:crypto';
import { PaymentRequestError } from '../errors';
import type * as Contract from '../provider';
import { currencyFromProvider, integerFromProvider, requireCurrency } from '../shared/amounts';
import { checkCredentials, readCredentialFields, requireWebhookSecrets } from '../shared/credentials';
import { type Fields, isRecord, optionalDate, textOrUndefined } from '../shared/fields';
import { invoiceMetadata } from '../shared/metadata';
import { RestProviderBase, basicAuthorization } from '../shared/provider-base';
import { requireReference, requireText } from '../shared/requests';
import { toRazorpayAmount } from './razorpay-amounts';
import { NOVA_FLOW, NOVA_PAYMENT_REFERENCE, RECURRING_FLOW } from './razorpay-notes';
import { razorpayEventFromBody, verifyRazorpaySignature } from './razorpay-webhook';

export interface RazorpayCredentials {
  readonly keyId: string;
  readonly keySecret: string;
}

export const RAZORPAY_BASE_URL = 'https://api.razorpay.com/v1';
const PROVIDER = 'razorpay';

export function parseRazorpayCredentials(raw: unknown): RazorpayCredentials {
  return readCredentialFields(PROVIDER, raw, ['keyId', 'keySecret']);
}

function paymentStatus(status: string): Contract.TransactionStatus {
  // `refunded` payments were captured first; refunds are reported separately.
  if (status === 'captured' || status === 'refunded') return 'succeeded';
  if (status === 'failed') return 'failed';
  return 'pending';
}

function paymentLinkStatus(status: string): Contract.TransactionStatus {
  if (status === 'paid') return 'succeeded';
  if (status === 'cancelled' || status === 'expired') return 'failed';
  return 'pending';
}

/** X-Refund-Idempotency wants 10+ characters of [A-Za-z0-9_-]: derive one from any caller key. */
function refundIdempotencyKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

export class RazorpayProvider extends RestProviderBase<RazorpayCredentials> implements Contract.PaymentProvider {
  constructor(config: Contract.ProviderConfig<RazorpayCredentials>) {
    const { keyId, keySecret } = config.credentials;
    super(PROVIDER, config, {
      authorize: basicAuthorization(keyId, keySecret),
      secrets: [keySecret],
      readError: (body) => {
        const error = isRecord(body) && isRecord(body.error) ? body.error : {};
        return { code: textOrUndefined(error.code), message: textOrUndefined(error.description) };
      },
    });
  }

  async initiatePayment(request: Contract.InitiatePaymentRequest): Promise<Contract.InitiatePaymentResult> {
    const reference = requireReference(request.reference);
    const link = await this.send('POST', '/payment_links', {
      amount: toRazorpayAmount(request.amountMinor, request.currency),
      currency: request.currency,
      reference_id: reference,
      description: request.description,
      customer: { name: request.customer.name, email: request.customer.email, contact: request.customer.phone },
      notify: { sms: false, email: false },
      ...(request.returnUrl ? { callback_url: request.returnUrl, callback_method: 'get' } : {}),
      notes: invoiceMetadata(request.invoiceReference),
    });
    return { status: 'redirect', providerReference: link.string('id'), redirectUrl: link.string('short_url'), raw: link.source };
  }

  async chargeSaved(request: Contract.ChargeSavedRequest): Promise<Contract.ChargeSavedResult> {
    const reference = requireReference(request.reference);
    const amount = toRazorpayAmount(request.amountMinor, request.currency);
    const customerId = requireText(request.savedMethod.customerId, 'savedMethod.customerId');
    const token = requireText(request.savedMethod.token, 'savedMethod.token');
    const notes = { [NOVA_FLOW]: RECURRING_FLOW, ...invoiceMetadata(request.invoiceReference) };
    const contact = { email: requireText(request.customer.email, 'customer.email'), contact: requireText(request.customer.phone, 'customer.phone') };

    const order = await this.send('POST', '/orders', { amount, currency: request.currency, receipt: reference, payment_capture: true, notes });
    const created = await this.send('POST', '/payments/create/recurring', {
      ...contact,
      amount,
      currency: request.currency,
      order_id: order.string('id'),
      customer_id: customerId,
      token,
      recurring: '1',
      description: request.description,
      notes,
    });
    const payment = await this.send('GET', `/payments/${encodeURIComponent(created.string('razorpay_payment_id'))}`);
    const status = paymentStatus(payment.string('status'));
    return {
      status,
      providerReference: payment.string('id'),
      failureCode: status === 'failed' ? payment.optionalString('error_code') : undefined,
      failureMessage: status === 'failed' ? payment.optionalString('error_description') : undefined,
      raw: payment.source,
    };
  }

  async verifyTransaction(providerReference: string): Promise<Contract.VerifiedTransaction> {
    requireReference(providerReference, 'providerReference');
    if (providerReference.startsWith('plink_')) {
      const link = await this.send('GET', `/payment_links/${providerReference}`);
      const status = paymentLinkStatus(link.string('status'));
      const currency = currencyFromProvider(link.raw('currency'));
      const paidAt = this.linkPayments(link)
        .map((payment) => optionalDate(payment.raw('created_at')))
        .filter((date): date is Date => date !== undefined)
        .sort((a, b) => b.getTime() - a.getTime())[0];
      return {
        status,
        amountMinor: integerFromProvider(link.raw(status === 'succeeded' ? 'amount_paid' : 'amount'), 'amount'),
        currency,
        providerReference: link.string('id'),
        paidAt: status === 'succeeded' ? paidAt : undefined,
        raw: link.source,
      };
    }
    const payment = await this.send('GET', `/payments/${providerReference}`);
    const status = paymentStatus(payment.string('status'));
    return {
      status,
      amountMinor: integerFromProvider(payment.raw('amount'), 'amount'),
      currency: currencyFromProvider(payment.raw('currency')),
      providerReference: payment.string('id'),
      paidAt: status === 'succeeded' ? optionalDate(payment.raw('created_at')) : undefined,
      raw: payment.source,
    };
  }

  async refund(request: Contract.RefundRequest): Promise<Contract.RefundResult> {
    const reference = requireReference(request.reference);
    requireCurrency(request.currency);
    const paymentId = await this.capturedPaymentOf(reference);
    const refund = await this.send(
      'POST',
      `/payments/${encodeURIComponent(paymentId)}/refund`,
      {
        amount: request.amountMinor === undefined ? undefined : toRazorpayAmount(request.amountMinor, request.currency),
        notes: { [NOVA_PAYMENT_REFERENCE]: reference, ...(request.reason ? { reason: request.reason } : {}) },
      },
      request.idempotencyKey ? { header: 'X-Refund-Idempotency', value: refundIdempotencyKey(request.idempotencyKey) } : undefined,
    );
    const status = refund.string('status');
    return {
      status: status === 'processed' ? 'succeeded' : status === 'failed' ? 'failed' : 'pending',
      refundReference: refund.string('id'),
      amountMinor: integerFromProvider(refund.raw('amount'), 'amount'),
      currency: currencyFromProvider(refund.raw('currency')),
      raw: refund.source,
    };
  }

  testCredentials(): Promise<Contract.CredentialCheck> {
    return checkCredentials(() => this.http.request({ method: 'GET', path: '/payments', query: { count: 1 } }));
  }

  async parseWebhook(input: Contract.WebhookInput): Promise<Contract.WebhookEvent> {
    verifyRazorpaySignature(input, requireWebhookSecrets(PROVIDER, this.config.webhookSecret));
    return razorpayEventFromBody(input, this.receivedAt());
  }

  /** Refunds are per payment; a payment link is resolved to the payment that paid it. */
  private async capturedPaymentOf(reference: string): Promise<string> {
    if (!reference.startsWith('plink_')) return reference;
    const link = await this.send('GET', `/payment_links/${reference}`);
    const captured = this.linkPayments(link).find((payment) => payment.optionalString('status') === 'captured');
    if (!captured) throw new PaymentRequestError('reference', `payment link ${reference} has no captured payment to refund`);
    return captured.string('payment_id');
  }

  private linkPayments(link: Fields): Fields[] {
    return Array.isArray(link.raw('payments')) ? link.array('payments') : [];
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    json?: Record<string, unknown>,
    idempotencyKey?: { header: string; value: string },
  ): Promise<Fields> {
    return this.fields({ method, path, json, idempotencyKey });
  }
}
