// Flutterwave webhooks carry no timestamp and no signature scheme of their own beyond the
// merchant's "secret hash" (chosen in the Dashboard, not the API key):
// - v3 legacy header `verif-hash`: the secret hash itself, compared in constant time;
// - `flutterwave-signature` (v4, and newer v3 accounts): base64 HMAC-SHA256 of the raw body keyed
//   with the secret hash. Sources agree on this form but Flutterwave's own page was not read
//   (PROVIDERS.md §4.1), so both are accepted; always confirm with verifyTransaction.
// Bodies: v3 `{ event, data: { id, tx_ref, amount, currency, status: "successful" } }`;
// v4 `{ type, data: { id, reference, amount, currency, status: "succeeded" } }` (second-hand).

import { WebhookSignatureError } from '../errors';
import type { SavedPaymentMethod, WebhookEvent, WebhookInput } from '../provider';
import { currencyFromProvider } from '../shared/amounts';
import { Fields, malformedWebhook, optionalDate } from '../shared/fields';
import { headerValue } from '../shared/headers';
import { matchesHmac, safeEqual } from '../shared/hmac';
import { invoiceReferenceFromMetadata } from '../shared/metadata';
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

export function flutterwaveEventFromBody(rawBody: Buffer, receivedAt: Date): WebhookEvent {
  const body = Fields.parseJson(rawBody, malformedWebhook(PROVIDER));
  const event = body.optionalString('event') ?? body.string('type');
  const data = body.object('data');
  const status = data.optionalString('status') ?? '';
  const eventId = body.optionalString('webhook_id') ?? `${event}:${data.optionalString('id') ?? 'unknown'}:${status}`;

  if (event === 'charge.completed' && (SUCCEEDED.has(status) || status === 'failed')) {
    const currency = currencyFromProvider(data.raw('currency'), 'data.currency');
    return {
      provider: PROVIDER,
      eventId,
      type: SUCCEEDED.has(status) ? 'payment.succeeded' : 'payment.failed',
      providerReference: data.optionalString('tx_ref') ?? data.string('reference'),
      amountMinor: fromFlutterwaveAmount(data.raw('amount'), currency, 'data.amount'),
      currency,
      occurredAt: optionalDate(data.raw('created_at') ?? data.raw('created_datetime')) ?? receivedAt,
      invoiceReference: invoiceReferenceFromMetadata(data.raw('meta') ?? body.raw('meta_data')),
      // A successful card payment leaves a token for tokenized charges.
      reusableMethod: SUCCEEDED.has(status) ? cardToken(data.optionalObject('card')) : undefined,
      raw: body.source,
    };
  }
  return { provider: PROVIDER, eventId, type: 'ignored', providerEventType: event, raw: body.source };
}
