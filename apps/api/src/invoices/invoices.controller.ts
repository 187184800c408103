import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res, Patch } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import type { FastifyReply } from 'fastify';
import {
  BillingService,
  RenderInvoicePdf,
  SendInvoice,
  createInvoice,
  deleteDraftInvoiceById,
  editDraftInvoice,
  finalizeInvoice,
  getInvoice,
  isDraftEdit,
  listInvoices,
  voidInvoice,
  recordOfflinePayment,
  updateInvoiceMetadata,
} from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey, MoneyOut, TenantAdmin } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi';
import { pageRequest } from '../common/pagination';
import { BillingCycleResultDto, CreateInvoiceDto, InvoiceDto, InvoiceLineDto, InvoicePageDto, InvoiceWithLinesDto, ListInvoicesQuery, MarkPaidDto, UpdateInvoiceDto } from './dto/invoice.dto';
import { SendDocumentDto, SendQueuedDto } from '../common/send-document.dto';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Invoices')
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly billing: BillingService,
    private readonly renderPdf: RenderInvoicePdf,
    private readonly sendInvoice: SendInvoice,
  ) {}

  @Post('process-billing-cycle')
  @HttpCode(HttpStatus.OK)
  @TenantAdmin()
  @ApiOkResponse({ type: BillingCycleResultDto, description: 'What the cycle did' })
  @ApiOperation({ summary: 'Run the billing cycle now', description: 'Runs the billing cycle for your tenant now and queues automatic charges, as the worker does hourly. For tenant admins (owner or admin role) only: API keys are refused.' })
  runBillingCycle(): Promise<BillingCycleResultDto> {
    return this.billing.runCycleAndCollect();
  }

  @Get()
  @AllowApiKey()
  @ApiOkResponse({ type: InvoicePageDto })
  @ApiOperation({ summary: 'List invoices' })
  async list(@Query() query: ListInvoicesQuery): Promise<InvoicePageDto> {
    const { status, customerId, subscriptionId } = query;
    const page = await listInvoices(await this.tenantDb.connection(), { ...pageRequest(query), status, customerId, subscriptionId });
    return listOf(page, InvoiceDto.from);
  }

  @Post()
  @AllowApiKey()
  @ApiCreatedResponse({ type: InvoiceWithLinesDto })
  @ApiErrors(402)
  @ApiOperation({
    summary: 'Create a one-off invoice',
    description:
      "Lines written by hand (a discount line has a negative unit amount; the total may not be negative), issued at once: numbered, due on the customer's (or the tenant's) payment terms, the customer's credit applied. " +
      'With `draft: true` it is a draft instead: no number (numbers are taken at finalization, so they stay gapless), no credit applied, not payable; edit it with PATCH, then finalize or delete it. ' +
      'Every invoice issued in a calendar month of your tenant\'s `timeZone`, the billing cycle\'s included, counts against the `invoicesPerMonth` limit of your NovaBilling plan; past it this answers 402 `plan_limit_reached` (the cycle still bills renewals).',
  })
  async create(@Body() body: CreateInvoiceDto): Promise<InvoiceWithLinesDto> {
    const [db, settings] = await Promise.all([this.tenantDb.connection(), this.billing.settings()]);
    const invoice = await createInvoice(db, settings, { ...body, lines: body.lines.map((line) => ({ ...line, unitAmount: BigInt(line.unitAmount) })) });
    return InvoiceWithLinesDto.fromInvoice(invoice);
  }

  @Get(':id')
  @AllowApiKey()
  @ApiOkResponse({ type: InvoiceWithLinesDto })
  @ApiOperation({ summary: 'Get an invoice with its lines' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<InvoiceWithLinesDto> {
    const invoice = await getInvoice(await this.tenantDb.connection(), id);
    return InvoiceWithLinesDto.fromInvoice(invoice);
  }

  @Post(':id/mark-paid')
  @MoneyOut()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InvoiceDto })
  @ApiOperation({ summary: 'Mark an invoice paid (records a receipt for the whole amount due)' })
  async markPaid(@Param('id', ParseUuidPipe) id: string, @Body() body: MarkPaidDto): Promise<InvoiceDto> {
    // Collection's use case (a payment is recorded); the answer is the invoice it paid.
    const db = await this.tenantDb.connection();
    await recordOfflinePayment(db, { invoiceId: id, paidAt: body.paidAt ? new Date(body.paidAt) : undefined, reference: body.reference, note: body.note, method: body.method });
    return InvoiceDto.from(await getInvoice(db, id));
  }

  @Patch(':id')
  @AllowApiKey()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InvoiceWithLinesDto })
  @ApiErrors(409)
  @ApiOperation({
    summary: 'Update an invoice (metadata; a draft\'s memo, due date, lines and discounts)',
    description:
      'Metadata is merged on any invoice: keys given are set, a key given "" is removed. A draft\'s memo, due date, lines (`lines` replaces them all; `removeLines` then `addLines`, each line with its own `taxRateId`) and ' +
      'discount lines (`discounts`) can be changed until it is finalized; its totals and tax are recomputed. The amounts and lines of a finalized invoice never change: those fields on one answer 409.',
  })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateInvoiceDto): Promise<InvoiceWithLinesDto> {
    const db = await this.tenantDb.connection();
    const { metadata, memo, dueAt, lines, removeLines, addLines, discounts } = body;
    const edit = {
      memo,
      dueAt: dueAt === undefined ? undefined : new Date(dueAt),
      lines: lines?.map((line) => ({ ...line, unitAmount: BigInt(line.unitAmount) })),
      removeLines,
      addLines: addLines?.map((line) => ({ ...line, unitAmount: BigInt(line.unitAmount) })),
      discounts: discounts?.map((discount) => ({ description: discount.description, amount: BigInt(discount.amount) })),
    };
    if (isDraftEdit(edit)) await editDraftInvoice(db, { invoiceId: id, ...edit });
    if (metadata !== undefined) await updateInvoiceMetadata(db, { invoiceId: id, metadata });
    return InvoiceWithLinesDto.fromInvoice(await getInvoice(db, id));
  }

  @Post(':id/finalize')
  @AllowApiKey()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InvoiceWithLinesDto })
  @ApiErrors(409)
  @ApiOperation({
    summary: 'Finalize a draft invoice',
    description:
      "Numbers the draft (the next in the gapless sequence), recomputes its tax with the parties' current details, dates it (due on the payment terms unless a due date was set on the draft) and applies the customer's credit: open, or paid when nothing is due. A finalized invoice answers 409.",
  })
  async finalize(@Param('id', ParseUuidPipe) id: string): Promise<InvoiceWithLinesDto> {
    const [db, settings] = await Promise.all([this.tenantDb.connection(), this.billing.settings()]);
    return InvoiceWithLinesDto.fromInvoice(await finalizeInvoice(db, settings, { invoiceId: id }));
  }

  @Delete(':id')
  @AllowApiKey()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(409)
  @ApiOperation({ summary: 'Delete a draft invoice', description: "Only a one-off draft: a finalized invoice (void it instead) or a subscription's draft (its period stays on record: void it) answers 409." })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteDraftInvoiceById(await this.tenantDb.connection(), { invoiceId: id });
  }

  @Post(':id/void')
  @MoneyOut()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: InvoiceDto })
  @ApiOperation({ summary: 'Void an invoice' })
  async void(@Param('id', ParseUuidPipe) id: string): Promise<InvoiceDto> {
    return InvoiceDto.from(await voidInvoice(await this.tenantDb.connection(), { invoiceId: id }));
  }

  @Get(':id/pdf')
  @AllowApiKey()
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The invoice as a PDF document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Download an invoice as PDF' })
  async pdf(@Param('id', ParseUuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { number, pdf } = await this.renderPdf.execute({ invoiceId: id });
    await reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${number}.pdf"`).send(pdf);
  }

  @Post(':id/send')
  @AllowApiKey()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SendQueuedDto, description: 'Queued: the worker e-mails the invoice with its PDF attached' })
  @ApiOperation({ summary: 'E-mail an invoice with its PDF' })
  async send(@Param('id', ParseUuidPipe) id: string, @Body() body: SendDocumentDto): Promise<SendQueuedDto> {
    const { jobId } = await this.sendInvoice.execute({ invoiceId: id, to: body?.to });
    return { queued: true, jobId };
  }
}
