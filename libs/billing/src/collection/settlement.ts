// What a verified provider event does to the books. Every function runs inside the caller's
// transaction and locks the rows it changes, so concurrent, repeated and out-of-order
// deliveries serialise on the payment row and change nothing twice:
//   - a payment settles once (pending → succeeded); later duplicates find it settled;
//   - a refund settles once (pending → succeeded/failed), found by the provider's refund id or,
//     before we learnt that id, as the pending refund of the same amount;
//   - a refund of a payment not settled yet is deferred (the job retries it later);
//   - money is applied to an invoice only in the invoice's currency and only up to what is due;
//     anything else is recorded on the payment (review_reason) and never changes the invoice;
//   - a payment the provider never answered for fails (pending → failed) with a review_reason.

import type { PoolClient } from 'pg';
import { applyInvoicePaidEffects } from './invoice-paid';
import { type SealedMethod, saveCustomerMethod } from './saved-methods';
import { isPayableInvoiceStatus, PAYABLE_INVOICE_STATUSES } from '@nova/domain';

export type SettlementEventType = 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';

export interface StoredWebhookEvent {
  id: string;
  account_id: string;
  type: SettlementEventType;
  provider_reference: string;
  refund_reference: string | null;
  provider_transaction_id: string | null;
  invoice_reference: string | null;
  amount: string | null;
  currency: string;
  occurred_at: Date;
  /** The reusable method the payment was made with, sealed at intake (payment.succeeded only). */
  saved_method: SealedMethod | null;
}

/** The event cannot be applied yet (its payment is not known or not settled): retry later. */
export class SettlementDeferredError extends Error {
  override readonly name = 'SettlementDeferredError';
}

/** The event contradicts the books (currency mismatch, refund beyond the payment): do not retry. */
export class SettlementRejectedError extends Error {
  override readonly name = 'SettlementRejectedError';
}

interface LockedPayment {
  id: string;
  invoice_id: string | null;
  customer_id: string;
  status: 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';
  amount: string;
  amount_refunded: string;
  amount_applied: string;
  currency: string;
  provider_transaction_id: string | null;
}

const PAYMENT_COLUMNS = 'id, invoice_id, customer_id, status, amount, amount_refunded, amount_applied, currency, provider_transaction_id';

export interface SettlementOutcome {
  /** What changed, for logs and follow-up work (e-mails, dunning). */
  readonly effect: 'payment_settled' | 'payment_failed' | 'refund_settled' | 'refund_failed' | 'none';
  readonly paymentId?: string;
  readonly invoiceId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

async function lockPayment(client: PoolClient, accountId: string, reference: string): Promise<LockedPayment | undefined> {
  const { rows } = await client.query<LockedPayment>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments
      WHERE provider_account_id = $1 AND (provider_reference = $2 OR provider_transaction_id = $2)
      ORDER BY (provider_reference = $2) DESC LIMIT 1
        FOR UPDATE`,
    [accountId, reference],
  );
  return rows[0];
}

async function settlePayment(client: PoolClient, event: StoredWebhookEvent): Promise<SettlementOutcome> {
  const amount = BigInt(event.amount ?? '0');
  const payment = (await lockPayment(client, event.account_id, event.provider_reference)) ?? (await adoptPayment(client, event, amount));
  if (payment.status !== 'pending' && payment.status !== 'failed') {
    // A later copy may name the money movement an earlier confirmation could not (M-Pesa receipt).
    if (event.provider_transaction_id && !payment.provider_transaction_id) {
      await client.query('UPDATE payments SET provider_transaction_id = $2, updated_at = now() WHERE id = $1', [payment.id, event.provider_transaction_id]);
    }
    return { effect: 'none', paymentId: payment.id };
  }

  // The payment records the money as received (amount and currency); only what fits the
  // invoice is applied to it, and the rest is left for review.
  const { applied, reviewReason } = payment.invoice_id ? await applicableAmount(client, payment.invoice_id, event.currency, amount) : { applied: 0n, reviewReason: null };
  await client.query(
    `UPDATE payments SET status = 'succeeded', amount = $2, currency = $3, amount_applied = $4, review_reason = $5, paid_at = $6, failure_message = NULL,
            provider_transaction_id = COALESCE($7, provider_transaction_id), updated_at = now()
      WHERE id = $1`,
    [payment.id, amount, event.currency, applied, reviewReason, event.occurred_at, event.provider_transaction_id],
  );
  if (payment.invoice_id && applied > 0n) await creditInvoice(client, payment.invoice_id, applied, event.occurred_at);
  // The card just paid with can pay the next cycle: it becomes the customer's default method
  // (not from a payment under review: whoever paid it may not be the invoice's customer).
  if (event.saved_method && reviewReason === null) await saveCustomerMethod(client, payment.customer_id, event.account_id, event.saved_method);
  return { effect: 'payment_settled', paymentId: payment.id, invoiceId: payment.invoice_id };
}

/**
 * How much of a received payment its invoice takes: nothing in another currency or once the
 * invoice is no longer open, at most what is due otherwise. Locks the invoice row.
 */
async function applicableAmount(client: PoolClient, invoiceId: string, currency: string, amount: bigint): Promise<{ applied: bigint; reviewReason: string | null }> {
  const { rows } = await client.query<{ status: string; currency: string; amount_due: string }>(
    'SELECT status, currency, amount_due::text AS amount_due FROM invoices WHERE id = $1 FOR UPDATE',
    [invoiceId],
  );
  const invoice = rows[0];
  if (!invoice) return { applied: 0n, reviewReason: `invoice ${invoiceId} does not exist` };
  if (invoice.currency !== currency) return { applied: 0n, reviewReason: `paid in ${currency}; the invoice is in ${invoice.currency}` };
  if (!isPayableInvoiceStatus(invoice.status)) return { applied: 0n, reviewReason: `the invoice is ${invoice.status}` };
  const due = BigInt(invoice.amount_due);
  if (amount <= due) return { applied: amount, reviewReason: null };
  return { applied: due, reviewReason: `${amount - due} ${currency} (minor units) more than the ${due} due` };
}

/**
 * A success for a reference we never recorded: the payment row may not have been written yet
 * (a very fast provider), so defer; but a payment started outside NovaBilling that names one of
 * our invoices is recorded against it.
 */
async function adoptPayment(client: PoolClient, event: StoredWebhookEvent, amount: bigint): Promise<LockedPayment> {
  const invoiceId = event.invoice_reference && UUID.test(event.invoice_reference) ? event.invoice_reference : undefined;
  const { rows } = invoiceId
    ? await client.query<{ customer_id: string; currency: string }>('SELECT customer_id, currency FROM invoices WHERE id = $1', [invoiceId])
    : { rows: [] };
  const invoice = rows[0];
  if (!invoiceId || !invoice) throw new SettlementDeferredError(`no payment with reference ${event.provider_reference} yet`);
  const inserted = await client.query<LockedPayment>(
    `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference)
     SELECT gen_random_uuid(), $1, $2, $3, $4, 'pending', a.provider, a.id, $5 FROM payment_provider_accounts a WHERE a.id = $6
     ON CONFLICT (provider_account_id, provider_reference) DO NOTHING
     RETURNING ${PAYMENT_COLUMNS}`,
    [invoiceId, invoice.customer_id, amount, event.currency, event.provider_reference, event.account_id],
  );
  const payment = inserted.rows[0] ?? (await lockPayment(client, event.account_id, event.provider_reference));
  if (!payment) throw new SettlementDeferredError(`payment ${event.provider_reference} is being recorded concurrently`);
  return payment;
}

/** Money received: amountDue goes down, and the invoice is paid once nothing is due. */
async function creditInvoice(client: PoolClient, invoiceId: string, amount: bigint, paidAt: Date): Promise<void> {
  const { rows } = await client.query<{ status: string; subscription_id: string | null }>(
    `UPDATE invoices
        SET amount_paid = amount_paid + $2,
            amount_due = GREATEST(amount_due - $2, 0),
            status = (CASE WHEN amount_due - $2 <= 0 THEN 'paid' ELSE status::text END)::"InvoiceStatus",
            paid_at = CASE WHEN amount_due - $2 <= 0 THEN $3::timestamptz ELSE paid_at END,
            updated_at = now()
      WHERE id = $1 AND status::text = ANY($4::text[])
      RETURNING status, subscription_id`,
    [invoiceId, amount, paidAt, PAYABLE_INVOICE_STATUSES],
  );
  if (rows[0]?.status !== 'paid') return;
  // Dunning recovered, a past-due subscription active again: the same as an invoice marked paid by hand.
  await applyInvoicePaidEffects(client, { id: invoiceId, subscriptionId: rows[0].subscription_id });
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
  const payment = await lockPayment(client, accountId, reference);
  // A failure for a payment we never started, or that already settled (out of order), changes nothing.
  if (!payment || payment.status !== 'pending') return { effect: 'none', paymentId: payment?.id };
  await client.query(
    `UPDATE payments SET status = 'failed', failure_message = $2, review_reason = COALESCE($3, review_reason), updated_at = now() WHERE id = $1`,
    [payment.id, failureMessage, reviewReason],
  );
  return { effect: 'payment_failed', paymentId: payment.id, invoiceId: payment.invoice_id };
}

interface LockedRefund {
  id: string;
  status: 'pending' | 'succeeded' | 'failed';
  amount: string;
}

async function settleRefund(client: PoolClient, event: StoredWebhookEvent): Promise<SettlementOutcome> {
  const payment = await lockPayment(client, event.account_id, event.provider_reference);
  if (!payment || payment.status === 'pending') throw new SettlementDeferredError(`refund for ${event.provider_reference} arrived before its payment settled`);
  if (payment.status === 'failed') throw new SettlementRejectedError(`refund for failed payment ${payment.id}`);
  const succeeded = event.type === 'refund.succeeded';
  const amount = BigInt(event.amount ?? '0');

  const refund = await findRefund(client, payment.id, event.refund_reference, amount);
  if (refund && refund.status !== 'pending') return { effect: 'none', paymentId: payment.id };
  if (!refund && !succeeded) return { effect: 'none', paymentId: payment.id };

  const refundId =
    refund?.id ??
    (
      await client.query<{ id: string }>(
        `INSERT INTO refunds (id, payment_id, amount, currency, status, provider_reference, reason, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 'pending', $4, 'made at the provider', now()) RETURNING id`,
        [payment.id, amount, payment.currency, event.refund_reference],
      )
    ).rows[0]!.id;
  await client.query(
    `UPDATE refunds SET status = $2::"RefundStatus", provider_reference = COALESCE(provider_reference, $3), settled_at = $4, updated_at = now() WHERE id = $1`,
    [refundId, succeeded ? 'succeeded' : 'failed', event.refund_reference, event.occurred_at],
  );
  if (!succeeded) return { effect: 'refund_failed', paymentId: payment.id, invoiceId: payment.invoice_id };
  await applyRefund(client, payment, refund ? BigInt(refund.amount) : amount);
  return { effect: 'refund_settled', paymentId: payment.id, invoiceId: payment.invoice_id };
}

async function findRefund(client: PoolClient, paymentId: string, refundReference: string | null, amount: bigint): Promise<LockedRefund | undefined> {
  if (refundReference) {
    const { rows } = await client.query<LockedRefund>('SELECT id, status, amount FROM refunds WHERE payment_id = $1 AND provider_reference = $2 FOR UPDATE', [paymentId, refundReference]);
    if (rows[0]) return rows[0];
  }
  // Some providers name the refund differently in the API answer and the webhook (Paystack),
  // or the webhook beat our own write of the refund id: take the oldest pending refund of that amount.
  const { rows } = await client.query<LockedRefund>(
    `SELECT id, status, amount FROM refunds WHERE payment_id = $1 AND status = 'pending' AND amount = $2 ORDER BY created_at LIMIT 1 FOR UPDATE`,
    [paymentId, amount],
  );
  return rows[0];
}

/**
 * Money returned: the payment's and the invoice's refunded balances grow by the refund, never
 * beyond what was paid. As with Stripe, the invoice keeps its status and amountPaid (it was
 * paid; the refund is money given back, not a debt reopened). Callers hold the payment row lock.
 */
export async function applyRefund(
  client: PoolClient,
  payment: Pick<LockedPayment, 'id' | 'invoice_id' | 'amount' | 'amount_refunded' | 'amount_applied'>,
  amount: bigint,
): Promise<void> {
  const before = BigInt(payment.amount_refunded);
  const refunded = before + amount;
  if (refunded > BigInt(payment.amount)) throw new SettlementRejectedError(`refunds of payment ${payment.id} would exceed the ${payment.amount} paid`);
  await client.query(
    `UPDATE payments SET amount_refunded = $2, status = $3::"PaymentStatus", updated_at = now() WHERE id = $1`,
    [payment.id, refunded, refunded === BigInt(payment.amount) ? 'refunded' : 'partially_refunded'],
  );
  const invoiceShare = invoiceShareOfRefund(BigInt(payment.amount), BigInt(payment.amount_applied), before, refunded);
  if (payment.invoice_id && invoiceShare > 0n) {
    await client.query('UPDATE invoices SET amount_refunded = amount_refunded + $2, updated_at = now() WHERE id = $1', [payment.invoice_id, invoiceShare]);
  }
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

export { lockPayment as lockPaymentByReference };
