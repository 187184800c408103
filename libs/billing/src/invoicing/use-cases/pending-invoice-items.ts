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

/**
 * Takes, for each given invoice (its id and subscription), the subscription's items no invoice took yet: locks
 * them, marks them as taken by the first invoice of their subscription in the list, and returns the lines to add
 * per invoice id. Runs in the issuing transaction, so a rollback gives the items back.
 */
export async function takePendingInvoiceItems(client: PoolClient, invoices: Array<{ invoiceId: string; subscriptionId: string }>): Promise<Map<string, InvoiceLineDraft[]>> {
  const taking = new Map<string, string>(); // subscription id → the invoice taking its items
  for (const invoice of invoices) if (!taking.has(invoice.subscriptionId)) taking.set(invoice.subscriptionId, invoice.invoiceId);
  const lines = new Map<string, InvoiceLineDraft[]>();
  if (taking.size === 0) return lines;
  const items = await lockUninvoicedItems(client, [...taking.keys()]);
  const taken = items.map((item) => ({ itemId: item.id, invoiceId: taking.get(item.subscriptionId)! }));
  for (const [index, item] of items.entries()) {
    const invoiceId = taken[index]!.invoiceId;
    lines.set(invoiceId, [...(lines.get(invoiceId) ?? []), pendingItemLine(item)]);
  }
  await markItemsInvoiced(client, taken);
  return lines;
}
