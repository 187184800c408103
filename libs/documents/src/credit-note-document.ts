// What a credit note PDF shows: the invoice it credits, how much (and the tax inside it), and
// where the credit went: off what was due, onto the customer's balance.
import { isCurrencyCode } from '@nova/domain';
import type { InvoiceDocument, InvoiceDocumentTaxLine } from './invoice-document';

export interface CreditNoteDocument {
  tenant: InvoiceDocument['tenant'];
  customer: InvoiceDocument['customer'];
  /** CN-000042 */
  number: string;
  invoiceNumber: string;
  issuedAt: Date;
  /** The tenant's IANA zone its dates are printed in (default UTC). */
  timeZone?: string;
  currency: string;
  amount: bigint;
  taxAmount: bigint;
  /** taxAmount per component ("CGST 9%"); absent or empty: one "Tax" row. */
  taxLines?: InvoiceDocumentTaxLine[];
  /** Taken off the invoice's amount due. */
  prePaymentAmount: bigint;
  /** What did not lower the amount due: to the balance, unless split below. */
  postPaymentAmount: bigint;
  /** Stripe's split of postPaymentAmount; absent: all of it to the balance. */
  split?: { creditAmount: bigint; refundAmount: bigint; outOfBandAmount: bigint; refundStatus: 'pending' | 'succeeded' | 'failed' | null };
  /** A per-line note's lines: what each invoice line credited, tax included. */
  lines?: { description: string; quantity: number | null; amount: bigint; taxAmount: bigint }[];
  /** As printed ("Product unsatisfactory"). */
  reason: string;
  memo?: string | null;
  /** A voided credit note says so. */
  voidedAt?: Date | null;
}

/** Rejects input that would render as a subtly wrong document. */
export function assertValidCreditNoteDocument(doc: CreditNoteDocument): void {
  const fail = (field: string, problem: string) => {
    throw new Error(`Invalid credit note document: ${field} ${problem}`);
  };
  if (!doc.tenant?.name?.trim()) fail('tenant.name', 'must be a non-empty string');
  if (!doc.customer?.name?.trim()) fail('customer.name', 'must be a non-empty string');
  if (!doc.number?.trim()) fail('number', 'must be a non-empty string');
  if (!isCurrencyCode(doc.currency)) fail('currency', `is not an ISO 4217 code: ${JSON.stringify(doc.currency)}`);
  if (!(doc.issuedAt instanceof Date) || Number.isNaN(doc.issuedAt.getTime())) fail('issuedAt', 'must be a valid Date');
  for (const field of ['amount', 'taxAmount', 'prePaymentAmount', 'postPaymentAmount'] as const) if (typeof doc[field] !== 'bigint') fail(field, 'must be a bigint');
  if (doc.prePaymentAmount + doc.postPaymentAmount !== doc.amount) fail('amount', 'must be what it took off the invoice plus what it credited to the balance');
  if (doc.split && doc.split.creditAmount + doc.split.refundAmount + doc.split.outOfBandAmount !== doc.postPaymentAmount) fail('split', 'must add up to postPaymentAmount');
  const lines = doc.lines ?? [];
  if (lines.length > 0 && lines.reduce((sum, line) => sum + line.amount, 0n) !== doc.amount) fail('lines', 'must add up to amount');
  const taxLines = doc.taxLines ?? [];
  taxLines.forEach((line, index) => {
    if (!line.label?.trim()) fail(`taxLines[${index}].label`, 'must be a non-empty string');
    if (typeof line.amount !== 'bigint') fail(`taxLines[${index}].amount`, 'must be a bigint');
  });
  if (taxLines.length > 0 && taxLines.reduce((sum, line) => sum + line.amount, 0n) !== doc.taxAmount) fail('taxLines', 'must add up to taxAmount');
}
