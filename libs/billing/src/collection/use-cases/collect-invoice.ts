// What starting a checkout and charging a saved method share: the invoice must be payable, and a
// provider's refusal fails the pending payment through the payment state machine.
import type { PoolClient } from 'pg';
import type { Queryable } from '@nova/common';
import { DomainError, canTransitionPayment, isPayableInvoice, transitionPayment } from '@nova/domain';
import { type InvoiceToCollect, invoiceToCollect } from '../invoice-to-collect';
import { recordPaymentEvent } from '../payment-resource';
import { lockPaymentById, paymentStateOf, saveFailedPayment } from '../payments.repository';

/** The invoice with its customer's contact, or DomainError not_found / invalid_state (409) when it takes no payment. */
export async function payableInvoice(db: Queryable, invoiceId: string): Promise<InvoiceToCollect> {
  const invoice = await invoiceToCollect(db, invoiceId);
  if (!invoice) throw DomainError.notFound('Invoice', invoiceId);
  if (!isPayableInvoice({ status: invoice.status, amountDue: BigInt(invoice.amount_due) })) {
    throw DomainError.invalidState(`Invoice ${invoiceId} is ${invoice.status} with nothing due; it cannot be paid`);
  }
  return invoice;
}

/** Fails a payment still pending (one a webhook settled meanwhile is left as it is). */
export async function failPendingPayment(client: PoolClient, paymentId: string, failureMessage: string): Promise<boolean> {
  const payment = await lockPaymentById(client, paymentId);
  if (!payment || !canTransitionPayment(paymentStateOf(payment), 'fail')) return false;
  await saveFailedPayment(client, payment.id, { state: transitionPayment(paymentStateOf(payment), { type: 'fail' }), failureMessage, reviewReason: null });
  await recordPaymentEvent(client, 'payment.failed', payment.id);
  return true;
}
