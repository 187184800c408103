import { formatDate } from '@nova/documents';
import { escapeHtml } from './escape-html';

export interface InvoiceEmailInput {
  tenantName: string;
  customerName: string;
  number: string;
  /** The total as printed on the invoice, e.g. "KES 1,234.50" (see formatAmount). */
  totalFormatted: string;
  dueDate: Date;
  currency: string;
  /** The tenant's IANA zone its dates are written in (default UTC). */
  timeZone?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The e-mail that carries a new invoice PDF to the customer, as plain text and HTML. */
export function invoiceEmail(input: InvoiceEmailInput): RenderedEmail {
  const due = formatDate(input.dueDate, input.timeZone);
  // Header values must stay on one line whatever a tenant typed into its name.
  const subject = singleLine(`Invoice ${input.number} from ${input.tenantName}`);
  const details: [label: string, value: string][] = [
    ['Invoice number', input.number],
    ['Amount', input.totalFormatted],
    ['Due date', due],
  ];

  const text = [
    `Dear ${input.customerName},`,
    '',
    `${input.tenantName} has issued invoice ${input.number} for ${input.totalFormatted}, due on ${due}.`,
    'The invoice is attached to this e-mail as a PDF.',
    '',
    ...details.map(([label, value]) => `${label}: ${value}`),
    '',
    `Please pay in ${input.currency} by ${due}.`,
    '',
    'Thank you for your business,',
    input.tenantName,
    '',
  ].join('\n');

  const e = escapeHtml;
  const rows = details
    .map(([label, value]) => `<tr><td style="padding:4px 16px 4px 0;color:#6b7280">${e(label)}</td><td style="padding:4px 0;font-weight:bold">${e(value)}</td></tr>`)
    .join('');
  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#1f2933">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:32px;border-radius:6px">
<h1 style="margin:0 0 24px;font-size:20px;color:#1e3a8a">${e(input.tenantName)}</h1>
<p>Dear ${e(input.customerName)},</p>
<p>${e(input.tenantName)} has issued invoice <strong>${e(input.number)}</strong> for <strong>${e(input.totalFormatted)}</strong>, due on <strong>${e(due)}</strong>. The invoice is attached to this e-mail as a PDF.</p>
<table style="border-collapse:collapse;margin:16px 0">${rows}</table>
<p>Please pay in ${e(input.currency)} by ${e(due)}.</p>
<p>Thank you for your business,<br>${e(input.tenantName)}</p>
</div>
</body></html>
`;
  return { subject, text, html };
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
