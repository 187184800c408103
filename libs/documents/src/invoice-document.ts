import { isCurrencyCode } from '@nova/domain';

/** One line of an invoice; amounts are integer minor units of the invoice currency. */
export interface InvoiceDocumentLine {
  description: string;
  quantity: number;
  unitAmount: bigint;
  amount: bigint;
  periodStart?: Date | null;
  periodEnd?: Date | null;
}

/** One tax row of the totals, e.g. "CGST 9%" and its amount. */
export interface InvoiceDocumentTaxLine {
  label: string;
  amount: bigint;
}

/** Everything an invoice PDF shows, already resolved: the renderer does no look-ups and no arithmetic. */
export interface InvoiceDocument {
  /** taxIds: printed registrations, e.g. "GSTIN 29AABCU9603R1ZJ". */
  tenant: { name: string; email?: string | null; address?: string | null; taxIds?: string[] };
  customer: { name: string; email: string; address?: string | null; taxIds?: string[] };
  /** A tax invoice's title word ("Tax invoice"); "Invoice" when absent. */
  title?: string;
  /** GST: the place of supply, e.g. "29 Karnataka". */
  placeOfSupply?: string | null;
  /** The tax per component and rate; absent or empty: one "Tax" row with `tax`. */
  taxLines?: InvoiceDocumentTaxLine[];
  /** The legend a sale without tax needs (export, exemption, reverse charge). */
  taxNote?: string | null;
  number: string;
  status: string;
  currency: string;
  issuedAt: Date;
  dueAt: Date;
  /** The tenant's IANA zone its dates are printed in (default UTC). */
  timeZone?: string;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  lines: InvoiceDocumentLine[];
  subtotal: bigint;
  tax: bigint;
  total: bigint;
  amountPaid: bigint;
  /** Money returned by refunds of its payments (shown only when there is some). */
  amountRefunded?: bigint;
  amountDue: bigint;
  /** The customer's credit settled at finalization (see the invoice's creditApplied; shown only when not zero). */
  creditApplied?: bigint;
  memo?: string | null;
}

export class InvalidInvoiceDocumentError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`Invalid invoice document: ${field} ${problem}`);
  }
}

/** Rejects input that would otherwise render as a subtly wrong document ("Invalid Date", "NaN"). */
export function assertValidInvoiceDocument(doc: InvoiceDocument): void {
  requireText('tenant.name', doc.tenant?.name);
  requireText('customer.name', doc.customer?.name);
  requireText('number', doc.number);
  if (!isCurrencyCode(doc.currency)) throw new InvalidInvoiceDocumentError('currency', `is not an ISO 4217 code: ${JSON.stringify(doc.currency)}`);
  requireDate('issuedAt', doc.issuedAt);
  requireDate('dueAt', doc.dueAt);
  optionalDate('periodStart', doc.periodStart);
  optionalDate('periodEnd', doc.periodEnd);
  for (const field of ['subtotal', 'tax', 'total', 'amountPaid', 'amountDue'] as const) requireBigint(field, doc[field]);
  if (doc.amountRefunded !== undefined) requireBigint('amountRefunded', doc.amountRefunded);
  if (doc.creditApplied !== undefined) requireBigint('creditApplied', doc.creditApplied);
  (doc.taxLines ?? []).forEach((line, index) => {
    requireText(`taxLines[${index}].label`, line.label);
    requireBigint(`taxLines[${index}].amount`, line.amount);
  });
  if (!Array.isArray(doc.lines)) throw new InvalidInvoiceDocumentError('lines', 'must be an array');
  doc.lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    if (typeof line.description !== 'string') throw new InvalidInvoiceDocumentError(`${at}.description`, 'must be a string');
    if (!Number.isFinite(line.quantity)) throw new InvalidInvoiceDocumentError(`${at}.quantity`, 'must be a finite number');
    requireBigint(`${at}.unitAmount`, line.unitAmount);
    requireBigint(`${at}.amount`, line.amount);
    optionalDate(`${at}.periodStart`, line.periodStart);
    optionalDate(`${at}.periodEnd`, line.periodEnd);
  });
}

function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInvoiceDocumentError(field, 'must be a non-empty string');
}

function requireDate(field: string, value: unknown): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidInvoiceDocumentError(field, 'must be a valid Date');
}

function optionalDate(field: string, value: unknown): void {
  if (value !== null && value !== undefined) requireDate(field, value);
}

function requireBigint(field: string, value: unknown): void {
  if (typeof value !== 'bigint') throw new InvalidInvoiceDocumentError(field, 'must be a bigint amount of minor units');
}
