// Pending invoice items (Stripe's): proration lines of a plan or quantity change waiting for the next invoice of
// their subscription. Added in the change's transaction; taken by issueInvoices exactly once.
import type { PoolClient } from 'pg';
import type { Queryable } from '@nova/common';
import { type NewPendingInvoiceItem, type PendingInvoiceItemRecord, insertPendingInvoiceItems, lockUninvoicedItems, markItemsInvoiced, selectUninvoicedItems } from '../pending-invoice-items.repository';
import type { InvoiceLineDraft } from '../invoice-draft';

export type { NewPendingInvoiceItem, PendingInvoiceItemRecord };

/** Adds items for their subscriptions' next invoice, in the caller's transaction (the change's). */
export function addPendingInvoiceItems(client: PoolClient, items: NewPendingInvoiceItem[], at = new Date()): Promise<PendingInvoiceItemRecord[]> {
  return insertPendingInvoiceItems(client, items, at);
}

/** A subscription's items waiting for its next invoice, oldest first. */
export function listPendingInvoiceItems(db: Queryable, subscriptionId: string): Promise<PendingInvoiceItemRecord[]> {
  return selectUninvoicedItems(db, subscriptionId);
}

/** The invoice line of a pending item. */
export function pendingItemLine(item: PendingInvoiceItemRecord): InvoiceLineDraft {
  return { description: item.description, quantity: 1, unitAmount: item.amount, priceId: item.priceId ?? undefined, periodStart: item.periodStart, periodEnd: item.periodEnd };
}

/** Pending items an issuance is taking: the lines per invoice id, and which invoice takes which item. */
export interface TakenPendingItems {
  readonly lines: Map<string, InvoiceLineDraft[]>;
  readonly taken: ReadonlyArray<{ itemId: string; invoiceId: string }>;
}

/**
 * Takes, for each given invoice (its id and subscription), the subscription's items no invoice took yet: locks them
 * and assigns them to the first invoice of their subscription in the list. The issuer writes the invoices, then
 * records the assignment (markPendingItemsTaken), all in its transaction, so a rollback gives the items back.
 */
export async function takePendingInvoiceItems(client: PoolClient, invoices: Array<{ invoiceId: string; subscriptionId: string }>): Promise<TakenPendingItems> {
  const taking = new Map<string, string>(); // subscription id → the invoice taking its items
  for (const invoice of invoices) if (!taking.has(invoice.subscriptionId)) taking.set(invoice.subscriptionId, invoice.invoiceId);
  const lines = new Map<string, InvoiceLineDraft[]>();
  if (taking.size === 0) return { lines, taken: [] };
  const items = await lockUninvoicedItems(client, [...taking.keys()]);
  const taken = items.map((item) => ({ itemId: item.id, invoiceId: taking.get(item.subscriptionId)! }));
  items.forEach((item, index) => {
    const invoiceId = taken[index]!.invoiceId;
    lines.set(invoiceId, [...(lines.get(invoiceId) ?? []), pendingItemLine(item)]);
  });
  return { lines, taken };
}

/** Records which invoice took each item, once those invoices are written. */
export function markPendingItemsTaken(client: PoolClient, pending: TakenPendingItems): Promise<void> {
  return markItemsInvoiced(client, [...pending.taken]);
}
