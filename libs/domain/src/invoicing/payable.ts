// "Can money be applied to this invoice", defined once: paying it (checkout, STK push, automatic
// charge), marking it paid by hand and settling a provider's payment all ask this.

/**
 * Statuses an invoice takes payments in: open, and uncollectible (written off after dunning, yet
 * the customer may still pay). Draft is not issued yet; paid and void are final.
 */
export const PAYABLE_INVOICE_STATUSES = ['open', 'uncollectible'] as const;

export function isPayableInvoiceStatus(status: string): boolean {
  return (PAYABLE_INVOICE_STATUSES as readonly string[]).includes(status);
}

/** Whether a customer can be asked to pay the invoice now: a payable status and something due. */
export function isPayableInvoice(invoice: { readonly status: string; readonly amountDue: bigint }): boolean {
  return isPayableInvoiceStatus(invoice.status) && invoice.amountDue > 0n;
}

/**
 * Statuses in which an invoice can become overdue (Stripe's `invoice.overdue`): open only. An
 * uncollectible one was written off already; draft, paid and void are owed nothing by the customer.
 */
export const OVERDUE_INVOICE_STATUSES = ['open'] as const;

/** Whether the invoice is overdue at `asOf`: open, something still due, and its due date passed. */
export function isInvoiceOverdue(invoice: { readonly status: string; readonly amountDue: bigint; readonly dueAt: Date }, asOf: Date): boolean {
  return (OVERDUE_INVOICE_STATUSES as readonly string[]).includes(invoice.status) && invoice.amountDue > 0n && invoice.dueAt.getTime() < asOf.getTime();
}
