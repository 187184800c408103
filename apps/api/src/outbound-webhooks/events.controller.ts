import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { getEvent, listEvents, resendEvent } from '@nova/events';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey, TenantAdmin } from '../auth/auth.decorators';
import { pageRequest } from '../common/pagination';
import { EventDto, EventPageDto, ListEventsQuery, ResendEventDto, ResentDeliveriesDto } from './dto/webhook-endpoint.dto';

/** The tenant's events, newest first: what its webhook endpoints were (or would have been) sent. */
@ApiTags('Events')
@AllowApiKey()
@Controller('events')
export class EventsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Get()
  @ApiOkResponse({ type: EventPageDto })
  @ApiOperation({ summary: 'List events (filter by type and created range) to replay what a receiver missed' })
  async list(@Query() query: ListEventsQuery): Promise<EventPageDto> {
    return { object: 'list', ...(await listEvents(await this.tenantDb.connection(), { ...pageRequest(query), type: query.type })) };
  }

  @Get(':id')
  @ApiOkResponse({ type: EventDto })
  @ApiOperation({ summary: 'Get an event' })
  async get(@Param('id') id: string): Promise<EventDto> {
    return getEvent(await this.tenantDb.connection(), id);
  }

  @Post(':id/resend')
  @TenantAdmin()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ResentDeliveriesDto })
  @ApiOperation({ summary: 'Send an event again, to every subscribed endpoint or to one' })
  async resend(@Param('id') id: string, @Body() body: ResendEventDto): Promise<ResentDeliveriesDto> {
    const data = await resendEvent(await this.tenantDb.connection(), { eventId: id, endpointId: body.endpointId });
    return { object: 'list', data, hasMore: false };
  }
}
