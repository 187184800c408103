// What collection may do to an invoice, inside collection's own transaction (a payment settles,
// a refund settles, dunning gives up): always through the invoice state machine.
import type { PoolClient } from 'pg';
import { DomainError, canTransitionInvoice, transitionInvoice } from '@nova/domain';
import { LockedInvoice, addRefundedAmount, lockCustomerInvoices, lockInvoice, saveInvoiceState } from '../invoices.repository';
import { recordInvoiceEvents } from '../invoice-resource';

export type { LockedInvoice };

/** Locks the invoice for the caller's transaction, to decide how much of a payment it takes; undefined when unknown. */
export function lockInvoiceForPayment(client: PoolClient, invoiceId: string): Promise<LockedInvoice | undefined> {
  return lockInvoice(client, invoiceId);
}

/**
 * Locks a customer's invoices a receipt may pay, for the caller's transaction: those named (in id
 * order; another customer's are left out), or every one open in `currency` with money due,
 * oldest first.
 */
export function lockInvoicesForAllocation(client: PoolClient, customerId: string, select: { payableIn: string } | { ids: string[] }): Promise<LockedInvoice[]> {
  return lockCustomerInvoices(client, customerId, select);
}

export interface AppliedInvoicePayment {
  readonly invoiceId: string;
  readonly subscriptionId: string | null;
  /** This payment made it paid (nothing is due any more). */
  readonly becamePaid: boolean;
}

/**
 * Applies `amount` (in the invoice's currency, at most what is due: the caller decided so under
 * the lock) through the state machine: a payment on a void, draft or paid invoice is refused.
 */
export async function applyPaymentToInvoice(client: PoolClient, command: { invoiceId: string; amount: bigint; at: Date }): Promise<AppliedInvoicePayment> {
  const invoice = await lockInvoice(client, command.invoiceId);
  if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
  const next = transitionInvoice(invoice.state, { type: 'payment_applied', amount: command.amount, at: command.at });
  await saveInvoiceState(client, invoice.id, next);
  if (next.status === 'paid') await recordInvoiceEvents(client, [invoice.id], () => ['invoice.paid']);
  return { invoiceId: invoice.id, subscriptionId: invoice.subscriptionId, becamePaid: next.status === 'paid' };
}

/** A settled refund's share of the invoice (see collection's invoiceShareOfRefund); the status does not change. */
export async function recordInvoiceRefund(client: PoolClient, command: { invoiceId: string; amount: bigint }): Promise<void> {
  if (command.amount > 0n) await addRefundedAmount(client, command.invoiceId, command.amount);
}

/**
 * Dunning gave up: an open invoice becomes uncollectible. One paid, voided or written off
 * meanwhile is left as it is (returns null): giving up late is not an error.
 */
export async function markInvoiceUncollectible(client: PoolClient, invoiceId: string): Promise<{ subscriptionId: string | null } | null> {
  const invoice = await lockInvoice(client, invoiceId);
  if (!invoice || !canTransitionInvoice(invoice.state, 'mark_uncollectible')) return null;
  await saveInvoiceState(client, invoice.id, transitionInvoice(invoice.state, { type: 'mark_uncollectible' }));
  await recordInvoiceEvents(client, [invoice.id], () => ['invoice.marked_uncollectible']);
  return { subscriptionId: invoice.subscriptionId };
}
