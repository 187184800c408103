// An invoice paid outside any provider (bank transfer, cash, cheque), recorded by an admin: a
// receipt for the whole amount due of one invoice, through the same path as every receipt
// (recordManualPayment: a receipt number, the allocation, the invoice settled with the same
// follow-up as a provider's payment), in one transaction.
import { inTransaction } from '@nova/common';
import { DomainError, type ReceiptMethod, canTransitionInvoice } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { customerClockTime } from '../../customers';
import { lockInvoiceForPayment } from '../../invoicing';
import { recordManualPayment } from './record-receipt';

export interface RecordOfflinePaymentCommand {
  invoiceId: string;
  /** When the money was received; defaults to now for the customer (a test clock's customer: the clock's frozen time). */
  paidAt?: Date;
  /** The payer's reference (transfer id, cheque number). */
  reference?: string;
  note?: string;
  /** How it came in; `other` when not said. */
  method?: ReceiptMethod;
}

/**
 * Records the whole amount due as paid. An invoice that takes no payment (draft, paid, void, or
 * nothing due) is refused with DomainError invalid_state (409); an unknown one is not_found.
 */
export async function recordOfflinePayment(db: TenantDatabase, command: RecordOfflinePaymentCommand): Promise<{ invoiceId: string; paymentId: string; receiptNumber: string }> {
  return inTransaction(db.pool, async (client) => {
    // The amount due is read under the invoice's lock: what is recorded is exactly what is applied.
    const invoice = await lockInvoiceForPayment(client, command.invoiceId);
    if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
    if (!canTransitionInvoice(invoice.state, 'payment_applied')) {
      throw DomainError.invalidState(`Invoice ${command.invoiceId} is ${invoice.state.status}${invoice.state.amountDue === 0n ? ' with nothing due' : ''} and cannot be marked paid`);
    }
    const due = invoice.state.amountDue;
    const paidAt = command.paidAt ?? (await customerClockTime(client, invoice.customerId)) ?? new Date();
    const receipt = await recordManualPayment(
      client,
      { customerId: invoice.customerId, amount: due, currency: invoice.currency, method: command.method ?? 'other', reference: command.reference, note: command.note, receivedAt: paidAt },
      { allocations: [{ invoiceId: invoice.id, amount: due }], overpayment: 0n },
    );
    return { invoiceId: invoice.id, paymentId: receipt.paymentId, receiptNumber: receipt.receiptNumber };
  });
}
