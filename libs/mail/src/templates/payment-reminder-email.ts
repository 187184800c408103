import { formatDate } from '@nova/documents';
import { escapeHtml } from './escape-html';
import type { RenderedEmail } from './invoice-email';

export interface PaymentReminderEmailInput {
  tenantName: string;
  customerName: string;
  number: string;
  /** What is still due, e.g. "KES 1,234.50" (see formatAmount). */
  amountDueFormatted: string;
  dueDate: Date;
  /** The tenant's IANA zone its dates are written in (default UTC). */
  timeZone?: string;
  /** The schedule day this reminder is for: negative before the due date, 0 on it, positive after. */
  daysFromDue: number;
}

const days = (count: number) => `${count} day${count === 1 ? '' : 's'}`;

/** A reminder that an invoice is about to be due, due today, or overdue; the invoice PDF goes with it. */
export function paymentReminderEmail(input: PaymentReminderEmailInput): RenderedEmail {
  const due = formatDate(input.dueDate, input.timeZone);
  const when =
    input.daysFromDue < 0 ? `is due in ${days(-input.daysFromDue)}, on ${due}` : input.daysFromDue === 0 ? `is due today, ${due}` : `was due on ${due} and is ${days(input.daysFromDue)} overdue`;
  const subject = `${input.daysFromDue > 0 ? 'Overdue' : 'Reminder'}: invoice ${input.number} from ${input.tenantName}`.replace(/\s+/g, ' ').trim();
  const ask = input.daysFromDue > 0 ? 'Please pay it as soon as you can, or tell us if something is wrong with it.' : 'Please make sure it is paid on time.';
  const text = [
    `Dear ${input.customerName},`,
    '',
    `Invoice ${input.number} for ${input.amountDueFormatted} ${when}.`,
    ask,
    'The invoice is attached as a PDF. If you have paid it already, thank you, and please ignore this e-mail.',
    '',
    input.tenantName,
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933">
<p>Dear ${e(input.customerName)},</p>
<p>Invoice <strong>${e(input.number)}</strong> for <strong>${e(input.amountDueFormatted)}</strong> ${e(when)}.</p>
<p>${e(ask)}</p>
<p>The invoice is attached as a PDF. If you have paid it already, thank you, and please ignore this e-mail.</p>
<p>${e(input.tenantName)}</p>
</body></html>
`;
  return { subject, text, html };
}
