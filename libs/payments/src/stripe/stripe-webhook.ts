// Maps verified Stripe events to NovaBilling webhook events.
// Checkout payments are reported by checkout.session.* events under the session id (the
// reference initiatePayment returned); off-session charges by payment_intent.* events under the
// payment intent id. Refund events (refund.created/updated/failed, and charge.refunded with the
// charge's refunds listed) are state changes of one refund: de-duplicate on refundReference.

import type Stripe from 'stripe';
import type { WebhookEvent } from '../provider';
import { currencyFromProvider } from '../shared/amounts';
import { invoiceReferenceFromMetadata } from '../shared/metadata';
import { fromStripeAmount } from './stripe-amounts';
import { NOVA_FLOW, NOVA_PAYMENT_REFERENCE, OFF_SESSION_FLOW } from './stripe-metadata';

const PROVIDER = 'stripe';

export function stripeEventToWebhookEvent(event: Stripe.Event): WebhookEvent {
  const common = { provider: PROVIDER, eventId: event.id, occurredAt: new Date(event.created * 1000), raw: event };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      const succeeded = session.payment_status === 'paid';
      // `completed` with an unpaid session means an asynchronous method is still settling.
      if (event.type === 'checkout.session.completed' && !succeeded) break;
      if (session.amount_total === null || session.currency === null) break;
      const currency = currencyFromProvider(session.currency);
      return {
        ...common,
        type: succeeded ? 'payment.succeeded' : 'payment.failed',
        providerReference: session.id,
        amountMinor: fromStripeAmount(session.amount_total, currency),
        currency,
        invoiceReference: invoiceReferenceFromMetadata(session.metadata),
      };
    }
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      if (intent.metadata[NOVA_FLOW] !== OFF_SESSION_FLOW) break;
      const currency = currencyFromProvider(intent.currency);
      const succeeded = event.type === 'payment_intent.succeeded';
      return {
        ...common,
        type: succeeded ? 'payment.succeeded' : 'payment.failed',
        providerReference: intent.id,
        amountMinor: fromStripeAmount(succeeded ? intent.amount_received : intent.amount, currency),
        currency,
        invoiceReference: invoiceReferenceFromMetadata(intent.metadata),
      };
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      const mapped = refundEvent(common, event.data.object);
      if (mapped) return mapped;
      break;
    }
    case 'charge.refunded': {
      // The charge lists its refunds (newest first) where the API version still embeds them; the
      // newest final one is what this event reports. Without the list, refund.updated reports it.
      const refund = event.data.object.refunds?.data.find((candidate) => candidate.status === 'succeeded' || candidate.status === 'failed');
      const mapped = refund && refundEvent(common, refund);
      if (mapped) return mapped;
      break;
    }
  }
  return { provider: PROVIDER, eventId: event.id, type: 'ignored', providerEventType: event.type, raw: event };
}

type EventCommon = { provider: string; eventId: string; occurredAt: Date; raw: unknown };

/** A refund in a final state, under the payment it refunds (our reference in its metadata, else its payment intent). */
function refundEvent(common: EventCommon, refund: Stripe.Refund): WebhookEvent | undefined {
  if (refund.status !== 'succeeded' && refund.status !== 'failed') return undefined;
  const paymentIntent = typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
  const providerReference = refund.metadata?.[NOVA_PAYMENT_REFERENCE] ?? paymentIntent;
  if (!providerReference) return undefined;
  const currency = currencyFromProvider(refund.currency);
  return {
    ...common,
    type: refund.status === 'succeeded' ? 'refund.succeeded' : 'refund.failed',
    providerReference,
    refundReference: refund.id,
    amountMinor: fromStripeAmount(refund.amount, currency),
    currency,
  };
}
