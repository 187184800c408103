// Money received by hand (cash, a bank transfer, an M-Pesa paybill payment, a cheque), recorded
// as a receipt: a manual payment with its own gapless receipt number, allocated across the
// customer's invoices (oldest first, or in amounts the payer named), the rest kept as credit on
// the customer's balance. One transaction.
import type { PoolClient } from 'pg';
import { inTransaction } from '@nova/common';
import {
  type AllocationInstruction,
  type AllocationPlan,
  DomainError,
  MAX_BALANCE_ADJUSTMENT_MINOR,
  RECEIPT_METHODS,
  RECEIPT_NOTE_MAX_LENGTH,
  RECEIPT_NUMBER_PREFIX,
  RECEIPT_REFERENCE_MAX_LENGTH,
  type ReceiptMethod,
  formatInvoiceNumber,
  isCurrencyCode,
  isPayableInvoiceStatus,
  planAllocation,
  receivedAtProblem,
  transitionPayment,
} from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { customerClockTime, customerExists } from '../../customers';
import { type LockedInvoice, lockInvoicesForAllocation } from '../../invoicing';
import { applyAllocations } from '../apply-allocations';
import { recordPaymentEvent } from '../payment-resource';
import { insertManualPayment, takeReceiptSequence } from '../payments.repository';

export interface RecordReceiptCommand {
  customerId: string;
  /** Minor units received. */
  amount: bigint;
  currency: string;
  method: ReceiptMethod;
  /** The payer's reference (transfer id, M-Pesa receipt, cheque number). */
  reference?: string;
  note?: string;
  /** When the money was received; defaults to now for the customer (a test clock's customer: the clock's frozen time, which also bounds it). */
  receivedAt?: Date;
  allocate: AllocationInstruction;
}

export interface RecordedReceipt {
  paymentId: string;
  receiptNumber: string;
  allocations: Array<{ invoiceId: string; amount: bigint }>;
  /** Kept as credit on the customer's balance. */
  overpayment: bigint;
}

/**
 * Refuses bad input naming the field (400): amount, currency, method, reference, note, and
 * allocations that do not fit (planAllocation); an unknown customer is not_found. Nothing is
 * applied unless all of it is.
 */
export async function recordReceipt(db: TenantDatabase, command: RecordReceiptCommand): Promise<RecordedReceipt> {
  validateReceipt(command);
  return inTransaction(db.pool, async (client) => {
    if (!(await customerExists(client, command.customerId))) throw DomainError.notFound('Customer', command.customerId);
    const now = (await customerClockTime(client, command.customerId)) ?? new Date();
    const receivedAtError = command.receivedAt === undefined ? null : receivedAtProblem(command.receivedAt, now);
    if (receivedAtError) throw DomainError.validation('receivedAt', receivedAtError);
    const invoices = await lockInvoicesForAllocation(
      client,
      command.customerId,
      command.allocate.kind === 'explicit' ? { ids: command.allocate.allocations.map((allocation) => allocation.invoiceId) } : { payableIn: command.currency },
    );
    const plan = planAllocation(command, invoices.map(toAllocatable), command.allocate);
    return recordManualPayment(client, { ...command, receivedAt: command.receivedAt ?? now }, plan);
  });
}

/** What a receipt may allocate to an invoice: what it has due while it takes payments, else nothing. */
export function toAllocatable(invoice: LockedInvoice) {
  return { id: invoice.id, currency: invoice.currency, amountDue: isPayableInvoiceStatus(invoice.state.status) ? invoice.state.amountDue : 0n };
}

/**
 * Records a receipt whose allocations were planned under the invoices' locks: takes the next
 * receipt number, writes the payment (born settled) and applies the plan.
 */
export async function recordManualPayment(
  client: PoolClient,
  receipt: Omit<RecordReceiptCommand, 'allocate' | 'receivedAt'> & { receivedAt: Date },
  plan: AllocationPlan,
): Promise<RecordedReceipt> {
  const receiptNumber = formatInvoiceNumber(RECEIPT_NUMBER_PREFIX, await takeReceiptSequence(client));
  const applied = plan.allocations.reduce((sum, allocation) => sum + allocation.amount, 0n);
  // A manual payment is born settled: pending → succeeded in the same breath.
  const state = transitionPayment({ status: 'pending', amount: receipt.amount, amountRefunded: 0n }, { type: 'succeed', amount: receipt.amount });
  const paymentId = await insertManualPayment(client, {
    // The one invoice a single-invoice receipt paid (what refunds and the invoice filter read); the allocations say it all.
    invoiceId: plan.allocations.length === 1 ? plan.allocations[0]!.invoiceId : null,
    customerId: receipt.customerId,
    currency: receipt.currency,
    state,
    amountApplied: applied,
    reference: receipt.reference ?? null,
    note: receipt.note ?? null,
    paidAt: receipt.receivedAt,
    receiptNumber,
    receivedVia: receipt.method,
  });
  await applyAllocations(client, { id: paymentId, customerId: receipt.customerId, currency: receipt.currency }, plan, receipt.receivedAt);
  await recordPaymentEvent(client, 'payment.succeeded', paymentId);
  return { paymentId, receiptNumber, allocations: plan.allocations, overpayment: plan.overpayment };
}

function validateReceipt(command: RecordReceiptCommand): void {
  if (command.amount <= 0n) throw DomainError.validation('amount', 'must be positive');
  if (command.amount > BigInt(MAX_BALANCE_ADJUSTMENT_MINOR)) throw DomainError.validation('amount', `must be at most ${MAX_BALANCE_ADJUSTMENT_MINOR} minor units`);
  if (!isCurrencyCode(command.currency)) throw DomainError.validation('currency', 'must be an ISO 4217 currency code');
  if (!(RECEIPT_METHODS as readonly string[]).includes(command.method)) throw DomainError.validation('method', `must be one of ${RECEIPT_METHODS.join(', ')}`);
  if (command.reference !== undefined && command.reference.length > RECEIPT_REFERENCE_MAX_LENGTH) {
    throw DomainError.validation('reference', `must be at most ${RECEIPT_REFERENCE_MAX_LENGTH} characters`);
  }
  if (command.note !== undefined && command.note.length > RECEIPT_NOTE_MAX_LENGTH) throw DomainError.validation('note', `must be at most ${RECEIPT_NOTE_MAX_LENGTH} characters`);
}
