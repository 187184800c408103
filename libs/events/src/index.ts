// Outbound webhooks to the tenant (Stripe's events and webhook endpoints): the outbox every context
// writes to in its own transaction (recordEvent), the endpoints, the relay and the delivery log.
// Tables: events, webhook_endpoints, webhook_deliveries (owned here).
export * from './event-envelope';
export * from './record-event';
export * from './signature';
export { postWebhook, type WebhookPost, type WebhookPostResult } from './webhook-sender';
export { WebhookSecrets, newSigningSecret } from './webhook-secrets';
export * from './webhook-endpoint.view';
export type { DeliveryStatus } from './webhook-deliveries.repository';
export * from './use-cases/webhook-endpoints';
export * from './use-cases/events';
export * from './use-cases/relay-events';
export * from './use-cases/deliver-webhooks';
export * from './use-cases/notify-endpoint-disabled';
export * from './events.module';
