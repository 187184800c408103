import { DomainError } from '@nova/domain';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiPayloadTooLargeResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CDR_UPLOAD_MAX_BYTES, CDR_UPLOAD_MAX_ROWS } from '@nova/telecom';
import { AllowApiKey } from '../auth/auth.decorators';
import { CdrsService } from './cdrs.service';
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
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('cdrs')
export class CdrsController {
  constructor(private readonly cdrs: CdrsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBody({ type: CdrInputDto })
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'Stored; rated by the worker' })
  @ApiBadRequestResponse({ description: 'The CDR is refused; `fields` names what is wrong' })
  ingestOne(@Body() body: unknown): Promise<IngestResultDto> {
    return this.cdrs.ingestOne(body);
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'Up to 10,000 CDRs; re-sent ones count as duplicates' })
  ingestBatch(@Body() body: CdrBatchDto): Promise<IngestResultDto> {
    return this.cdrs.ingest(body.cdrs);
  }

  @Post('upload')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiAcceptedResponse({ type: IngestResultDto, description: 'CSV: id, caller_number, called_number, started_at, duration_seconds' })
  @ApiPayloadTooLargeResponse({ description: `More than ${CDR_UPLOAD_MAX_ROWS} CDRs or ${CDR_UPLOAD_MAX_BYTES} bytes` })
  upload(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IngestResultDto> {
    return refusalCloses(reply, async () => this.cdrs.ingestCsv(await csvUpload(request, CDR_UPLOAD_MAX_BYTES)));
  }

  @Get()
  @ApiOkResponse({ type: CdrPageDto })
  list(@Query() query: ListCdrsQuery): Promise<CdrPageDto> {
    return this.cdrs.list(query);
  }

  @Get('export')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Matching CDRs as CSV, streamed', content: { 'text/csv': { schema: { type: 'string' } } } })
  async export(@Query() query: CdrFilterQuery, @Res() reply: FastifyReply): Promise<void> {
    const stream = await this.cdrs.export(query);
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cdrs.csv"').send(stream);
  }

  @Get('statistics')
  @ApiOkResponse({ type: CdrStatisticsDto })
  statistics(@Query() query: CdrFilterQuery): Promise<CdrStatisticsDto> {
    return this.cdrs.statistics(query);
  }

  @Post('retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RetryResultDto, description: 'Re-rates unbilled CDRs matching the filters; balances and usage change by the difference only' })
  retryMany(@Body() body: RetryCdrsDto): Promise<RetryResultDto> {
    return this.cdrs.retryMany(body);
  }

  @Get(':id')
  @ApiOkResponse({ type: CdrDto })
  get(@Param('id') id: string): Promise<CdrDto> {
    return this.cdrs.get(parseId(id));
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: CdrDto })
  retry(@Param('id') id: string): Promise<CdrDto> {
    return this.cdrs.retry(parseId(id));
  }
}

@ApiTags('CDRs')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly cdrs: CdrsService) {}

  @Get('top-destinations')
  @ApiOkResponse({ type: [TopDestinationDto] })
  topDestinations(@Query() query: TopDestinationsQuery): Promise<TopDestinationDto[]> {
    return this.cdrs.topDestinations(query);
  }
}
