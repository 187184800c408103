import { formatDate } from '@nova/documents';
import { escapeHtml } from './escape-html';
import type { RenderedEmail } from './invoice-email';

export interface PaymentFailedEmailInput {
  tenantName: string;
  customerName: string;
  number: string;
  /** e.g. "NGN 15,000.00" (see formatAmount). */
  amountFormatted: string;
  /** When the next automatic attempt is made; absent after the last one. */
  nextAttemptAt?: Date;
  /** Said after the last attempt: what happened to the subscription. */
  finalOutcome?: string;
}

/** Tells the customer a payment of an invoice failed, and what happens next. */
export function paymentFailedEmail(input: PaymentFailedEmailInput): RenderedEmail {
  const final = input.nextAttemptAt === undefined;
  const subject = `${final ? 'Final notice: payment' : 'Payment'} failed for invoice ${input.number} from ${input.tenantName}`.replace(/\s+/g, ' ').trim();
  const next = final
    ? `We could not collect it after several attempts. The invoice is now marked uncollectible${input.finalOutcome ? ` and ${input.finalOutcome}` : ''}. Please contact us to settle it.`
    : `We will try again on ${formatDate(input.nextAttemptAt!)}. Please make sure your payment method can be charged, or pay the invoice another way.`;
  const lines = [`Dear ${input.customerName},`, '', `We could not collect ${input.amountFormatted} for invoice ${input.number}.`, next, '', input.tenantName, ''];
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933">
<p>Dear ${e(input.customerName)},</p>
<p>We could not collect <strong>${e(input.amountFormatted)}</strong> for invoice <strong>${e(input.number)}</strong>.</p>
<p>${e(next)}</p>
<p>${e(input.tenantName)}</p>
</body></html>
`;
  return { subject, text: lines.join('\n'), html };
}
