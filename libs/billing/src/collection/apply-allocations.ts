// The one path money takes onto invoices, whoever received it (a receipt, an invoice marked paid,
// a provider's settled payment): the allocations are recorded, each invoice takes its amount
// through the invoice state machine (with the follow-up of an invoice becoming paid), and an
// overpayment becomes credit on the customer's balance. Inside the caller's transaction; the
// caller decided the allocations under the invoices' locks (planAllocation, or settlement's rules).
import type { PoolClient } from 'pg';
import type { Allocation } from '@nova/domain';
import { recordBalanceTransaction } from '../customers';
import { applyPaymentToInvoice } from '../invoicing';
import { applyInvoicePaidEffects } from './invoice-paid';
import { insertPaymentAllocations } from './payments.repository';

export interface PaymentToApply {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
}

export async function applyAllocations(client: PoolClient, payment: PaymentToApply, plan: { allocations: readonly Allocation[]; overpayment: bigint }, at: Date): Promise<void> {
  await insertPaymentAllocations(client, payment.id, plan.allocations);
  for (const allocation of plan.allocations) {
    const applied = await applyPaymentToInvoice(client, { invoiceId: allocation.invoiceId, amount: allocation.amount, at });
    // Dunning recovered, a past-due subscription active again: however the invoice was paid.
    if (applied.becamePaid) await applyInvoicePaidEffects(client, { id: applied.invoiceId, subscriptionId: applied.subscriptionId });
  }
  if (plan.overpayment > 0n) {
    await recordBalanceTransaction(client, { customerId: payment.customerId, currency: payment.currency, amount: plan.overpayment, type: 'overpayment', paymentId: payment.id });
  }
}
