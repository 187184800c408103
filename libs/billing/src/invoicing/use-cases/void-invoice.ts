// An admin cancels an invoice: nothing is owed any more.
import { inTransaction } from '@nova/common';
import { DomainError, transitionInvoice } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { recordBalanceTransaction } from '../../customers';
import { recordInvoiceEvents } from '../invoice-resource';
import { InvoiceRecord, findInvoice, lockInvoice, saveInvoiceState } from '../invoices.repository';

export interface VoidInvoiceCommand {
  readonly invoiceId: string;
  /** When it happens; defaults to now. */
  readonly at?: Date;
}

/**
 * Voids under the invoice's row lock, through the state machine: a paid or void invoice, or one
 * with payments applied, is refused with an InvalidTransitionError (409); unknown is not_found.
 * Credit applied at finalization is given back to the customer's balance in the same transaction.
 */
export async function voidInvoice(db: TenantDatabase, command: VoidInvoiceCommand): Promise<InvoiceRecord> {
  const at = command.at ?? new Date();
  await inTransaction(db.pool, async (client) => {
    const invoice = await lockInvoice(client, command.invoiceId);
    if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
    await saveInvoiceState(client, invoice.id, transitionInvoice(invoice.state, { type: 'void', at }));
    // Credit the invoice took at finalization goes back to the customer's balance.
    if (invoice.creditApplied > 0n) {
      await recordBalanceTransaction(client, { customerId: invoice.customerId, currency: invoice.currency, amount: invoice.creditApplied, type: 'unapplied_from_invoice', invoiceId: invoice.id });
    }
    await recordInvoiceEvents(client, [invoice.id], () => ['invoice.voided']);
  });
  return (await findInvoice(db.pool, command.invoiceId))!;
}
