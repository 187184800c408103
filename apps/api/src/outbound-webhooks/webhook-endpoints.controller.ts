import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateWebhookEndpoint, RotateWebhookSecret, UpdateWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from '@nova/events';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey, TenantAdmin } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';
import {
  CreateWebhookEndpointDto,
  ListWebhookDeliveriesQuery,
  UpdateWebhookEndpointDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto';

/**
 * The tenant's webhook endpoints (Stripe's): tenant administration, for owners and admins or a
 * full-scope API key (an integration registers its own receiver, as with Stripe's secret keys).
 */
@ApiTags('Webhook endpoints')
@TenantAdmin()
@AllowApiKey()
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly createEndpoint: CreateWebhookEndpoint,
    private readonly updateEndpoint: UpdateWebhookEndpoint,
    private readonly rotateSecret: RotateWebhookSecret,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto, description: 'The endpoint, with its signing secret (shown only here)' })
  @ApiOperation({ summary: 'Create a webhook endpoint' })
  @ApiErrors(422)
  create(@Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    return this.createEndpoint.execute(body);
  }

  @Get()
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @ApiOperation({ summary: 'List webhook endpoints' })
  async list(@Query() query: PageQuery): Promise<WebhookEndpointPageDto> {
    return { object: 'list', ...(await listWebhookEndpoints(await this.tenantDb.connection(), pageRequest(query))) };
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiOperation({ summary: 'Get a webhook endpoint' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<WebhookEndpointDto> {
    return getWebhookEndpoint(await this.tenantDb.connection(), id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiOperation({ summary: 'Update a webhook endpoint (URL, events, description, enabled)' })
  update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    return this.updateEndpoint.execute({ ...body, id });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted with its delivery log; the events stay in /api/events' })
  @ApiOperation({ summary: 'Delete a webhook endpoint' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteWebhookEndpoint(await this.tenantDb.connection(), id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto, description: 'The new secret (shown only here); the previous one keeps signing alongside until previousSecretExpiresAt' })
  @ApiOperation({ summary: "Rotate a webhook endpoint's signing secret" })
  rotate(@Param('id', ParseUuidPipe) id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.rotateSecret.execute({ id });
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiOperation({ summary: "A webhook endpoint's delivery log (each event's status, latest response code, duration, attempts, error)" })
  async deliveries(@Param('id', ParseUuidPipe) id: string, @Query() query: ListWebhookDeliveriesQuery): Promise<WebhookDeliveryPageDto> {
    const page = await listWebhookDeliveries(await this.tenantDb.connection(), { ...pageRequest(query), endpointId: id, eventId: query.eventId, status: query.status });
    return { object: 'list', ...page };
  }
}
