// What a provider's refund event may do to a refund of ours: the one rule every provider's refund
// webhook goes through (Stripe refund.* / charge.refunded, Razorpay and Paystack refund.processed /
// refund.failed, Flutterwave refund.completed, M-Pesa reversal results), so no adapter or caller
// decides it on its own.
//
// - A refund settles once: pending → succeeded or failed. An event for a refund already final
//   changes nothing (a replay, or a reordered `failed` after `succeeded`: money that came back
//   does not become "not refunded" because an older or contradicting message arrives late).
// - An event settles our refund only for exactly what we asked: the same currency and amount.
//   Anything else contradicts the books and is rejected (kept for an operator, never retried).
// - An event naming no refund of ours either records a refund made at the provider (only where
//   the provider signs the whole body with a secret only it holds, so the event is the
//   provider's word, and no refund of ours on that payment is awaiting the provider, which the
//   event might be misreporting: then it is rejected, for an operator) or is recorded and
//   ignored; a failure of a refund we never asked for is ignored.

export type RefundEventOutcome = 'succeeded' | 'failed';

export interface RefundEventFacts {
  readonly outcome: RefundEventOutcome;
  readonly amount: bigint;
  readonly currency: string;
}

export interface KnownRefund {
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly amount: bigint;
  readonly currency: string;
}

export type RefundEventDecision =
  | { readonly action: 'settle'; readonly outcome: RefundEventOutcome }
  /** Ours and final already: a replay or a late, reordered event. */
  | { readonly action: 'already_settled'; readonly status: 'succeeded' | 'failed'; readonly contradicts: boolean }
  /** Not one of ours, reported by a provider whose signature covers the event: record it as made at the provider. */
  | { readonly action: 'adopt' }
  /** Not one of ours and nothing to record (a failure), or a provider whose word alone is not enough. */
  | { readonly action: 'ignore'; readonly reason: string }
  | { readonly action: 'reject'; readonly reason: string };

export interface RefundEventContext {
  /** The refund the event names (by the provider's refund id, or the pending one of that amount), if any. */
  readonly refund: KnownRefund | undefined;
  /** The currency of the payment refunded. */
  readonly paymentCurrency: string;
  /** Whether the provider's webhook signature covers the whole body (HMAC with a secret only it holds). */
  readonly providerSignsBody: boolean;
  /** Whether refunds of ours on the payment are still pending at the provider. */
  readonly awaitingOurRefunds: boolean;
}

export function decideRefundEvent(event: RefundEventFacts, context: RefundEventContext): RefundEventDecision {
  const { refund } = context;
  if (refund) {
    if (event.currency !== refund.currency) return { action: 'reject', reason: `refund in ${event.currency}; we asked for ${refund.currency}` };
    if (event.amount !== refund.amount) return { action: 'reject', reason: `refund of ${event.amount}; we asked for ${refund.amount}` };
    if (refund.status !== 'pending') return { action: 'already_settled', status: refund.status, contradicts: refund.status !== event.outcome };
    return { action: 'settle', outcome: event.outcome };
  }
  if (event.outcome === 'failed') return { action: 'ignore', reason: 'failure of a refund we never asked for' };
  if (event.currency !== context.paymentCurrency) return { action: 'reject', reason: `refund in ${event.currency} of a payment in ${context.paymentCurrency}` };
  if (event.amount <= 0n) return { action: 'reject', reason: `refund of ${event.amount}` };
  if (!context.providerSignsBody) return { action: 'ignore', reason: 'unknown refund: not one we asked for, and the provider does not sign its callbacks' };
  if (context.awaitingOurRefunds) return { action: 'reject', reason: 'unknown refund while ours on this payment awaits the provider: not matching what we asked' };
  return { action: 'adopt' };
}
