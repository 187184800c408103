// What a receipt PDF shows: money received by hand, the invoices it paid and the credit it left.
import { isCurrencyCode } from '@nova/domain';
import type { InvoiceDocument } from './invoice-document';

export interface ReceiptAllocationLine {
  invoiceNumber: string;
  amount: bigint;
  /** What the invoice still has due after this receipt. */
  amountDueAfter: bigint;
}

export interface ReceiptDocument {
  tenant: InvoiceDocument['tenant'];
  customer: InvoiceDocument['customer'];
  /** RCT-000042 */
  number: string;
  receivedAt: Date;
  /** The tenant's IANA zone its dates are printed in (default UTC). */
  timeZone?: string;
  currency: string;
  amount: bigint;
  /** How it came in, as printed ("Bank transfer"). */
  method: string;
  reference?: string | null;
  allocations: ReceiptAllocationLine[];
  /** Of this receipt, kept as credit on the customer's balance. */
  overpayment: bigint;
  /** The customer's credit balance in the receipt's currency now. */
  creditBalance: bigint;
  note?: string | null;
}

/** Rejects input that would render as a subtly wrong document. */
export function assertValidReceiptDocument(doc: ReceiptDocument): void {
  const fail = (field: string, problem: string) => {
    throw new Error(`Invalid receipt document: ${field} ${problem}`);
  };
  if (!doc.tenant?.name?.trim()) fail('tenant.name', 'must be a non-empty string');
  if (!doc.customer?.name?.trim()) fail('customer.name', 'must be a non-empty string');
  if (!doc.number?.trim()) fail('number', 'must be a non-empty string');
  if (!isCurrencyCode(doc.currency)) fail('currency', `is not an ISO 4217 code: ${JSON.stringify(doc.currency)}`);
  if (!(doc.receivedAt instanceof Date) || Number.isNaN(doc.receivedAt.getTime())) fail('receivedAt', 'must be a valid Date');
  for (const field of ['amount', 'overpayment', 'creditBalance'] as const) if (typeof doc[field] !== 'bigint') fail(field, 'must be a bigint');
}
