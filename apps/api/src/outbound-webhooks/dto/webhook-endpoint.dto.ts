import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiList, ApiObject } from '../../common/api-object';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ALL_EVENTS, EVENT_TYPES, MAX_WEBHOOK_URL_LENGTH } from '@nova/domain';
import { CreatedPageQuery, PageMeta, PageQuery } from '../../common/pagination';

/** What an endpoint may subscribe to: each event type, or '*' for all. */
const SUBSCRIBABLE = [ALL_EVENTS, ...EVENT_TYPES];
const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://erp.example.com/novabilling/webhooks', maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'Public http(s) URL events are POSTed to (private, loopback and link-local addresses are refused)' })
  @IsString()
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url!: string;

  @ApiProperty({ enum: SUBSCRIBABLE, enumName: 'WebhookEventSelector', isArray: true, example: ['invoice.paid', 'invoice.payment_failed'], description: "Event types to receive, or ['*'] for every type" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @IsIn(SUBSCRIBABLE, { each: true, message: 'enabledEvents must hold event types or *' })
  enabledEvents!: string[];

  @ApiPropertyOptional({ example: 'ERP sync', maxLength: 500 }) @IsOptional() @IsString() @Length(0, 500) description?: string;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ example: 'https://erp.example.com/novabilling/webhooks', maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'Public http(s) URL' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url?: string;

  @ApiPropertyOptional({ enum: SUBSCRIBABLE, enumName: 'WebhookEventSelector', isArray: true, example: ['*'], description: "Event types to receive, or ['*']" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @IsIn(SUBSCRIBABLE, { each: true, message: 'enabledEvents must hold event types or *' })
  enabledEvents?: string[];

  @ApiPropertyOptional({ example: 'ERP sync', maxLength: 500, description: '"" removes it' }) @IsOptional() @IsString() @Length(0, 500) description?: string;

  @ApiPropertyOptional({ description: 'false stops deliveries; true enables it again (also after the platform disabled it)' }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class WebhookEndpointDto extends ApiObject('webhook_endpoint') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: SUBSCRIBABLE, enumName: 'WebhookEventSelector', isArray: true }) enabledEvents!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why the platform disabled it (every delivery failed for 3 days); null otherwise' }) disabledReason!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'After a secret rotation: until when the previous secret still signs alongside the new one' }) previousSecretExpiresAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({ example: 'whsec_…', description: 'The signing secret. Shown only in this response: store it now.' }) secret!: string;
}

export class WebhookEndpointPageDto extends PageMeta {
  @ApiProperty({ type: [WebhookEndpointDto] }) data!: WebhookEndpointDto[];
}

export class WebhookDeliveryDto extends ApiObject('webhook_delivery') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'evt_5f0c3a9e1b2d4c6e8f0a1b2c' }) eventId!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) eventType!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'WebhookDeliveryStatus', description: 'pending: waiting for its next attempt; failed: given up after 3 days, or the endpoint was disabled' }) status!: string;
  @ApiProperty({ type: 'integer', description: 'Attempts made so far' }) attempts!: number;
  @ApiProperty({ nullable: true, type: Date }) nextAttemptAt!: Date | null;
  @ApiProperty({ nullable: true, type: 'integer', description: "The latest attempt's HTTP status (null: no answer)" }) responseStatus!: number | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'Milliseconds the latest attempt took' }) durationMs!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the latest attempt failed' }) error!: string | null;
  @ApiProperty({ nullable: true, type: Date }) lastAttemptAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class WebhookDeliveryPageDto extends PageMeta {
  @ApiProperty({ type: [WebhookDeliveryDto] }) data!: WebhookDeliveryDto[];
}

export class ListWebhookDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'evt_5f0c3a9e1b2d4c6e8f0a1b2c', description: 'Only the deliveries of this event' }) @IsOptional() @IsString() @MaxLength(64) eventId?: string;
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, enumName: 'WebhookDeliveryStatus' }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: (typeof DELIVERY_STATUSES)[number];
}

export class EventDataDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The resource as the API shows it (its `object` field names its type)' }) object!: Record<string, unknown>;
}

export class EventDto extends ApiObject('event') {
  @ApiProperty({ example: 'evt_5f0c3a9e1b2d4c6e8f0a1b2c' }) id!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) type!: string;
  @ApiProperty({ type: 'integer', description: 'When it happened, in Unix seconds' }) created!: number;
  @ApiProperty() livemode!: boolean;
  @ApiProperty({ type: EventDataDto }) data!: EventDataDto;
}

export class EventPageDto extends PageMeta {
  @ApiProperty({ type: [EventDto] }) data!: EventDto[];
}

/** Stripe's replay: filter on type and on the created range (createdGte / createdLt, ISO 8601, like every list). */
export class ListEventsQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ enum: EVENT_TYPES, enumName: 'EventType' }) @IsOptional() @IsIn(EVENT_TYPES) type?: string;
}

export class ResendEventDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only to this endpoint (default: every enabled endpoint subscribed to the event type)' })
  @IsOptional()
  @IsUUID()
  endpointId?: string;
}

export class ResentDeliveriesDto extends ApiList {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'The deliveries now due (sent on the worker\'s next relay tick)' }) data!: WebhookDeliveryDto[];
  @ApiProperty({ description: 'Always false: every delivery scheduled is listed' }) hasMore!: boolean;
}
