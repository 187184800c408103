// Flutterwave webhooks carry no timestamp and no signature scheme of their own beyond the
// merchant's "secret hash" (chosen in the Dashboard, not the API key):
// - v3 legacy header `verif-hash`: the secret hash itself, compared in constant time;
// - `flutterwave-signature` (v4, and newer v3 accounts): base64 HMAC-SHA256 of the raw body keyed
//   with the secret hash. Sources agree on this form but Flutterwave's own page was not read
//   (PROVIDERS.md §4.1), so both are accepted; always confirm with verifyTransaction.
// Bodies: v3 `{ event, data: { id, tx_ref, amount, currency, status: "successful" } }`;
// v4 `{ type, data: { id, reference, amount, currency, status: "succeeded" } }` (second-hand);
// legacy flat `{ id, txRef, amount, currency, status, "event.type" }` (see chargeFields).
// Refunds: `refund.completed` (v4 names it so, second-hand; v3 accounts send the refund object
// of POST /transactions/:id/refund under `event`), see refundEvent.

import { WebhookSignatureError } from '../errors';
import type { SavedPaymentMethod, WebhookEvent, WebhookInput } from '../provider';
import { currencyFromProvider } from '../shared/amounts';
import { Fields, malformedWebhook, optionalDate } from '../shared/fields';
import { headerValue } from '../shared/headers';
import { matchesHmac, safeEqual } from '../shared/hmac';
import { invoiceReferenceFromMetadata } from '../shared/metadata';
import { syntheticRefundEventId } from '../shared/refund-events';
import { fromFlutterwaveAmount } from './flutterwave-amounts';

const PROVIDER = 'flutterwave';

export function verifyFlutterwaveSignature(input: WebhookInput, secretHashes: readonly string[]): void {
  const signature = headerValue(input.headers, 'flutterwave-signature');
  const legacyHash = headerValue(input.headers, 'verif-hash');
  if (!signature && !legacyHash) {
    throw new WebhookSignatureError(PROVIDER, 'missing', 'no flutterwave-signature or verif-hash header');
  }
  const signed = signature !== undefined && matchesHmac(signature, input.rawBody, secretHashes, 'sha256', 'base64');
  let hashed = false;
  for (const hash of secretHashes) hashed = (legacyHash !== undefined && safeEqual(legacyHash, hash)) || hashed;
  if (!signed && !hashed) throw new WebhookSignatureError(PROVIDER, 'invalid', 'neither header matches the secret hash');
}

const SUCCEEDED = new Set(['successful', 'succeeded']);

/** `data.card.token` of a card payment: what /tokenized-charges charges again. */
function cardToken(card: Fields | undefined): SavedPaymentMethod | undefined {
  const token = card?.optionalString('token');
  return token ? { token } : undefined;
}

/**
 * The fields of a charge, whichever shape it came in:
 * - current v3 `{ event: "charge.completed", data: { id, tx_ref, amount, currency, status, created_at, meta, card } }`
 *   (v4 `{ type, data: { id, reference, …, created_datetime } }`);
 * - legacy flat (older "Rave" accounts): the charge itself at the top level,
 *   `{ id, txRef, flwRef, amount, currency, status, createdAt, "event.type": "CARD_TRANSACTION", meta?, entity? }`.
 */
interface ChargeFields {
  readonly event: string;
  readonly data: Fields;
  readonly reference: () => string;
  readonly createdAt: unknown;
  readonly meta: unknown;
}

function chargeFields(body: Fields): ChargeFields {
  const nested = body.optionalObject('data');
  if (nested && (body.optionalString('event') ?? body.optionalString('type'))) {
    return {
      event: body.optionalString('event') ?? body.string('type'),
      data: nested,
      reference: () => nested.optionalString('tx_ref') ?? nested.string('reference'),
      createdAt: nested.raw('created_at') ?? nested.raw('created_datetime'),
      meta: nested.raw('meta') ?? body.raw('meta_data'),
    };
  }
  // Legacy flat payloads name no event: a charge with a txRef is a completed charge.
  if (body.optionalString('txRef') !== undefined) {
    return { event: 'charge.completed', data: body, reference: () => body.string('txRef'), createdAt: body.raw('createdAt'), meta: body.raw('meta') };
  }
  return { event: body.optionalString('event') ?? body.string('type'), data: body.object('data'), reference: () => '', createdAt: undefined, meta: undefined };
}

const REFUND_EVENTS = new Set(['refund.completed', 'refund.failed']);
const REFUND_SUCCEEDED = new Set(['completed', 'succeeded', 'successful']);

/**
 * A refund reaching a final state, under the Flutterwave transaction it refunds:
 * v3 `{ event: "refund.completed", data: { id, tx_id, flw_ref, amount_refunded, currency, status: "completed" | "failed", created_at } }`,
 * v4 `{ type: "refund.completed", data: { id, charge_id, amount, currency, status: "succeeded" | "failed", created_datetime } }`.
 * The amount is in major units, so a refund without its currency cannot be read: malformed.
 * Pending states are ignored (a later event settles the refund).
 */
function refundEvent(body: Fields, event: string, receivedAt: Date): WebhookEvent {
  const data = body.object('data');
  const status = data.optionalString('status') ?? '';
  const refundId = data.string('id');
  const failed = event === 'refund.failed' || status === 'failed';
  if (!failed && !REFUND_SUCCEEDED.has(status)) {
    return { provider: PROVIDER, eventId: body.optionalString('webhook_id') ?? `${event}:${refundId}:${status}`, type: 'ignored', providerEventType: `${event}:${status}`, raw: body.source };
  }
  const currency = currencyFromProvider(data.raw('currency'), `${data.path}.currency`);
  const transactionId = data.optionalString('tx_id') ?? data.string('charge_id');
  const amountKey = data.raw('amount_refunded') !== undefined ? 'amount_refunded' : 'amount';
  const amountMinor = fromFlutterwaveAmount(data.raw(amountKey), currency, `${data.path}.${amountKey}`);
  return {
    provider: PROVIDER,
    eventId: body.optionalString('webhook_id') ?? syntheticRefundEventId({ event: `${event}:${status}`, providerReference: transactionId, refundReference: refundId, amountMinor, currency }),
    type: failed ? 'refund.failed' : 'refund.succeeded',
    // Flutterwave's own transaction id: the payment row keeps it (providerTransactionId) beside our tx_ref.
    providerReference: transactionId,
    providerTransactionId: transactionId,
    refundReference: refundId,
    amountMinor,
    currency,
    occurredAt: optionalDate(data.raw('created_at') ?? data.raw('created_datetime')) ?? receivedAt,
    raw: body.source,
  };
}

export function flutterwaveEventFromBody(rawBody: Buffer, receivedAt: Date): WebhookEvent {
  const body = Fields.parseJson(rawBody, malformedWebhook(PROVIDER));
  const named = body.optionalString('event') ?? body.optionalString('type');
  if (named && REFUND_EVENTS.has(named) && body.optionalObject('data')) return refundEvent(body, named, receivedAt);
  const { event, data, reference, createdAt, meta } = chargeFields(body);
  const status = data.optionalString('status') ?? '';
  const transactionId = data.optionalString('id');
  const eventId = body.optionalString('webhook_id') ?? `${event}:${transactionId ?? 'unknown'}:${status}`;

  if (event === 'charge.completed' && (SUCCEEDED.has(status) || status === 'failed')) {
    const currency = currencyFromProvider(data.raw('currency'), `${data.path}.currency`);
    return {
      provider: PROVIDER,
      eventId,
      type: SUCCEEDED.has(status) ? 'payment.succeeded' : 'payment.failed',
      providerReference: reference(),
      // Flutterwave's own transaction id: what GET /transactions/:id/verify confirms before settling.
      providerTransactionId: transactionId,
      amountMinor: fromFlutterwaveAmount(data.raw('amount'), currency, `${data.path}.amount`),
      currency,
      occurredAt: optionalDate(createdAt) ?? receivedAt,
      invoiceReference: invoiceReferenceFromMetadata(meta),
      // A successful card payment leaves a token for tokenized charges.
      reusableMethod: SUCCEEDED.has(status) ? cardToken(data.optionalObject('card')) : undefined,
      raw: body.source,
    };
  }
  return { provider: PROVIDER, eventId, type: 'ignored', providerEventType: event, raw: body.source };
}
