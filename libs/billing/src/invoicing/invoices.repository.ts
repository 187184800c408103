// All SQL of the invoices, invoice_lines and invoice_sequence tables (raw pg: the issuer's
// set-based inserts and payments' row locks share transactions with other contexts' writes).
// Private to the invoicing context: other code goes through ./index.ts.
import type { PoolClient } from 'pg';
import type { InvoiceState, InvoiceStatus } from '@nova/domain';

/** An invoice under its row lock: what a payment, a refund or a status change needs. */
export interface LockedInvoice {
  readonly id: string;
  readonly customerId: string;
  readonly subscriptionId: string | null;
  readonly currency: string;
  readonly state: InvoiceState;
}

interface InvoiceStateRow {
  id: string;
  customer_id: string;
  subscription_id: string | null;
  currency: string;
  status: InvoiceStatus;
  amount_due: string;
  amount_paid: string;
  paid_at: Date | null;
  voided_at: Date | null;
}

/** Locks the invoice row for the rest of the caller's transaction. */
export async function lockInvoice(client: PoolClient, id: string): Promise<LockedInvoice | undefined> {
  const { rows } = await client.query<InvoiceStateRow>(
    `SELECT id, customer_id, subscription_id, currency, status, amount_due::text AS amount_due, amount_paid::text AS amount_paid, paid_at, voided_at
       FROM invoices WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      customerId: row.customer_id,
      subscriptionId: row.subscription_id,
      currency: row.currency,
      state: { status: row.status, amountDue: BigInt(row.amount_due), amountPaid: BigInt(row.amount_paid), paidAt: row.paid_at, voidedAt: row.voided_at },
    }
  );
}

/** Writes back the columns the invoice state machine owns (the caller holds the row lock). */
export async function saveInvoiceState(client: PoolClient, id: string, state: InvoiceState): Promise<void> {
  await client.query(
    `UPDATE invoices SET status = $2::"InvoiceStatus", amount_due = $3, amount_paid = $4, paid_at = $5, voided_at = $6, updated_at = now() WHERE id = $1`,
    [id, state.status, state.amountDue, state.amountPaid, state.paidAt, state.voidedAt],
  );
}

/** Money given back by a settled refund (amountRefunded is not part of the status: a refunded invoice stays paid). */
export async function addRefundedAmount(client: PoolClient, id: string, amount: bigint): Promise<void> {
  await client.query('UPDATE invoices SET amount_refunded = amount_refunded + $2, updated_at = now() WHERE id = $1', [id, amount]);
}
