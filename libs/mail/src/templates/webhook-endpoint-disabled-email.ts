import { escapeHtml } from './escape-html';
import type { RenderedEmail } from './invoice-email';

export interface WebhookEndpointDisabledEmailInput {
  userName: string;
  tenantName: string;
  url: string;
}

/** Tells a tenant owner that the platform disabled one of their webhook endpoints after days of failures. */
export function webhookEndpointDisabledEmail(input: WebhookEndpointDisabledEmailInput): RenderedEmail {
  const subject = `A ${input.tenantName} webhook endpoint was disabled`;
  const what = `Every delivery to your webhook endpoint ${input.url} has failed for 3 days, so NovaBilling stopped sending events to it.`;
  const advice = 'Fix the receiver, enable the endpoint again (PATCH /api/webhook-endpoints/{id} with "enabled": true), then replay what it missed from GET /api/events or POST /api/events/{id}/resend.';
  const text = [`Dear ${input.userName},`, '', what, advice, '', 'NovaBilling', ''].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html><body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933">
<p>Dear ${e(input.userName)},</p>
<p>${e(what)}</p>
<p>${e(advice)}</p>
<p>NovaBilling</p>
</body></html>
`;
  return { subject, text, html };
}
