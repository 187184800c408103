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
