import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Patch, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import type { FastifyReply } from 'fastify';
import { RenderReceiptPdf, RefundPayment, SendReceipt, StartCheckout, getPaymentWithRefunds, getReceipt, listPayments, recordReceipt, updatePaymentMetadata } from '@nova/billing';
import { type AllocationInstruction, DomainError } from '@nova/domain';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey, MoneyOut } from '../auth/auth.decorators';
import { pageRequest } from '../common/pagination';
import {
  ListPaymentsQuery,
  PayInvoiceDto,
  PaymentDto,
  PaymentPageDto,
  PaymentWithRefundsDto,
  ReceiptDto,
  RecordReceiptDto,
  RefundDto,
  RefundPaymentDto,
  StartedPaymentDto,
  UpdatePaymentDto,
} from './dto/payment.dto';
import { SendDocumentDto, SendQueuedDto } from '../common/send-document.dto';
import { ParseUuidPipe } from '../common/validation';
import { ApiErrors } from '../common/openapi';

const optionalMinor = (amount: number | undefined) => (amount === undefined ? undefined : BigInt(amount));

/** `allocate: oldest_first` or explicit `allocations`: exactly one of them. */
function allocationInstruction(body: RecordReceiptDto): AllocationInstruction {
  if ((body.allocate === undefined) === (body.allocations === undefined)) throw DomainError.validation('allocations', 'give either allocations or allocate: oldest_first');
  if (body.allocations) return { kind: 'explicit', allocations: body.allocations.map((allocation) => ({ invoiceId: allocation.invoiceId, amount: BigInt(allocation.amount) })) };
  return { kind: 'oldest_first' };
}

@ApiTags('Payments')
@AllowApiKey()
@Controller()
export class PaymentsController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly startCheckout: StartCheckout,
    private readonly refundPayment: RefundPayment,
    private readonly renderReceiptPdf: RenderReceiptPdf,
    private readonly sendReceipt: SendReceipt,
  ) {}

  @Post('payments')
  @MoneyOut()
  @ApiCreatedResponse({ type: ReceiptDto, description: "A receipt: its own receipt number, the invoices it paid, and what it left as credit on the customer's balance" })
  @ApiOperation({
    summary: 'Record money received by hand (a receipt)',
    description: "Cash, a bank transfer, an M-Pesa paybill payment or a cheque, allocated to the customer's invoices oldest first or in explicit amounts (partial payments leave an invoice open with less due); the rest is credited to the customer's balance. All or nothing.",
  })
  async recordReceipt(@Body() body: RecordReceiptDto): Promise<ReceiptDto> {
    const db = await this.tenantDb.connection();
    const { paymentId } = await recordReceipt(db, {
      customerId: body.customerId,
      amount: BigInt(body.amount),
      currency: body.currency,
      method: body.method,
      reference: body.reference,
      note: body.note,
      receivedAt: body.receivedAt ? new Date(body.receivedAt) : undefined,
      allocate: allocationInstruction(body),
    });
    return ReceiptDto.fromView(await getReceipt(db, paymentId));
  }

  @Get('payments/:id/receipt')
  @ApiOkResponse({ type: ReceiptDto })
  @ApiOperation({ summary: 'Get the receipt of money recorded by hand, with its allocations' })
  async receipt(@Param('id', ParseUuidPipe) id: string): Promise<ReceiptDto> {
    return ReceiptDto.fromView(await getReceipt(await this.tenantDb.connection(), id));
  }

  @Get('payments/:id/receipt.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The receipt as a PDF document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Download a receipt as PDF' })
  async receiptPdf(@Param('id', ParseUuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { number, pdf } = await this.renderReceiptPdf.execute({ paymentId: id });
    await reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${number}.pdf"`).send(pdf);
  }

  @Post('payments/:id/receipt/send')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: SendQueuedDto, description: 'Queued: the worker e-mails the receipt with its PDF attached' })
  @ApiOperation({ summary: 'E-mail a receipt with its PDF', description: 'To the customer, or to `to` (in test mode to the tenant itself); only payments recorded by hand have receipts (404 otherwise).' })
  async sendReceiptMail(@Param('id', ParseUuidPipe) id: string, @Body() body: SendDocumentDto): Promise<SendQueuedDto> {
    const { jobId } = await this.sendReceipt.execute({ paymentId: id, to: body?.to });
    return { queued: true, jobId };
  }

  @Post('invoices/:id/pay')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: StartedPaymentDto, description: 'Starts a payment with the tenant\'s provider for the invoice currency; settled by the provider\'s webhook' })
  @ApiOperation({ summary: 'Start paying an invoice (hosted checkout or M-Pesa STK push)' })
  @ApiErrors(502)
  async pay(@Param('id', ParseUuidPipe) id: string, @Body() body: PayInvoiceDto): Promise<StartedPaymentDto> {
    const started = await this.startCheckout.execute({ ...body, invoiceId: id, amountMinor: optionalMinor(body.amount) });
    return StartedPaymentDto.from(started);
  }

  @Get('payments')
  @ApiOkResponse({ type: PaymentPageDto, description: 'Newest first. `needsReview=true` lists money received that was not applied to its invoice (another currency, an invoice no longer open; more than was due is credit on the customer\'s balance), and M-Pesa payments failed as unconfirmed because Daraja could not be asked about them for too long (`MPESA_RECONCILE_GIVE_UP_AFTER_HOURS`).' })
  @ApiOperation({ summary: 'List payments' })
  async list(@Query() query: ListPaymentsQuery): Promise<PaymentPageDto> {
    const page = await listPayments(await this.tenantDb.connection(), {
      ...pageRequest(query),
      status: query.status,
      invoiceId: query.invoiceId,
      customerId: query.customerId,
      method: query.method,
      needsReview: query.needsReview === undefined ? undefined : query.needsReview === 'true',
    });
    return listOf(page, PaymentDto.from);
  }

  @Get('payments/:id')
  @ApiOkResponse({ type: PaymentWithRefundsDto })
  @ApiOperation({ summary: 'Get a payment with its refunds' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<PaymentWithRefundsDto> {
    const { payment, refunds } = await getPaymentWithRefunds(await this.tenantDb.connection(), id);
    return { ...PaymentDto.from(payment), refunds: refunds.map(RefundDto.from) };
  }

  @Patch('payments/:id')
  @ApiOkResponse({ type: PaymentDto })
  @ApiOperation({ summary: 'Update a payment\'s metadata', description: 'Merged: keys given are set, a key given "" is removed. Amounts and status never change here.' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdatePaymentDto): Promise<PaymentDto> {
    return PaymentDto.from(await updatePaymentMetadata(await this.tenantDb.connection(), { paymentId: id, metadata: body.metadata }));
  }

  @Post('payments/:id/refund')
  @MoneyOut()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RefundDto, description: 'Full or partial; never more than was paid. Send an Idempotency-Key to make retries safe.' })
  @ApiOperation({ summary: 'Refund a payment, fully or partly' })
  @ApiErrors(502)
  async refund(@Param('id', ParseUuidPipe) id: string, @Body() body: RefundPaymentDto): Promise<RefundDto> {
    const refund = await this.refundPayment.execute({ paymentId: id, amountMinor: optionalMinor(body.amount), reason: body.reason });
    return RefundDto.from(refund);
  }
}
