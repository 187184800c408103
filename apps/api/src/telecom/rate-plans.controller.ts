import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RATE_DECK_MAX_BYTES, RATE_DECK_MAX_LINES } from '@nova/telecom';
import { AllowApiKey } from '../auth/auth.decorators';
import { csvUpload, refusalCloses } from './csv-body';
import { CreateRatePlanDto, DeckImportReportDto, RatePlanDto, UpdateRatePlanDto } from './dto/rate-plan.dto';
import { RatePlansService } from './rate-plans.service';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Rate plans')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('rate-plans')
export class RatePlansController {
  constructor(private readonly plans: RatePlansService) {}

  @Post()
  @ApiCreatedResponse({ type: RatePlanDto })
  create(@Body() body: CreateRatePlanDto): Promise<RatePlanDto> {
    return this.plans.create(body);
  }

  @Get()
  @ApiOkResponse({ type: [RatePlanDto] })
  list(): Promise<RatePlanDto[]> {
    return this.plans.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: RatePlanDto, description: 'With destinations (and their prefixes) and rates' })
  get(@Param('id', ParseUuidPipe) id: string): Promise<RatePlanDto> {
    return this.plans.getWithRows(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: RatePlanDto })
  update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateRatePlanDto): Promise<RatePlanDto> {
    return this.plans.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only plans no account uses)' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.plans.remove(id);
  }

  @Post(':id/deck')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiOkResponse({ type: DeckImportReportDto, description: 'Replaces destinations and rates with the deck; bad lines are reported and left out' })
  @ApiPayloadTooLargeResponse({ description: `More than ${RATE_DECK_MAX_LINES} lines or ${RATE_DECK_MAX_BYTES} bytes` })
  importDeck(@Param('id', ParseUuidPipe) id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeckImportReportDto> {
    return refusalCloses(reply, async () => this.plans.importDeck(id, await csvUpload(request, RATE_DECK_MAX_BYTES)));
  }
}
