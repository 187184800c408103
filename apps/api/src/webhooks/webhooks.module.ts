import { Module } from '@nestjs/common';
import { ReceiveWebhook } from '@nova/billing';
import { WebhooksController } from './webhooks.controller';

@Module({ controllers: [WebhooksController], providers: [ReceiveWebhook], exports: [ReceiveWebhook] })
export class WebhooksModule {}
