import { formatDate } from '@nova/documents';
import { plainLetter } from './plain-letter';
import type { RenderedEmail } from './invoice-email';

export interface CreditNoteEmailInput {
  tenantName: string;
  customerName: string;
  number: string;
  invoiceNumber: string;
  /** The credit, tax included, e.g. "KES 1,234.50" (see formatAmount). */
  amountFormatted: string;
  issuedAt: Date;
  /** The tenant's IANA zone its dates are written in (default UTC). */
  timeZone?: string;
  /** What it took off the invoice's amount due, when anything. */
  offInvoiceFormatted: string | null;
  /** What it credited to the customer's balance, when anything. */
  toBalanceFormatted: string | null;
}

/** The e-mail that carries a credit note PDF to the customer: what was credited and where it went. */
export function creditNoteEmail(input: CreditNoteEmailInput): RenderedEmail {
  const subject = `Credit note ${input.number} from ${input.tenantName}`.replace(/\s+/g, ' ').trim();
  const where = [
    input.offInvoiceFormatted && `${input.offInvoiceFormatted} was taken off what is due on invoice ${input.invoiceNumber}`,
    input.toBalanceFormatted && `${input.toBalanceFormatted} was credited to your account and will be used on your next invoices`,
  ].filter((part): part is string => Boolean(part));
  const summary = `${input.tenantName} has issued credit note ${input.number} for ${input.amountFormatted} against invoice ${input.invoiceNumber} on ${formatDate(input.issuedAt, input.timeZone)}.`;
  return { subject, ...plainLetter(`Dear ${input.customerName},`, [summary, ...where.map((part) => `${part}.`), 'The credit note is attached as a PDF.'], input.tenantName) };
}
