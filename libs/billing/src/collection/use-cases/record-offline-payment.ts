// An invoice paid outside any provider (bank transfer, cash, cheque), recorded by an admin: a
// manual payment of what is due and the invoice settled, in one transaction, with the same
// follow-up as a provider's payment (dunning recovered, a past-due subscription active again).
import { inTransaction } from '@nova/common';
import { DomainError, canTransitionInvoice, transitionPayment } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { applyPaymentToInvoice, lockInvoiceForPayment } from '../../invoicing';
import { applyInvoicePaidEffects } from '../invoice-paid';
import { insertManualPayment } from '../payments.repository';

export interface RecordOfflinePaymentCommand {
  invoiceId: string;
  /** When the money was received; defaults to now. */
  paidAt?: Date;
  /** The payer's reference (transfer id, cheque number). */
  reference?: string;
  note?: string;
}

/**
 * Records the whole amount due as paid. An invoice that takes no payment (draft, paid, void, or
 * nothing due) is refused with DomainError invalid_state (409); an unknown one is not_found.
 */
export async function recordOfflinePayment(db: TenantDatabase, command: RecordOfflinePaymentCommand): Promise<{ invoiceId: string; paymentId: string }> {
  const paidAt = command.paidAt ?? new Date();
  return inTransaction(db.pool, async (client) => {
    // The amount due is read under the invoice's lock: what is recorded is exactly what is applied.
    const invoice = await lockInvoiceForPayment(client, command.invoiceId);
    if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
    if (!canTransitionInvoice(invoice.state, 'payment_applied')) {
      throw DomainError.invalidState(`Invoice ${command.invoiceId} is ${invoice.state.status}${invoice.state.amountDue === 0n ? ' with nothing due' : ''} and cannot be marked paid`);
    }
    const due = invoice.state.amountDue;
    // A manual payment is born settled: pending → succeeded in the same breath.
    const state = transitionPayment({ status: 'pending', amount: due, amountRefunded: 0n }, { type: 'succeed', amount: due });
    const paymentId = await insertManualPayment(client, {
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      currency: invoice.currency,
      state,
      amountApplied: due,
      reference: command.reference ?? null,
      note: command.note ?? null,
      paidAt,
    });
    const applied = await applyPaymentToInvoice(client, { invoiceId: invoice.id, amount: due, at: paidAt });
    if (applied.becamePaid) await applyInvoicePaidEffects(client, { id: applied.invoiceId, subscriptionId: applied.subscriptionId });
    return { invoiceId: invoice.id, paymentId };
  });
}
