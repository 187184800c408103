// How money received is spread over a customer's invoices: oldest first, or in amounts the payer
// named. Every application of money (a receipt, an invoice marked paid, a provider's payment) is
// a list of allocations; what is left is an overpayment, kept as credit on the customer's balance.
// Pure: the caller passes the invoices as it read them under lock.
import { DomainError } from '../errors';

/** The ways money can come in by hand (a receipt's `method`). */
export const RECEIPT_METHODS = ['cash', 'bank_transfer', 'mpesa_paybill', 'cheque', 'other'] as const;
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number];

/** Receipts are numbered RCT-000001, RCT-000002 … per tenant. */
export const RECEIPT_NUMBER_PREFIX = 'RCT-';

/** A payer's reference (transfer id, M-Pesa receipt, cheque number): this long at most. */
export const RECEIPT_REFERENCE_MAX_LENGTH = 200;

/** A receipt's note: this long at most. */
export const RECEIPT_NOTE_MAX_LENGTH = 1000;

/** At most this many explicit allocations in one receipt. */
export const MAX_ALLOCATIONS = 100;

export interface InvoiceToAllocate {
  readonly id: string;
  readonly currency: string;
  /** What the invoice still takes: 0 for one that takes no payment (paid, void, draft). */
  readonly amountDue: bigint;
}

export interface Allocation {
  readonly invoiceId: string;
  readonly amount: bigint;
}

export type AllocationInstruction = { readonly kind: 'oldest_first' } | { readonly kind: 'explicit'; readonly allocations: readonly Allocation[] };

export interface AllocationPlan {
  readonly allocations: Allocation[];
  /** Money received beyond what was allocated: the customer's credit. */
  readonly overpayment: bigint;
}

/**
 * Oldest first: `invoices` in the order to pay them (oldest first); each in the payment's
 * currency takes up to what it has due until the money runs out. Explicit: each named amount,
 * refused (naming `allocations[i].…`) if it is not positive, names an invoice twice or one not
 * given, is in another currency, or exceeds what is due; all together at most the payment.
 */
export function planAllocation(payment: { amount: bigint; currency: string }, invoices: readonly InvoiceToAllocate[], instruction: AllocationInstruction): AllocationPlan {
  if (payment.amount <= 0n) throw DomainError.validation('amount', 'must be positive');
  return instruction.kind === 'oldest_first' ? oldestFirst(payment, invoices) : explicit(payment, invoices, instruction.allocations);
}

function oldestFirst(payment: { amount: bigint; currency: string }, invoices: readonly InvoiceToAllocate[]): AllocationPlan {
  let left = payment.amount;
  const allocations: Allocation[] = [];
  for (const invoice of invoices) {
    if (left === 0n) break;
    if (invoice.currency !== payment.currency || invoice.amountDue <= 0n) continue;
    const amount = invoice.amountDue < left ? invoice.amountDue : left;
    allocations.push({ invoiceId: invoice.id, amount });
    left -= amount;
  }
  return { allocations, overpayment: left };
}

function explicit(payment: { amount: bigint; currency: string }, invoices: readonly InvoiceToAllocate[], requested: readonly Allocation[]): AllocationPlan {
  if (requested.length === 0) throw DomainError.validation('allocations', 'must name at least one invoice');
  if (requested.length > MAX_ALLOCATIONS) throw DomainError.validation('allocations', `must name at most ${MAX_ALLOCATIONS} invoices`);
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  const seen = new Set<string>();
  let total = 0n;
  requested.forEach((allocation, index) => {
    const field = `allocations[${index}]`;
    const invoice = byId.get(allocation.invoiceId);
    if (!invoice) throw DomainError.validation(`${field}.invoiceId`, "is not one of the customer's invoices");
    if (seen.has(invoice.id)) throw DomainError.validation(`${field}.invoiceId`, 'names an invoice already allocated to');
    seen.add(invoice.id);
    if (invoice.currency !== payment.currency) throw DomainError.validation(`${field}.invoiceId`, `is in ${invoice.currency}; the payment is in ${payment.currency}`);
    if (allocation.amount <= 0n) throw DomainError.validation(`${field}.amount`, 'must be positive');
    if (allocation.amount > invoice.amountDue) throw DomainError.validation(`${field}.amount`, `is more than the ${invoice.amountDue} due on the invoice`);
    total += allocation.amount;
  });
  if (total > payment.amount) throw DomainError.validation('allocations', `allocate ${total} but the payment is ${payment.amount}`);
  return { allocations: requested.map((allocation) => ({ invoiceId: allocation.invoiceId, amount: allocation.amount })), overpayment: payment.amount - total };
}

/** Money is recorded as received no earlier than this, and at most a day ahead (time zones), never further. */
export const RECEIPT_EARLIEST = new Date('2000-01-01T00:00:00Z');
const RECEIPT_MAX_AHEAD_MS = 86_400_000;

/** Why `receivedAt` is not a believable time for money received, or null. */
export function receivedAtProblem(receivedAt: Date, now: Date): string | null {
  if (Number.isNaN(receivedAt.getTime())) return 'must be a date';
  if (receivedAt < RECEIPT_EARLIEST) return `must not be before ${RECEIPT_EARLIEST.toISOString()}`;
  if (receivedAt.getTime() > now.getTime() + RECEIPT_MAX_AHEAD_MS) return 'must not be more than a day in the future';
  return null;
}
