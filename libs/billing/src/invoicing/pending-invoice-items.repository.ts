// All SQL of the pending_invoice_items table: amounts (proration credits and charges) waiting for their
// subscription's next invoice. Private to the invoicing context: other code goes through ./index.ts.
import type { PoolClient } from 'pg';
import type { Queryable } from '@nova/common';

export interface PendingInvoiceItemRecord {
  id: string;
  customerId: string;
  subscriptionId: string;
  currency: string;
  description: string;
  /** Signed minor units: negative for a credit. */
  amount: bigint;
  priceId: string | null;
  periodStart: Date;
  periodEnd: Date;
  /** The invoice that took it; null while pending. */
  invoiceId: string | null;
  createdAt: Date;
}

export type NewPendingInvoiceItem = Omit<PendingInvoiceItemRecord, 'id' | 'invoiceId' | 'createdAt'>;

interface PendingInvoiceItemRow {
  id: string;
  customer_id: string;
  subscription_id: string;
  currency: string;
  description: string;
  amount: string;
  price_id: string | null;
  period_start: Date;
  period_end: Date;
  invoice_id: string | null;
  created_at: Date;
}

const COLUMNS = 'id, customer_id, subscription_id, currency, description, amount::text AS amount, price_id, period_start, period_end, invoice_id, created_at';

const toRecord = (row: PendingInvoiceItemRow): PendingInvoiceItemRecord => ({
  id: row.id,
  customerId: row.customer_id,
  subscriptionId: row.subscription_id,
  currency: row.currency,
  description: row.description,
  amount: BigInt(row.amount),
  priceId: row.price_id,
  periodStart: row.period_start,
  periodEnd: row.period_end,
  invoiceId: row.invoice_id,
  createdAt: row.created_at,
});

/** One INSERT for all the items, in the given order (created_at and then the returned order keep it). */
export async function insertPendingInvoiceItems(client: PoolClient, items: NewPendingInvoiceItem[], createdAt: Date): Promise<PendingInvoiceItemRecord[]> {
  if (items.length === 0) return [];
  const { rows } = await client.query<PendingInvoiceItemRow>(
    `INSERT INTO pending_invoice_items (id, customer_id, subscription_id, currency, description, amount, price_id, period_start, period_end, created_at)
     SELECT gen_random_uuid(), u.customer_id, u.subscription_id, u.currency, u.description, u.amount, u.price_id, u.period_start, u.period_end,
            $9::timestamptz + (u.ord - 1) * interval '1 millisecond'
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::uuid[], $7::timestamptz[], $8::timestamptz[])
            WITH ORDINALITY AS u(customer_id, subscription_id, currency, description, amount, price_id, period_start, period_end, ord)
     RETURNING ${COLUMNS}`,
    [
      items.map((item) => item.customerId),
      items.map((item) => item.subscriptionId),
      items.map((item) => item.currency),
      items.map((item) => item.description),
      items.map((item) => item.amount.toString()),
      items.map((item) => item.priceId),
      items.map((item) => item.periodStart),
      items.map((item) => item.periodEnd),
      createdAt,
    ],
  );
  return rows.map(toRecord).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * Locks the items of these subscriptions that no invoice took yet, oldest first. FOR UPDATE: a concurrent issuance
 * of the same subscription waits, then (READ COMMITTED re-checks `invoice_id IS NULL` on the new row version) finds
 * them taken, so each item is invoiced exactly once.
 */
export async function lockUninvoicedItems(client: PoolClient, subscriptionIds: string[]): Promise<PendingInvoiceItemRecord[]> {
  const { rows } = await client.query<PendingInvoiceItemRow>(
    `SELECT ${COLUMNS} FROM pending_invoice_items
      WHERE subscription_id = ANY($1::uuid[]) AND invoice_id IS NULL
      ORDER BY created_at, id
        FOR UPDATE`,
    [subscriptionIds],
  );
  return rows.map(toRecord);
}

/** Records which invoice took each item (the caller holds their locks). */
export async function markItemsInvoiced(client: PoolClient, taken: Array<{ itemId: string; invoiceId: string }>): Promise<void> {
  if (taken.length === 0) return;
  await client.query(
    `UPDATE pending_invoice_items p SET invoice_id = u.invoice_id FROM unnest($1::uuid[], $2::uuid[]) AS u(id, invoice_id) WHERE p.id = u.id`,
    [taken.map((item) => item.itemId), taken.map((item) => item.invoiceId)],
  );
}

/** A subscription's items no invoice took yet, oldest first (no lock: for previews and listings). */
export async function selectUninvoicedItems(db: Queryable, subscriptionId: string): Promise<PendingInvoiceItemRecord[]> {
  const { rows } = await db.query<PendingInvoiceItemRow>(`SELECT ${COLUMNS} FROM pending_invoice_items WHERE subscription_id = $1 AND invoice_id IS NULL ORDER BY created_at, id`, [subscriptionId]);
  return rows.map(toRecord);
}

/** Deleting a test clock: the customers' pending items (before the invoices they may point at). */
export async function deletePendingItemsOfCustomers(client: PoolClient, customerIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM pending_invoice_items WHERE customer_id = ANY($1::uuid[])', [customerIds]);
}
