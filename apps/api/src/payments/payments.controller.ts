import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PaymentCollection, Refunds } from '@nova/billing';
import { AllowApiKey, MoneyOut } from '../auth/auth.decorators';
import { ListPaymentsQuery, PayInvoiceDto, PaymentDto, PaymentPageDto, PaymentWithRefundsDto, RefundDto, RefundPaymentDto, StartedPaymentDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Payments')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly collection: PaymentCollection,
    private readonly refunds: Refunds,
  ) {}

  @Post('invoices/:id/pay')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: StartedPaymentDto, description: 'Starts a payment with the tenant\'s provider for the invoice currency; settled by the provider\'s webhook' })
  async pay(@Param('id', ParseUuidPipe) id: string, @Body() body: PayInvoiceDto): Promise<StartedPaymentDto> {
    const started = await this.collection.startCheckout(id, { ...body, amountMinor: body.amount === undefined ? undefined : BigInt(body.amount) });
    return StartedPaymentDto.from(started);
  }

  @Get('payments')
  @ApiOkResponse({ type: PaymentPageDto, description: 'Newest first. `needsReview=true` lists money received that was not (fully) applied to its invoice (another currency, more than was due, an invoice no longer open), and M-Pesa payments failed as unconfirmed because Daraja could not be asked about them for too long (`MPESA_RECONCILE_GIVE_UP_AFTER_HOURS`).' })
  async list(@Query() query: ListPaymentsQuery): Promise<PaymentPageDto> {
    const page = await this.payments.list(query);
    return { data: page.data.map(PaymentDto.from), nextCursor: page.nextCursor };
  }

  @Get('payments/:id')
  @ApiOkResponse({ type: PaymentWithRefundsDto })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<PaymentWithRefundsDto> {
    const [payment, refunds] = await Promise.all([this.payments.get(id), this.refunds.listFor(id)]);
    return { ...PaymentDto.from(payment), refunds: refunds.map(RefundDto.from) };
  }

  @Post('payments/:id/refund')
  @MoneyOut()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RefundDto, description: 'Full or partial; never more than was paid. Send an Idempotency-Key to make retries safe.' })
  async refund(@Param('id', ParseUuidPipe) id: string, @Body() body: RefundPaymentDto): Promise<RefundDto> {
    const refund = await this.refunds.refund(id, { amountMinor: body.amount === undefined ? undefined : BigInt(body.amount), reason: body.reason });
    return RefundDto.from(refund);
  }
}
