import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantDb } from '@nova/tenancy';
import { RATE_DECK_MAX_BYTES, RATE_DECK_MAX_LINES, createRatePlan, deleteRatePlan, getRatePlan, importRateDeck, listRatePlans, updateRatePlan } from '@nova/telecom';
import { AllowApiKey } from '../auth/auth.decorators';
import { ApiCsvUpload } from '../common/openapi';
import { csvUpload, refusalCloses } from './csv-body';
import { CreateRatePlanDto, DeckImportReportDto, RatePlanDto, RatePlanPageDto, UpdateRatePlanDto } from './dto/rate-plan.dto';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Rate plans')
@AllowApiKey()
@Controller('rate-plans')
export class RatePlansController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: RatePlanDto })
  @ApiOperation({ summary: 'Create a rate plan' })
  async create(@Body() body: CreateRatePlanDto): Promise<RatePlanDto> {
    return RatePlanDto.of(await createRatePlan(await this.tenantDb.connection(), body));
  }

  @Get()
  @ApiOkResponse({ type: RatePlanPageDto })
  @ApiOperation({ summary: 'List rate plans, newest first (cursor pagination)' })
  async list(@Query() query: PageQuery): Promise<RatePlanPageDto> {
    return listOf(await listRatePlans(await this.tenantDb.connection(), pageRequest(query)), (plan) => RatePlanDto.of(plan));
  }

  @Get(':id')
  @ApiOkResponse({ type: RatePlanDto, description: 'With destinations (and their prefixes) and rates' })
  @ApiOperation({ summary: 'Get a rate plan with destinations and rates' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<RatePlanDto> {
    return RatePlanDto.of(await getRatePlan(await this.tenantDb.connection(), { planId: id }));
  }

  @Patch(':id')
  @ApiOkResponse({ type: RatePlanDto })
  @ApiOperation({ summary: 'Update a rate plan' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateRatePlanDto): Promise<RatePlanDto> {
    return RatePlanDto.of(await updateRatePlan(await this.tenantDb.connection(), { planId: id, ...body }));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only plans no account uses)' })
  @ApiOperation({ summary: 'Delete a rate plan' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteRatePlan(await this.tenantDb.connection(), { planId: id });
  }

  @Post(':id/deck')
  @HttpCode(HttpStatus.OK)
  @ApiCsvUpload({ summary: 'Import a rate deck from CSV', columns: 'prefix, destination, rate_per_unit, unit_seconds, initial_increment, subsequent_increment; optional connect_fee, min_cost, max_cost, active_from, timing' })
  @ApiOkResponse({ type: DeckImportReportDto, description: 'Replaces destinations and rates with the deck; bad lines are reported and left out. An empty deck, a wrong header or a deck without one valid line is refused (400, naming the lines) and the plan is left as it was' })
  @ApiPayloadTooLargeResponse({ description: `More than ${RATE_DECK_MAX_LINES} lines or ${RATE_DECK_MAX_BYTES} bytes` })
  importDeck(@Param('id', ParseUuidPipe) id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeckImportReportDto> {
    return refusalCloses(reply, async () => importRateDeck(await this.tenantDb.connection(), { planId: id, deck: await csvUpload(request, RATE_DECK_MAX_BYTES) }));
  }
}
