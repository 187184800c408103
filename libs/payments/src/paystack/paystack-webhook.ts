// Paystack webhooks: `x-paystack-signature` is the hex HMAC-SHA512 of the raw body, keyed with
// the API secret key. There is no timestamp and no event id, so ids are built from the payload.
// refund.pending / refund.processing are intermediate states: ignored (processed or failed follows).

import { WebhookSignatureError } from '../errors';
import type { SavedPaymentMethod, WebhookEvent, WebhookInput } from '../provider';
import { currencyFromProvider, integerFromProvider } from '../shared/amounts';
import { Fields, malformedWebhook, optionalDate } from '../shared/fields';
import { headerValue } from '../shared/headers';
import { matchesHmac } from '../shared/hmac';
import { invoiceReferenceFromMetadata } from '../shared/metadata';
import { syntheticRefundEventId } from '../shared/refund-events';

const PROVIDER = 'paystack';
export const PAYSTACK_SIGNATURE_HEADER = 'x-paystack-signature';

export function verifyPaystackSignature(input: WebhookInput, secretKeys: readonly string[]): void {
  const signature = headerValue(input.headers, PAYSTACK_SIGNATURE_HEADER);
  if (!signature) throw new WebhookSignatureError(PROVIDER, 'missing', `no ${PAYSTACK_SIGNATURE_HEADER} header`);
  if (!matchesHmac(signature, input.rawBody, secretKeys, 'sha512', 'hex')) {
    throw new WebhookSignatureError(PROVIDER, 'invalid', 'signature does not match the body');
  }
}

/** A card authorization Paystack marks `reusable` can be charged again with charge_authorization. */
function reusableAuthorization(authorization: Fields | undefined): SavedPaymentMethod | undefined {
  const token = authorization?.raw('reusable') === true ? authorization.optionalString('authorization_code') : undefined;
  return token ? { token } : undefined;
}

export function paystackEventFromBody(rawBody: Buffer, receivedAt: Date): WebhookEvent {
  const body = Fields.parseJson(rawBody, malformedWebhook(PROVIDER));
  const event = body.string('event');
  const data = body.object('data');
  switch (event) {
    case 'charge.success': {
      if (data.string('status') !== 'success') break;
      return {
        provider: PROVIDER,
        eventId: `${event}:${data.string('id')}`,
        type: 'payment.succeeded',
        providerReference: data.string('reference'),
        amountMinor: integerFromProvider(data.raw('amount'), 'data.amount'),
        currency: currencyFromProvider(data.raw('currency'), 'data.currency'),
        occurredAt: optionalDate(data.raw('paid_at')) ?? receivedAt,
        invoiceReference: invoiceReferenceFromMetadata(data.raw('metadata')),
        reusableMethod: reusableAuthorization(data.optionalObject('authorization')),
        raw: body.source,
      };
    }
    case 'refund.processed':
    case 'refund.failed': {
      const transactionReference = data.string('transaction_reference');
      const refundReference = data.optionalString('refund_reference');
      const amountMinor = integerFromProvider(data.raw('amount'), 'data.amount');
      const currency = currencyFromProvider(data.raw('currency'), 'data.currency');
      return {
        provider: PROVIDER,
        // Refund events carry no id; the processor's refund reference is null on some of them.
        eventId: syntheticRefundEventId({ event, providerReference: transactionReference, refundReference, amountMinor, currency }),
        type: event === 'refund.processed' ? 'refund.succeeded' : 'refund.failed',
        providerReference: transactionReference,
        refundReference,
        amountMinor,
        currency,
        occurredAt: receivedAt,
        raw: body.source,
      };
    }
  }
  return {
    provider: PROVIDER,
    eventId: `${event}:${data.optionalString('id') ?? data.optionalString('reference') ?? 'unidentified'}`,
    type: 'ignored',
    providerEventType: event,
    raw: body.source,
  };
}
