import { escapeHtml } from './escape-html';
import type { RenderedEmail } from './invoice-email';

export interface LowBalanceEmailInput {
  tenantName: string;
  customerName: string;
  /** e.g. "NGN 120.50" */
  balanceFormatted: string;
  thresholdFormatted: string;
  numbers: string[];
}

/** Tells a prepaid customer (and the tenant, in copy) that the balance fell below the threshold. */
export function lowBalanceEmail(input: LowBalanceEmailInput): RenderedEmail {
  const subject = `Low prepaid balance: ${input.balanceFormatted}`.replace(/\s+/g, ' ');
  const numbers = input.numbers.length > 0 ? input.numbers.join(', ') : 'your account';
  const text = [
    `Dear ${input.customerName},`,
    '',
    `The prepaid balance for ${numbers} is ${input.balanceFormatted}, below ${input.thresholdFormatted}.`,
    'Please top up to keep your calls going.',
    '',
    input.tenantName,
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933">
<p>Dear ${e(input.customerName)},</p>
<p>The prepaid balance for ${e(numbers)} is <strong>${e(input.balanceFormatted)}</strong>, below ${e(input.thresholdFormatted)}.</p>
<p>Please top up to keep your calls going.</p>
<p>${e(input.tenantName)}</p>
</body></html>
`;
  return { subject, text, html };
}
