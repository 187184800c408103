import type { Queryable } from '@nova/common';
import type { EventType } from '@nova/domain';
import { recordEvent } from '@nova/events';
import { recordInvoiceEvents } from '../invoicing';
import { type PaymentRecord, type RefundRow, findPayment } from './payments.repository';

/** A payment as the API shows it and as events carry it (`data.object`): the one public mapping. */
export function paymentResource(payment: PaymentRecord) {
  return {
    object: 'payment' as const,
    id: payment.id,
    invoiceId: payment.invoiceId,
    customerId: payment.customerId,
    amount: Number(payment.amount),
    amountRefunded: Number(payment.amountRefunded),
    amountApplied: Number(payment.amountApplied),
    needsReview: payment.reviewReason !== null,
    reviewReason: payment.reviewReason,
    currency: payment.currency,
    status: payment.status as string,
    method: payment.method,
    providerAccountId: payment.providerAccountId,
    providerReference: payment.providerReference,
    reference: payment.reference,
    failureMessage: payment.failureMessage,
    paidAt: payment.paidAt,
    metadata: payment.metadata,
    createdAt: payment.createdAt,
    receiptNumber: payment.receiptNumber,
  };
}

/** A refund as events carry it (`data.object` of refund.succeeded / refund.failed). */
export function refundResource(refund: RefundRow) {
  return {
    object: 'refund' as const,
    id: refund.id,
    paymentId: refund.payment_id,
    amount: Number(refund.amount),
    currency: refund.currency,
    status: refund.status,
    providerReference: refund.provider_reference,
    reason: refund.reason,
    failureMessage: refund.failure_message,
    createdAt: refund.created_at,
    settledAt: refund.settled_at,
  };
}

/**
 * Records `type` about the payment as it is now, in the caller's transaction (after its change).
 * A failed payment of an invoice is also the invoice's `invoice.payment_failed`.
 */
export async function recordPaymentEvent(client: Queryable, type: EventType & `payment.${string}`, paymentId: string): Promise<void> {
  const payment = await findPayment(client, paymentId);
  if (!payment) return;
  await recordEvent(client, { type, object: paymentResource(payment) });
  if (type === 'payment.failed' && payment.invoiceId) await recordInvoiceEvents(client, [payment.invoiceId], () => ['invoice.payment_failed']);
}
