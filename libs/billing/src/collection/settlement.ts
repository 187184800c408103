// What a verified provider event does to the books. Every function runs inside the caller's
// transaction and locks the rows it changes, so concurrent, repeated and out-of-order
// deliveries serialise on the payment row and change nothing twice:
//   - a payment settles once (pending/failed → succeeded, the payment state machine); later
//     duplicates find it settled;
//   - a refund settles once (pending → succeeded/failed), found by the provider's refund id or,
//     before we learnt that id, as the pending refund of the same amount, and only for what we
//     asked (decideRefundEvent in @nova/domain: currency and amount; never flipped once final);
//     its credit note follows in the same transaction, with refund.* and credit_note.updated events;
//   - a refund of a payment not settled yet is deferred (the job retries it later);
//   - money is applied to an invoice only in the invoice's currency and only up to what is due
//     (decided under the invoice's lock, then applied through the allocation path every payment
//     takes); more than was due, in the invoice's currency, is the customer's credit (an
//     overpayment on the balance); anything else (another currency, an invoice no longer open) is
//     recorded on the payment (review_reason) and never changes the invoice;
//   - a payment the provider never answered for fails (pending → failed) with a review_reason.

import type { PoolClient } from 'pg';
import { isUuid } from '@nova/common';
import { canTransitionPayment, decideRefundEvent, isPayableInvoiceStatus, transitionPayment } from '@nova/domain';
import { recordEvent } from '@nova/events';
import { providerWebhookSignsBody } from '@nova/payments';
import { recordBalanceTransaction, takeBackRefundedOverpayment } from '../customers';
import { lockInvoiceForPayment, recordInvoiceRefund, settleCreditNoteOfRefund } from '../invoicing';
import { applyAllocations } from './apply-allocations';
import { recordPaymentEvent, refundResource } from './payment-resource';
import { invoiceCustomer } from './invoice-to-collect';
import { saveCustomerMethod } from './payment-methods.repository';
import {
  type LockedPayment,
  type RefundRow,
  insertAdoptedPayment,
  insertPendingRefund,
  lockPaymentByReference,
  lockRefundForEvent,
  paymentStateOf,
  pendingRefundTotal,
  recordProviderTransactionId,
  saveFailedPayment,
  saveRefundOutcome,
  saveRefundedPayment,
  saveSettledPayment,
} from './payments.repository';
import type { StoredWebhookEvent } from './webhook-events.repository';

export type { SettlementEventType, StoredWebhookEvent } from './webhook-events.repository';

/** The event cannot be applied yet (its payment is not known or not settled): retry later. */
export class SettlementDeferredError extends Error {
  override readonly name = 'SettlementDeferredError';
}

/** The event contradicts the books (currency mismatch, refund beyond the payment): do not retry. */
export class SettlementRejectedError extends Error {
  override readonly name = 'SettlementRejectedError';
}

export interface SettlementOutcome {
  /** What changed, for logs and follow-up work (e-mails, dunning). */
  readonly effect: 'payment_settled' | 'payment_failed' | 'refund_settled' | 'refund_failed' | 'none';
  readonly paymentId?: string;
  readonly invoiceId?: string | null;
  /** Why an authentic event changed nothing, kept on the stored event for operators. */
  readonly note?: string;
}


export async function applySettlementEvent(client: PoolClient, event: StoredWebhookEvent): Promise<SettlementOutcome> {
  switch (event.type) {
    case 'payment.succeeded':
      return settlePayment(client, event);
    case 'payment.failed':
      return failPayment(client, event);
    case 'refund.succeeded':
    case 'refund.failed':
      return settleRefund(client, event);
  }
}

async function settlePayment(client: PoolClient, event: StoredWebhookEvent): Promise<SettlementOutcome> {
  const amount = BigInt(event.amount ?? '0');
  const payment = (await lockPaymentByReference(client, event.account_id, event.provider_reference)) ?? (await adoptPayment(client, event, amount));
  const current = paymentStateOf(payment);
  if (!canTransitionPayment(current, 'succeed')) {
    // Settled already. A later copy may name the money movement an earlier confirmation could not (M-Pesa receipt).
    if (event.provider_transaction_id && !payment.provider_transaction_id) await recordProviderTransactionId(client, payment.id, event.provider_transaction_id);
    return { effect: 'none', paymentId: payment.id };
  }

  // The payment records the money as received (amount and currency); only what fits the
  // invoice is applied to it, and the rest is left for review.
  const { applied, overpayment, reviewReason } = payment.invoice_id ? await applicableAmount(client, payment.invoice_id, event.currency, amount) : NOTHING_APPLICABLE;
  await saveSettledPayment(client, payment.id, {
    state: transitionPayment(current, { type: 'succeed', amount }),
    currency: event.currency,
    applied,
    reviewReason,
    paidAt: event.occurred_at,
    providerTransactionId: event.provider_transaction_id,
  });
  if (payment.invoice_id && (applied > 0n || overpayment > 0n)) {
    // The same path as a receipt: the allocation, the invoice settled (dunning recovered, a past-due subscription active again), the surplus credited.
    const allocations = applied > 0n ? [{ invoiceId: payment.invoice_id, amount: applied }] : [];
    await applyAllocations(client, { id: payment.id, customerId: payment.customer_id, currency: event.currency }, { allocations, overpayment }, event.occurred_at);
  }
  // The card just paid with can pay the next cycle: it becomes the customer's default method
  // (not from a payment under review: whoever paid it may not be the invoice's customer).
  if (event.saved_method && reviewReason === null) await saveCustomerMethod(client, payment.customer_id, event.account_id, event.saved_method);
  await recordPaymentEvent(client, 'payment.succeeded', payment.id);
  return { effect: 'payment_settled', paymentId: payment.id, invoiceId: payment.invoice_id };
}

interface ApplicableAmount {
  readonly applied: bigint;
  /** Received beyond what was due, in the invoice's currency: credit on the customer's balance. */
  readonly overpayment: bigint;
  readonly reviewReason: string | null;
}

const NOTHING_APPLICABLE: ApplicableAmount = { applied: 0n, overpayment: 0n, reviewReason: null };

/**
 * How much of a received payment its invoice takes: nothing in another currency or once the
 * invoice takes no payment (both left for review), at most what is due otherwise, the rest an
 * overpayment. Locks the invoice row (through invoicing) for the rest of the transaction, so the
 * amount cannot change before it is applied.
 */
async function applicableAmount(client: PoolClient, invoiceId: string, currency: string, amount: bigint): Promise<ApplicableAmount> {
  const invoice = await lockInvoiceForPayment(client, invoiceId);
  if (!invoice) return { ...NOTHING_APPLICABLE, reviewReason: `invoice ${invoiceId} does not exist` };
  if (invoice.currency !== currency) return { ...NOTHING_APPLICABLE, reviewReason: `paid in ${currency}; the invoice is in ${invoice.currency}` };
  if (!isPayableInvoiceStatus(invoice.state.status)) return { ...NOTHING_APPLICABLE, reviewReason: `the invoice is ${invoice.state.status}` };
  const due = invoice.state.amountDue;
  if (amount <= due) return { applied: amount, overpayment: 0n, reviewReason: null };
  return { applied: due, overpayment: amount - due, reviewReason: null };
}

/**
 * A success for a reference we never recorded: the payment row may not have been written yet
 * (a very fast provider), so defer; but a payment started outside NovaBilling that names one of
 * our invoices is recorded against it.
 */
async function adoptPayment(client: PoolClient, event: StoredWebhookEvent, amount: bigint): Promise<LockedPayment> {
  const invoiceId = event.invoice_reference && isUuid(event.invoice_reference) ? event.invoice_reference : undefined;
  const invoice = invoiceId ? await invoiceCustomer(client, invoiceId) : undefined;
  if (!invoiceId || !invoice) throw new SettlementDeferredError(`no payment with reference ${event.provider_reference} yet`);
  const payment =
    (await insertAdoptedPayment(client, { invoiceId, customerId: invoice.customer_id, amount, currency: event.currency, accountId: event.account_id, providerReference: event.provider_reference })) ??
    (await lockPaymentByReference(client, event.account_id, event.provider_reference));
  if (!payment) throw new SettlementDeferredError(`payment ${event.provider_reference} is being recorded concurrently`);
  return payment;
}

async function failPayment(client: PoolClient, event: StoredWebhookEvent): Promise<SettlementOutcome> {
  return markPaymentFailed(client, event.account_id, event.provider_reference, 'declined (provider webhook)', null);
}

/**
 * The provider never gave a final answer and we stopped asking (M-Pesa STK queries erroring past
 * their age cap): the payment fails the same way a declined one does (pending → failed only),
 * with a review reason, since the payer may in fact have paid. A later confirmed success still
 * settles it (failed → succeeded, as for any failed payment), which clears the reason. The invoice
 * is not touched.
 */
export function failUnconfirmedPayment(client: PoolClient, accountId: string, providerReference: string, reviewReason: string): Promise<SettlementOutcome> {
  return markPaymentFailed(client, accountId, providerReference, 'unconfirmed: the provider never gave a final answer', reviewReason);
}

async function markPaymentFailed(client: PoolClient, accountId: string, reference: string, failureMessage: string, reviewReason: string | null): Promise<SettlementOutcome> {
  const payment = await lockPaymentByReference(client, accountId, reference);
  // A failure for a payment we never started, or that already settled (out of order), changes nothing.
  if (!payment || !canTransitionPayment(paymentStateOf(payment), 'fail')) return { effect: 'none', paymentId: payment?.id };
  await saveFailedPayment(client, payment.id, { state: transitionPayment(paymentStateOf(payment), { type: 'fail' }), failureMessage, reviewReason });
  await recordPaymentEvent(client, 'payment.failed', payment.id);
  return { effect: 'payment_failed', paymentId: payment.id, invoiceId: payment.invoice_id };
}

async function settleRefund(client: PoolClient, event: StoredWebhookEvent): Promise<SettlementOutcome> {
  const payment = await lockPaymentByReference(client, event.account_id, event.provider_reference);
  if (!payment || payment.status === 'pending') throw new SettlementDeferredError(`refund for ${event.provider_reference} arrived before its payment settled`);
  if (payment.status === 'failed') throw new SettlementRejectedError(`refund for failed payment ${payment.id}`);
  const outcome = event.type === 'refund.succeeded' ? 'succeeded' : 'failed';
  const amount = BigInt(event.amount ?? '0');
  const providerSignsBody = providerWebhookSignsBody(event.provider);
  const refund = await lockRefundForEvent(client, payment.id, event.refund_reference, amount, providerSignsBody);
  const named = `refund ${event.refund_reference ?? '(no id)'} of ${event.provider_reference}`;
  const decision = decideRefundEvent(
    { outcome, amount, currency: event.currency },
    { refund: refund && { status: refund.status, amount: BigInt(refund.amount), currency: refund.currency }, paymentCurrency: payment.currency, providerSignsBody, awaitingOurRefunds: (await pendingRefundTotal(client, payment.id)) > 0n },
  );
  const unchanged = (note: string) => ({ effect: 'none' as const, paymentId: payment.id, invoiceId: payment.invoice_id, note });
  switch (decision.action) {
    case 'reject':
      throw new SettlementRejectedError(`${named}: ${decision.reason}`);
    case 'ignore':
      return unchanged(`${named}: ${decision.reason}`);
    case 'already_settled':
      return unchanged(decision.contradicts ? `${named}: reported ${outcome}, but it ${decision.status} already; kept ${decision.status}` : `${named}: ${decision.status} already`);
    case 'settle':
    case 'adopt':
      break;
  }
  // A refund made in the provider's dashboard is recorded as ours, its share decided now.
  const pending =
    refund ??
    (await insertPendingRefund(client, {
      paymentId: payment.id,
      amount,
      currency: payment.currency,
      reason: 'made at the provider',
      providerReference: event.refund_reference,
      ...(await reserveRefundedCredit(client, payment, amount, await pendingRefundTotal(client, payment.id))),
    }));
  if (outcome === 'succeeded') await applyRefund(client, payment, pending);
  const settled = await saveRefundOutcome(client, pending.id, { status: outcome, providerReference: event.refund_reference, settledAt: event.occurred_at });
  await refundSettled(client, settled, payment.customer_id);
  return { effect: outcome === 'succeeded' ? 'refund_settled' : 'refund_failed', paymentId: payment.id, invoiceId: payment.invoice_id };
}

/**
 * What follows a refund's final outcome, however it was learnt (the provider's answer to our
 * request or its webhook), in the caller's transaction: a failed one gives back the credit its
 * request reserved; the credit note it belongs to settles (a failed refund's amount goes to the
 * customer's balance, see settleCreditNoteRefund); `refund.succeeded` / `refund.failed` is recorded.
 */
export async function refundSettled(client: PoolClient, refund: RefundRow, customerId: string): Promise<void> {
  if (refund.status === 'pending') return;
  if (refund.status === 'failed') await restoreReservedCredit(client, refund, customerId);
  await settleCreditNoteOfRefund(client, refund.id, refund.status === 'succeeded' ? { status: 'succeeded' } : { status: 'failed', failure: refund.failure_message ?? 'the provider reported the refund failed' });
  await recordEvent(client, { type: refund.status === 'succeeded' ? 'refund.succeeded' : 'refund.failed', object: refundResource(refund) });
}

/**
 * Money returned: the payment's refunded balance grows by the refund through the payment state
 * machine (never beyond what was paid), and the invoice's by its share (invoicing's
 * recordInvoiceRefund). As with Stripe, the invoice keeps its status and amountPaid (it was
 * paid; the refund is money given back, not a debt reopened). Callers hold the payment row lock.
 */
export async function applyRefund(client: PoolClient, payment: LockedPayment, refund: RefundRow): Promise<void> {
  const amount = BigInt(refund.amount);
  const before = paymentStateOf(payment);
  if (!canTransitionPayment(before, 'refund_settled') || amount <= 0n || before.amountRefunded + amount > before.amount) {
    throw new SettlementRejectedError(`refunds of payment ${payment.id} would exceed the ${payment.amount} paid`);
  }
  const after = transitionPayment(before, { type: 'refund_settled', amount });
  await saveRefundedPayment(client, payment.id, after);
  // Refunds from before the share was decided at request time settle by the older rule.
  const unappliedShare = refund.unapplied_share === null ? amount - invoiceShareOfRefund(before.amount, BigInt(payment.amount_applied), before.amountRefunded, after.amountRefunded) : BigInt(refund.unapplied_share);
  const invoiceShare = amount - unappliedShare;
  if (payment.invoice_id && invoiceShare > 0n) await recordInvoiceRefund(client, { invoiceId: payment.invoice_id, amount: invoiceShare });
  // The unapplied part given back may be credit the overpayment left on the balance: it goes too
  // (the request took what it could already; what was spent then is looked for once more).
  const stillToTake = unappliedShare - BigInt(refund.credit_reserved);
  if (stillToTake > 0n) await takeBackRefundedOverpayment(client, { customerId: payment.customer_id, currency: payment.currency, paymentId: payment.id, amount: stillToTake });
  await recordPaymentEvent(client, 'payment.refunded', payment.id);
}

export interface RefundReservation {
  /** What of the refund gives back money no invoice took. */
  unappliedShare: bigint;
  /** The overpayment credit taken off the balance for it (less when some was spent already). */
  creditReserved: bigint;
}

/**
 * Decides, when a refund is requested, which part of it gives back unapplied money (refunds
 * return that first, see invoiceShareOfRefund, counting refunds still pending as given back),
 * and takes the overpayment credit that part stands for off the balance in the caller's
 * transaction, so it cannot pay an invoice while the provider works on the refund.
 */
export async function reserveRefundedCredit(client: PoolClient, payment: LockedPayment, amount: bigint, pendingRefunds: bigint): Promise<RefundReservation> {
  const given = paymentStateOf(payment).amountRefunded + pendingRefunds;
  const unappliedShare = amount - invoiceShareOfRefund(BigInt(payment.amount), BigInt(payment.amount_applied), given, given + amount);
  if (unappliedShare <= 0n) return { unappliedShare: 0n, creditReserved: 0n };
  const creditReserved = await takeBackRefundedOverpayment(client, { customerId: payment.customer_id, currency: payment.currency, paymentId: payment.id, amount: unappliedShare });
  return { unappliedShare, creditReserved };
}

/** A refund that failed gives back the credit its request reserved. */
export async function restoreReservedCredit(client: PoolClient, refund: RefundRow, customerId: string): Promise<void> {
  const reserved = BigInt(refund.credit_reserved);
  if (reserved <= 0n) return;
  await recordBalanceTransaction(client, {
    customerId,
    currency: refund.currency,
    amount: reserved,
    type: 'overpayment',
    paymentId: refund.payment_id,
    reason: 'refund failed: credit restored',
  });
}

/**
 * The part of a refund that gives back money the invoice took. Refunds return the unapplied
 * part (an overpayment, another currency) first, so the invoice's amountRefunded never exceeds
 * what was applied to it.
 */
export function invoiceShareOfRefund(paid: bigint, applied: bigint, refundedBefore: bigint, refundedAfter: bigint): bigint {
  const unapplied = paid - applied;
  const fromInvoice = (refunded: bigint) => (refunded > unapplied ? refunded - unapplied : 0n);
  return fromInvoice(refundedAfter) - fromInvoice(refundedBefore);
}
