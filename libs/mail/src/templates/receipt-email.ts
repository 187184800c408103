import { formatDate } from '@nova/documents';
import { plainLetter } from './plain-letter';
import type { RenderedEmail } from './invoice-email';

export interface ReceiptEmailInput {
  tenantName: string;
  customerName: string;
  /** RCT-000012 */
  number: string;
  /** What was received, e.g. "KES 12,000.00" (see formatAmount). */
  amountFormatted: string;
  receivedAt: Date;
  /** The invoices it paid, as printed ("INV-000041"). */
  invoiceNumbers: string[];
  /** What it left as credit on the customer's balance, when anything. */
  creditFormatted: string | null;
}

/** The e-mail that carries a receipt PDF to the customer: what was received, what it paid, what it left as credit. */
export function receiptEmail(input: ReceiptEmailInput): RenderedEmail {
  const subject = `Receipt ${input.number} from ${input.tenantName}`.replace(/\s+/g, ' ').trim();
  const paragraphs = [
    `Thank you: ${input.tenantName} received ${input.amountFormatted} from you on ${formatDate(input.receivedAt)} (receipt ${input.number}).`,
    ...(input.invoiceNumbers.length > 0 ? [`It paid invoice${input.invoiceNumbers.length > 1 ? 's' : ''} ${input.invoiceNumbers.join(', ')}.`] : []),
    ...(input.creditFormatted ? [`${input.creditFormatted} was credited to your account and will be used on your next invoices.`] : []),
    'The receipt is attached as a PDF.',
  ];
  return { subject, ...plainLetter(`Dear ${input.customerName},`, paragraphs, input.tenantName) };
}
