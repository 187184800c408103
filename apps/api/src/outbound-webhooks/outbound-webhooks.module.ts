import { Module } from '@nestjs/common';
import { EventsModule } from '@nova/events';
import { EventsController } from './events.controller';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

/** Outbound webhooks to the tenant: its endpoints, their delivery logs, its events (apps/api/src/webhooks is the providers' inbound ones). */
@Module({ imports: [EventsModule], controllers: [WebhookEndpointsController, EventsController] })
export class OutboundWebhooksModule {}
