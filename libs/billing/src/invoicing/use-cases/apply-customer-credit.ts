// Finalization takes the customer's credit (Stripe's customer balance): an invoice is issued, then
// what its customer holds in its currency pays it down, and a negative total is credited to the
// balance. The customers context keeps the ledger; invoicing writes what the invoice shows
// (credit_applied, amount due and the status the invoice machine finalizes that amount to).
import type { PoolClient } from 'pg';
import { transitionInvoice } from '@nova/domain';
import { settleFinalizedInvoicesWithCredit } from '../../customers';
import { NewInvoiceRow, saveCreditApplied } from '../invoices.repository';

/** What the invoice state machine makes of a draft with `amountDue` left when it is finalized: open, or paid when nothing is due. */
export function finalizedInvoiceStatus(amountDue: bigint) {
  return transitionInvoice({ status: 'draft', amountDue, amountPaid: 0n, paidAt: null, voidedAt: null }, { type: 'finalize' }).status;
}

/**
 * Settles invoices just inserted (by issueInvoices, in its transaction) with their customers'
 * credit. Set-based: one statement when nobody in the batch holds credit, a constant few
 * otherwise. Returns the credit applied per invoice id (signed, only where not zero).
 */
export async function applyCustomerCreditAtFinalization(client: PoolClient, invoices: readonly Pick<NewInvoiceRow, 'id' | 'customerId' | 'currency' | 'total'>[], issuedAt: Date): Promise<Map<string, bigint>> {
  const credited = await settleFinalizedInvoicesWithCredit(
    client,
    invoices.map((invoice) => ({ invoiceId: invoice.id, customerId: invoice.customerId, currency: invoice.currency, total: invoice.total })),
  );
  if (credited.size === 0) return credited;
  const updates = invoices
    .filter((invoice) => credited.has(invoice.id))
    .map((invoice) => {
      const creditApplied = credited.get(invoice.id)!;
      const amountDue = invoice.total - creditApplied;
      return { id: invoice.id, creditApplied, amountDue, status: finalizedInvoiceStatus(amountDue) };
    });
  await saveCreditApplied(client, updates, issuedAt);
  return credited;
}
