// Razorpay webhooks: `X-Razorpay-Signature` is the hex HMAC-SHA256 of the raw body keyed with
// the webhook secret chosen in the Dashboard (not the API key secret). `x-razorpay-event-id`
// is unique per event and repeated on retries. Retries of old events keep the old secret's
// signature, so several secrets may be configured while rotating.

import { WebhookSignatureError } from '../errors';
import type { WebhookEvent, WebhookInput } from '../provider';
import { currencyFromProvider, integerFromProvider } from '../shared/amounts';
import { Fields, malformedWebhook, optionalDate } from '../shared/fields';
import { headerValue } from '../shared/headers';
import { matchesHmac } from '../shared/hmac';
import { invoiceReferenceFromMetadata } from '../shared/metadata';
import { NOVA_FLOW, NOVA_PAYMENT_REFERENCE, RECURRING_FLOW } from './razorpay-notes';

const PROVIDER = 'razorpay';

export function verifyRazorpaySignature(input: WebhookInput, secrets: readonly string[]): void {
  const signature = headerValue(input.headers, 'x-razorpay-signature');
  if (!signature) throw new WebhookSignatureError(PROVIDER, 'missing', 'no X-Razorpay-Signature header');
  if (!matchesHmac(signature, input.rawBody, secrets, 'sha256', 'hex')) {
    throw new WebhookSignatureError(PROVIDER, 'invalid', 'signature does not match the body');
  }
}

function entity(body: Fields, name: string): Fields | undefined {
  return body.object('payload').optionalObject(name)?.object('entity');
}

/**
 * Without `x-razorpay-event-id`: the event name plus the ids of every entity in the payload
 * (payment, refund, payment link, order…), sorted by entity name. Two payments captured in the
 * same second differ; a retry of one event repeats them. `created_at` only when no entity has an id.
 */
function fallbackEventId(body: Fields, event: string): string {
  const payload = body.optionalObject('payload');
  const source = payload?.source;
  const ids =
    source && typeof source === 'object'
      ? Object.keys(source)
          .sort()
          .map((name) => {
            const id = payload.optionalObject(name)?.optionalObject('entity')?.optionalString('id');
            return id ? `${name}=${id}` : undefined;
          })
          .filter((part): part is string => part !== undefined)
      : [];
  return ids.length > 0 ? `${event}:${ids.join(',')}` : `${event}:${body.optionalString('created_at') ?? 'unknown'}`;
}

export function razorpayEventFromBody(input: WebhookInput, receivedAt: Date): WebhookEvent {
  const body = Fields.parseJson(input.rawBody, malformedWebhook(PROVIDER));
  const event = body.string('event');
  const eventId = headerValue(input.headers, 'x-razorpay-event-id') ?? fallbackEventId(body, event);
  const common = { provider: PROVIDER, eventId, occurredAt: optionalDate(body.raw('created_at')) ?? receivedAt, raw: body.source };
  const amountOf = (source: Fields, key: string) => integerFromProvider(source.raw(key), `${source.path}.${key}`);

  switch (event) {
    case 'payment_link.paid':
    case 'payment_link.cancelled':
    case 'payment_link.expired': {
      const link = entity(body, 'payment_link');
      if (!link) break;
      const paid = event === 'payment_link.paid';
      return {
        ...common,
        type: paid ? 'payment.succeeded' : 'payment.failed',
        providerReference: link.string('id'),
        amountMinor: amountOf(link, paid ? 'amount_paid' : 'amount'),
        currency: currencyFromProvider(link.raw('currency'), `${link.path}.currency`),
        invoiceReference: invoiceReferenceFromMetadata(link.raw('notes')),
      };
    }
    case 'payment.captured':
    case 'payment.failed': {
      const payment = entity(body, 'payment');
      const notes = payment?.optionalObject('notes');
      if (!payment || notes?.optionalString(NOVA_FLOW) !== RECURRING_FLOW) break;
      return {
        ...common,
        type: event === 'payment.captured' ? 'payment.succeeded' : 'payment.failed',
        providerReference: payment.string('id'),
        amountMinor: amountOf(payment, 'amount'),
        currency: currencyFromProvider(payment.raw('currency'), `${payment.path}.currency`),
        invoiceReference: invoiceReferenceFromMetadata(payment.raw('notes')),
      };
    }
    case 'refund.processed':
    case 'refund.failed': {
      const refund = entity(body, 'refund');
      if (!refund) break;
      return {
        ...common,
        type: event === 'refund.processed' ? 'refund.succeeded' : 'refund.failed',
        providerReference: refund.optionalObject('notes')?.optionalString(NOVA_PAYMENT_REFERENCE) ?? refund.string('payment_id'),
        refundReference: refund.string('id'),
        amountMinor: amountOf(refund, 'amount'),
        currency: currencyFromProvider(refund.raw('currency'), `${refund.path}.currency`),
      };
    }
  }
  return { provider: PROVIDER, eventId, type: 'ignored', providerEventType: event, raw: body.source };
}
