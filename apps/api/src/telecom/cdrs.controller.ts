import { DomainError } from '@nova/domain';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantDb } from '@nova/tenancy';
import { CDR_UPLOAD_MAX_BYTES, CDR_UPLOAD_MAX_ROWS, IngestCdrs, RetryCdrs, exportCdrs, getCdr, getCdrStatistics, listCdrs, listTopDestinations } from '@nova/telecom';
import { AllowApiKey } from '../auth/auth.decorators';
import { ApiCsvUpload } from '../common/openapi';
import { pageRequest } from '../common/pagination';
import { csvUpload, refusalCloses } from './csv-body';
import {
  CdrBatchDto,
  CdrDto,
  CdrFilterQuery,
  CdrInputDto,
  CdrPageDto,
  CdrStatisticsDto,
  IngestResultDto,
  ListCdrsQuery,
  RetryCdrsDto,
  RetryResultDto,
  TopDestinationDto,
  TopDestinationsQuery,
} from './dto/cdr.dto';

const parseId = (id: string) => {
  if (!/^\d{1,18}$/.test(id)) throw DomainError.validation('id', 'must be a CDR id');
  return id;
};

@ApiTags('CDRs')
@AllowApiKey()
@Controller('cdrs')
export class CdrsController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly ingest: IngestCdrs,
    private readonly retryCdrs: RetryCdrs,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBody({ type: CdrInputDto })
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'Stored; rated by the worker' })
  @ApiBadRequestResponse({ description: 'The CDR is refused; `fields` names what is wrong' })
  @ApiOperation({ summary: 'Send one CDR' })
  async ingestOne(@Body() body: unknown): Promise<IngestResultDto> {
    return this.ingest.execute(await this.tenantDb.connection(), { one: body });
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'Up to 10,000 CDRs; re-sent ones count as duplicates' })
  @ApiOperation({ summary: 'Send a batch of up to 10,000 CDRs' })
  async ingestBatch(@Body() body: CdrBatchDto): Promise<IngestResultDto> {
    return this.ingest.execute(await this.tenantDb.connection(), { batch: body.cdrs });
  }

  @Post('upload')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiCsvUpload({ summary: 'Upload CDRs as CSV', columns: 'id, caller_number, called_number, started_at, duration_seconds' })
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'Stored; rated by the worker. Re-sent CDRs count as duplicates' })
  @ApiPayloadTooLargeResponse({ description: `More than ${CDR_UPLOAD_MAX_ROWS} CDRs or ${CDR_UPLOAD_MAX_BYTES} bytes` })
  upload(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IngestResultDto> {
    return refusalCloses(reply, async () => this.ingest.execute(await this.tenantDb.connection(), { csv: await csvUpload(request, CDR_UPLOAD_MAX_BYTES) }));
  }

  @Get()
  @ApiOkResponse({ type: CdrPageDto })
  @ApiOperation({ summary: 'List CDRs' })
  async list(@Query() query: ListCdrsQuery): Promise<CdrPageDto> {
    return listOf(await listCdrs(await this.tenantDb.connection(), { ...query, ...pageRequest(query) }), (cdr) => CdrDto.of(cdr));
  }

  @Get('export')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Matching CDRs as CSV, streamed', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Export CDRs as CSV' })
  async export(@Query() query: CdrFilterQuery, @Res() reply: FastifyReply): Promise<void> {
    const stream = await exportCdrs(await this.tenantDb.connection(), query);
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cdrs.csv"').send(stream);
  }

  @Get('statistics')
  @ApiOkResponse({ type: CdrStatisticsDto })
  @ApiOperation({ summary: 'CDR totals by status and unratable reasons' })
  async statistics(@Query() query: CdrFilterQuery): Promise<CdrStatisticsDto> {
    return CdrStatisticsDto.of(await getCdrStatistics(await this.tenantDb.connection(), query));
  }

  @Post('retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RetryResultDto, description: 'Re-rates unbilled CDRs matching the filters; balances and usage change by the difference only' })
  @ApiOperation({ summary: 'Re-rate unbilled CDRs matching filters' })
  async retryMany(@Body() body: RetryCdrsDto): Promise<RetryResultDto> {
    return this.retryCdrs.execute(await this.tenantDb.connection(), { filter: body });
  }

  @Get(':id')
  @ApiOkResponse({ type: CdrDto })
  @ApiOperation({ summary: 'Get a CDR' })
  async get(@Param('id') id: string): Promise<CdrDto> {
    return CdrDto.of(await getCdr(await this.tenantDb.connection(), { cdrId: parseId(id) }));
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: CdrDto })
  @ApiOperation({ summary: 'Re-rate one CDR' })
  async retry(@Param('id') id: string): Promise<CdrDto> {
    return CdrDto.of(await this.retryCdrs.execute(await this.tenantDb.connection(), { cdrId: parseId(id) }));
  }
}

@ApiTags('CDRs')
@AllowApiKey()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Get('top-destinations')
  @ApiOkResponse({ type: [TopDestinationDto] })
  @ApiOperation({ summary: 'Top destinations by cost' })
  async topDestinations(@Query() query: TopDestinationsQuery): Promise<TopDestinationDto[]> {
    return (await listTopDestinations(await this.tenantDb.connection(), query)).map((destination) => TopDestinationDto.of(destination));
  }
}
