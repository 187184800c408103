import { plainLetter } from './plain-letter';
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
  return { subject, ...plainLetter(`Dear ${input.userName},`, [what, advice], 'NovaBilling') };
}
