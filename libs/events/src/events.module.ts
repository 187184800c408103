import { Global, Module } from '@nestjs/common';
import { CreateWebhookEndpoint, RotateWebhookSecret, UpdateWebhookEndpoint } from './use-cases/webhook-endpoints';
import { WebhookSecrets } from './webhook-secrets';

/**
 * The API's injectable use cases of outbound webhooks (they need the cipher or config; the cipher
 * comes from BillingModule's PaymentsModule); the rest are functions. The worker provides
 * DeliverWebhooks and NotifyEndpointDisabled (with the mailer) itself.
 */
const providers = [WebhookSecrets, CreateWebhookEndpoint, UpdateWebhookEndpoint, RotateWebhookSecret];

@Global()
@Module({ providers, exports: providers })
export class EventsModule {}
