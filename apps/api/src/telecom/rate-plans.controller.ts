import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantDb } from '@nova/tenancy';
import { RATE_DECK_MAX_BYTES, RATE_DECK_MAX_LINES, createRatePlan, deleteRatePlan, getRatePlan, importRateDeck, listRatePlans, updateRatePlan } from '@nova/telecom';
import { AllowApiKey } from '../auth/auth.decorators';
import { csvUpload, refusalCloses } from './csv-body';
import { CreateRatePlanDto, DeckImportReportDto, RatePlanDto, UpdateRatePlanDto } from './dto/rate-plan.dto';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Rate plans')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('rate-plans')
export class RatePlansController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: RatePlanDto })
  async create(@Body() body: CreateRatePlanDto): Promise<RatePlanDto> {
    return createRatePlan(await this.tenantDb.connection(), body);
  }

  @Get()
  @ApiOkResponse({ type: [RatePlanDto] })
  async list(): Promise<RatePlanDto[]> {
    return listRatePlans(await this.tenantDb.connection());
  }

  @Get(':id')
  @ApiOkResponse({ type: RatePlanDto, description: 'With destinations (and their prefixes) and rates' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<RatePlanDto> {
    return getRatePlan(await this.tenantDb.connection(), { planId: id });
  }

  @Patch(':id')
  @ApiOkResponse({ type: RatePlanDto })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateRatePlanDto): Promise<RatePlanDto> {
    return updateRatePlan(await this.tenantDb.connection(), { planId: id, ...body });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only plans no account uses)' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteRatePlan(await this.tenantDb.connection(), { planId: id });
  }

  @Post(':id/deck')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiOkResponse({ type: DeckImportReportDto, description: 'Replaces destinations and rates with the deck; bad lines are reported and left out' })
  @ApiPayloadTooLargeResponse({ description: `More than ${RATE_DECK_MAX_LINES} lines or ${RATE_DECK_MAX_BYTES} bytes` })
  importDeck(@Param('id', ParseUuidPipe) id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeckImportReportDto> {
    return refusalCloses(reply, async () => importRateDeck(await this.tenantDb.connection(), { planId: id, deck: await csvUpload(request, RATE_DECK_MAX_BYTES) }));
  }
}
