// Daraja signs nothing. A callback is stored only if the secret token in its URL path matches
// ours (constant time); a payment it reports settles only once Daraja's own STK query agrees
// (the adapter's confirmPayment, called by the worker with retries, never inside the callback
// request: Daraja does not retry a callback we failed to answer). Reversal results cannot be
// re-queried, so the path token is their only proof (a forged one can at worst report a refund,
// never a payment).

import { WebhookSignatureError } from '../errors';
import type { TransactionStatus, WebhookEvent } from '../provider';
import { safeEqual } from '../shared/hmac';
import { syntheticRefundEventId } from '../shared/refund-events';
import { MPESA_CURRENCY } from './mpesa-amounts';
import type { ReversalResult, StkResult, UnknownCallback } from './mpesa-callbacks';

const PROVIDER = 'mpesa';

export function stkStatus(resultCode: string): TransactionStatus {
  return resultCode === '0' ? 'succeeded' : 'failed';
}

export function verifyCallbackPathSecret(pathSecret: string | undefined, secrets: readonly string[]): void {
  if (!pathSecret) throw new WebhookSignatureError(PROVIDER, 'missing', 'no secret token in the callback path');
  let matched = false;
  for (const secret of secrets) matched = safeEqual(pathSecret, secret) || matched;
  if (!matched) throw new WebhookSignatureError(PROVIDER, 'invalid', 'callback path token does not match');
}

export function mpesaEventFromCallback(callback: StkResult | ReversalResult | UnknownCallback, receivedAt: Date): WebhookEvent {
  if (callback.kind === 'stk') return stkEvent(callback, receivedAt);
  if (callback.kind === 'reversal') return reversalEvent(callback, receivedAt);
  return { provider: PROVIDER, eventId: 'unrecognised-callback', type: 'ignored', providerEventType: 'unknown', raw: callback.raw };
}

function stkEvent(callback: StkResult, receivedAt: Date): WebhookEvent {
  const claimed = stkStatus(callback.resultCode);
  const common = {
    provider: PROVIDER,
    eventId: `stk:${callback.checkoutRequestId}:${callback.resultCode}`,
    providerReference: callback.checkoutRequestId,
    providerTransactionId: callback.receiptNumber,
    currency: MPESA_CURRENCY,
    occurredAt: callback.transactionDate ?? receivedAt,
    raw: callback.raw,
  };
  if (claimed === 'failed') return { ...common, type: 'payment.failed', amountMinor: callback.amountMinor ?? null };
  if (callback.amountMinor === undefined || !callback.receiptNumber) {
    throw new WebhookSignatureError(PROVIDER, 'malformed', 'successful STK callback without Amount or MpesaReceiptNumber');
  }
  return { ...common, type: 'payment.succeeded', amountMinor: callback.amountMinor };
}

function reversalEvent(result: ReversalResult, receivedAt: Date): WebhookEvent {
  if (!result.originalTransactionId || result.amountMinor === undefined) {
    return { provider: PROVIDER, eventId: `reversal:${result.originatorConversationId}:${result.resultCode}`, type: 'ignored', providerEventType: 'result-without-reversal-details', raw: result.raw };
  }
  return {
    provider: PROVIDER,
    eventId: syntheticRefundEventId({
      event: `reversal:${result.resultCode}`,
      providerReference: result.originalTransactionId,
      refundReference: result.originatorConversationId,
      amountMinor: result.amountMinor,
      currency: MPESA_CURRENCY,
    }),
    type: result.resultCode === '0' ? 'refund.succeeded' : 'refund.failed',
    providerReference: result.originalTransactionId,
    providerTransactionId: result.originalTransactionId,
    refundReference: result.originatorConversationId,
    amountMinor: result.amountMinor,
    currency: MPESA_CURRENCY,
    occurredAt: result.completedAt ?? receivedAt,
    raw: result.raw,
  };
}
