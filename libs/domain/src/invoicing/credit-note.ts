// Credit notes (Stripe's model): a credit against a finalized invoice. It first lowers what is
// still due ("pre-payment"); the rest, up to what was paid and kept, becomes credit on the
// customer's balance ("post-payment"). Never more than the invoice's total minus earlier credit
// notes. A credit note can be voided while what it did can still be undone.
import { DomainError } from '../errors';
import { divideRounded } from '../money/rounding';

export const CREDIT_NOTE_REASONS = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory', 'other'] as const;
export type CreditNoteReason = (typeof CREDIT_NOTE_REASONS)[number];
export const CREDIT_NOTE_STATUSES = ['issued', 'void'] as const;
export type CreditNoteStatus = (typeof CREDIT_NOTE_STATUSES)[number];
export const CREDIT_NOTE_MEMO_MAX_LENGTH = 1_000;

/** What of an invoice a credit note looks at. */
export interface CreditableInvoice {
  readonly status: string;
  readonly total: bigint;
  readonly tax: bigint;
  readonly amountDue: bigint;
  readonly amountPaid: bigint;
  readonly amountRefunded: bigint;
  /** Earlier credit notes (not void): what lowered the amount due, and what went to the balance. */
  readonly prePaymentCredited: bigint;
  readonly postPaymentCredited: bigint;
  /** What credit notes refunded through the provider (settled): in amountRefunded and in postPaymentCredited alike, so counted once. */
  readonly refundedByCreditNotes?: bigint;
}

export interface CreditNotePlan {
  readonly amount: bigint;
  /** The tax inside `amount`, in the invoice's proportion of tax to total (rounded half-even). */
  readonly taxAmount: bigint;
  /** Lowers the invoice's amount due. */
  readonly prePaymentAmount: bigint;
  /** Credited to the customer's balance. */
  readonly postPaymentAmount: bigint;
}

const CREDITABLE_STATUSES = ['open', 'paid', 'uncollectible'];

/** Whether an invoice in this status takes credit notes: finalized ones only (not draft, not void). */
export function isCreditableInvoiceStatus(status: string): boolean {
  return CREDITABLE_STATUSES.includes(status);
}

/** What is left to credit on an invoice: its total minus earlier credit notes (not void). */
export function creditableAmount(invoice: Pick<CreditableInvoice, 'total' | 'prePaymentCredited' | 'postPaymentCredited'>): bigint {
  return invoice.total - invoice.prePaymentCredited - invoice.postPaymentCredited;
}

/** How a credit note of `amount` (the whole creditable rest when undefined) splits; refusals name `field`. */
export function planCreditNote(invoice: CreditableInvoice, amount: bigint | undefined, field = 'amount'): CreditNotePlan {
  if (!isCreditableInvoiceStatus(invoice.status)) throw DomainError.invalidState(`a ${invoice.status} invoice takes no credit note: only finalized ones do`);
  const creditable = creditableAmount(invoice);
  const credited = amount ?? creditable;
  if (credited <= 0n) throw DomainError.validation(field, creditable <= 0n ? 'nothing is left to credit on this invoice' : 'must be more than zero');
  if (credited > creditable) throw DomainError.validation(field, `must be at most ${creditable}, what is left to credit on the invoice`);
  const prePaymentAmount = credited < invoice.amountDue ? credited : invoice.amountDue;
  const postPaymentAmount = credited - prePaymentAmount;
  const kept = invoice.amountPaid - (invoice.amountRefunded - (invoice.refundedByCreditNotes ?? 0n)) - invoice.postPaymentCredited;
  if (postPaymentAmount > kept) throw DomainError.validation(field, `only ${prePaymentAmount + (kept > 0n ? kept : 0n)} can be credited: the rest was never paid or was refunded`);
  const taxAmount = invoice.total > 0n ? divideRounded(credited * invoice.tax, invoice.total, 'half-even') : 0n;
  return { amount: credited, taxAmount, prePaymentAmount, postPaymentAmount };
}

/**
 * Why a credit note cannot be voided now, or null: it is void already; it lowered an amount due
 * on an invoice that is no longer open (paid or written off since); it refunded money or
 * recorded money given back outside NovaBilling (neither can be taken back); or the credit it
 * put on the balance (`creditAmount`, all of the post-payment part on older notes) has been used.
 */
export function creditNoteVoidRefusal(
  note: { status: CreditNoteStatus; prePaymentAmount: bigint; postPaymentAmount: bigint; creditAmount?: bigint; refundAmount?: bigint; outOfBandAmount?: bigint },
  invoiceStatus: string,
  creditHeld: bigint,
): string | null {
  if (note.status === 'void') return 'the credit note is void already';
  if (note.prePaymentAmount > 0n && !['open', 'uncollectible'].includes(invoiceStatus)) return `its invoice is ${invoiceStatus} now: the amount it lowered cannot be due again`;
  if ((note.refundAmount ?? 0n) > 0n) return 'it refunded money through the payment provider';
  if ((note.outOfBandAmount ?? 0n) > 0n) return 'it records money given back outside NovaBilling';
  if ((note.creditAmount ?? note.postPaymentAmount) > creditHeld) return "the credit it gave has been used from the customer's balance";
  return null;
}
