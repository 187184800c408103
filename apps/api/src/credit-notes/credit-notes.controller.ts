import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import type { FastifyReply } from 'fastify';
import { IssueCreditNote, RenderCreditNotePdf, SendCreditNote, getCreditNote, listCreditNotes, previewCreditNote, voidCreditNote } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey, MoneyOut } from '../auth/auth.decorators';
import { pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';
import { SendDocumentDto, SendQueuedDto } from '../common/send-document.dto';
import { CreditNoteDto, CreditNotePageDto, CreditNotePreviewDto, IssueCreditNoteDto, ListCreditNotesQuery, issueCreditNoteCommand } from './dto/credit-note.dto';

@ApiTags('Credit notes')
@AllowApiKey()
@Controller('credit-notes')
export class CreditNotesController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly renderPdf: RenderCreditNotePdf,
    private readonly sendCreditNote: SendCreditNote,
    private readonly issueCreditNote: IssueCreditNote,
  ) {}

  @Post()
  @MoneyOut()
  @ApiCreatedResponse({ type: CreditNoteDto })
  @ApiOperation({
    summary: 'Issue a credit note',
    description:
      "Against a finalized invoice, of an amount or of given lines (`lines`: each by quantity or amount, its tax split per component exactly): it first lowers what is still due (an open invoice credited in full is paid); the rest — up to what was paid and kept — goes to the customer's balance (`creditAmount`), back through the invoice's provider payment (`refundAmount`, refunded by the worker) or is recorded as given back outside NovaBilling (`outOfBandAmount`); given, the three must add up to it (400 otherwise).",
  })
  async issue(@Body() body: IssueCreditNoteDto): Promise<CreditNoteDto> {
    return CreditNoteDto.from(await this.issueCreditNote.execute(issueCreditNoteCommand(body)));
  }

  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CreditNotePreviewDto })
  @ApiOperation({ summary: 'Preview a credit note', description: 'The same body as issuing one: the amounts, the tax per line and component and where the money would go. Writes nothing.' })
  async preview(@Body() body: IssueCreditNoteDto): Promise<CreditNotePreviewDto> {
    return CreditNotePreviewDto.from(await previewCreditNote(await this.tenantDb.connection(), issueCreditNoteCommand(body)));
  }

  @Get()
  @ApiOkResponse({ type: CreditNotePageDto })
  @ApiOperation({ summary: 'List credit notes', description: 'Newest first; by invoice or customer.' })
  async list(@Query() query: ListCreditNotesQuery): Promise<CreditNotePageDto> {
    const page = await listCreditNotes(await this.tenantDb.connection(), { ...pageRequest(query), invoiceId: query.invoiceId, customerId: query.customerId });
    return listOf(page, CreditNoteDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: CreditNoteDto })
  @ApiOperation({ summary: 'Get a credit note' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<CreditNoteDto> {
    return CreditNoteDto.from(await getCreditNote(await this.tenantDb.connection(), id));
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The credit note as a PDF document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Download a credit note as PDF' })
  async pdf(@Param('id', ParseUuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { number, pdf } = await this.renderPdf.execute({ creditNoteId: id });
    await reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${number}.pdf"`).send(pdf);
  }

  @Post(':id/send')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SendQueuedDto, description: 'Queued: the worker e-mails the credit note with its PDF attached' })
  @ApiOperation({ summary: 'E-mail a credit note with its PDF', description: 'To the customer, or to `to`; a void credit note is not sent (409).' })
  async send(@Param('id', ParseUuidPipe) id: string, @Body() body: SendDocumentDto): Promise<SendQueuedDto> {
    const { jobId } = await this.sendCreditNote.execute({ creditNoteId: id, to: body?.to });
    return { queued: true, jobId };
  }

  @Post(':id/void')
  @HttpCode(HttpStatus.OK)
  @MoneyOut()
  @ApiOkResponse({ type: CreditNoteDto })
  @ApiOperation({
    summary: 'Void a credit note',
    description: "What it took off the invoice is due again and its credit is taken back from the balance; refused (409) once the invoice was paid or written off since, or the credit was used.",
  })
  async void(@Param('id', ParseUuidPipe) id: string): Promise<CreditNoteDto> {
    return CreditNoteDto.from(await voidCreditNote(await this.tenantDb.connection(), id));
  }
}
