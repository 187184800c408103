import type { WebhookEndpointRow } from './webhook-endpoints.repository';
import type { DeliveryRow } from './webhook-deliveries.repository';

/** A webhook endpoint as the API shows it (never its secret, which is shown once on create and rotate). */
export interface WebhookEndpointView {
  readonly object: 'webhook_endpoint';
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  readonly enabledEvents: string[];
  readonly enabled: boolean;
  /** Why the platform disabled it (failing for 3 days), or null. */
  readonly disabledReason: string | null;
  /** After a rotation: until when the previous secret still signs alongside; null when none does. */
  readonly previousSecretExpiresAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function webhookEndpointView(row: WebhookEndpointRow, now = new Date()): WebhookEndpointView {
  const overlapping = row.previousSealedSecret !== null && row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now;
  return {
    object: 'webhook_endpoint',
    id: row.id,
    url: row.url,
    description: row.description,
    enabledEvents: row.enabledEvents,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    previousSecretExpiresAt: overlapping ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A delivery of one event to one endpoint, with its latest attempt. */
export interface WebhookDeliveryView extends DeliveryRow {
  readonly object: 'webhook_delivery';
}

export function webhookDeliveryView(row: DeliveryRow): WebhookDeliveryView {
  return { object: 'webhook_delivery', ...row };
}
