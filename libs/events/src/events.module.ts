import { Global, Module } from '@nestjs/common';
import { DeliverWebhooks } from './use-cases/deliver-webhooks';
import { NotifyEndpointDisabled } from './use-cases/notify-endpoint-disabled';
import { CreateWebhookEndpoint, RotateWebhookSecret, UpdateWebhookEndpoint } from './use-cases/webhook-endpoints';
import { WebhookSecrets } from './webhook-secrets';

/**
 * The injectable use cases of outbound webhooks (they need the cipher, config or mail); the rest
 * are functions. The cipher comes from BillingModule's PaymentsModule, the mailer from MailModule.
 */
const providers = [WebhookSecrets, CreateWebhookEndpoint, UpdateWebhookEndpoint, RotateWebhookSecret, DeliverWebhooks, NotifyEndpointDisabled];

@Global()
@Module({ providers, exports: providers })
export class EventsModule {}
