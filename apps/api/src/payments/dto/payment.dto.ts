import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { type PaymentRecord, type ReceiptView, type RefundRow, type StartedPayment, paymentResource } from '@nova/billing';
import { CURRENCY_CODES, MAX_ALLOCATIONS, MAX_BALANCE_ADJUSTMENT_MINOR, PAYMENT_STATUSES, RECEIPT_METHODS, RECEIPT_NOTE_MAX_LENGTH, RECEIPT_REFERENCE_MAX_LENGTH } from '@nova/domain';
import { CreatedPageQuery, PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';

export class ListPaymentsQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) @IsOptional() @IsIn(PAYMENT_STATUSES) status?: (typeof PAYMENT_STATUSES)[number];
  @ApiPropertyOptional({ format: 'uuid', description: 'Payments allocated to this invoice (receipts spread over several invoices included)' }) @IsOptional() @IsUUID() invoiceId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ example: 'paystack', description: 'Provider name, or `manual`' }) @IsOptional() @IsString() @MaxLength(40) method?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'], enumName: 'BooleanText',
    description: '`true`: only payments needing review (money received in another currency than the invoice, or for an invoice no longer open; more than was due is credit on the customer\'s balance); `false`: only the others',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  needsReview?: 'true' | 'false';
}

export class PayInvoiceDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Payment provider account; defaults to the one marked default for the invoice currency' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Minor units; less than the amount due makes a partial payment' }) @IsOptional() @IsInt() @Min(1) amount?: number;
  @ApiPropertyOptional({ description: 'Where the payer lands after the hosted checkout' }) @IsOptional() @IsUrl({ require_tld: false }) returnUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_tld: false }) cancelUrl?: string;
  @ApiPropertyOptional({ example: '254712345678', description: 'Phone to prompt (M-Pesa); defaults to the customer\'s' }) @IsOptional() @IsString() @MaxLength(32) phone?: string;
}

export class StartedPaymentDto {
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'], enumName: 'ProviderOperationStatus' }) status!: string;
  @ApiProperty() provider!: string;
  @ApiProperty() providerReference!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Send the payer here (null for M-Pesa: the phone is prompted)' }) redirectUrl!: string | null;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty() currency!: string;

  static from(started: StartedPayment): StartedPaymentDto {
    return { ...started, amount: Number(started.amount) };
  }
}

export class RefundPaymentDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Minor units; omit to refund everything not yet refunded' }) @IsOptional() @IsInt() @Min(1) amount?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class RefundDto extends ApiObject('refund') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'], enumName: 'ProviderOperationStatus' }) status!: string;
  @ApiProperty({ nullable: true, type: String }) providerReference!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) settledAt!: Date | null;

  static from(row: RefundRow): RefundDto {
    return RefundDto.of({
      id: row.id,
      paymentId: row.payment_id,
      amount: Number(row.amount),
      currency: row.currency,
      status: row.status,
      providerReference: row.provider_reference,
      reason: row.reason,
      failureMessage: row.failure_message,
      createdAt: row.created_at,
      settledAt: row.settled_at,
    });
  }
}

/** The fields of a payment, shared by the payment and the receipt objects. */
class PaymentFields {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) invoiceId!: string | null;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units refunded so far' }) amountRefunded!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units allocated to invoices (their currency, never more than was due); what a settled payment received beyond it in that currency is credit on the customer\'s balance' }) amountApplied!: number;
  @ApiProperty({ description: 'Needs a person to look at it, the invoice status unchanged by it: received money not (fully) applied to the invoice, or a payment failed as unconfirmed (the provider never gave a final answer; the payer may have paid)' })
  needsReview!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'paid in NGN; the invoice is in USD' }) reviewReason!: string | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) status!: string;
  @ApiProperty({ description: '`manual` or the provider name' }) method!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) providerAccountId!: string | null;
  @ApiProperty({ nullable: true, type: String }) providerReference!: string | null;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage!: string | null;
  @ApiProperty({ nullable: true, type: Date }) paidAt!: Date | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: Record<string, unknown>;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: String, example: 'RCT-000042', description: 'Set on money recorded by hand (receipts, invoices marked paid)' }) receiptNumber!: string | null;

  /** The payment's public representation (the one events carry too), without its `object`. */
  static fieldsOf(payment: PaymentRecord): PaymentFields {
    const { object: _payment, ...fields } = paymentResource(payment);
    return fields;
  }
}

export class PaymentDto extends ApiObject('payment', PaymentFields) {
  static from(payment: PaymentRecord): PaymentDto {
    return paymentResource(payment);
  }
}

export class PaymentWithRefundsDto extends PaymentDto {
  @ApiProperty({ type: [RefundDto] }) refunds!: RefundDto[];
}

export class PaymentPageDto extends PageMeta {
  @ApiProperty({ type: [PaymentDto] }) data!: PaymentDto[];
}

export class UpdatePaymentDto {
  @ApiProperty(METADATA_PROPERTY) @IsMetadata() metadata!: Record<string, unknown>;
}

const RECEIPT_AMOUNT = { type: 'integer', minimum: 1, maximum: MAX_BALANCE_ADJUSTMENT_MINOR } as const;

export class ReceiptAllocationInputDto {
  @ApiProperty({ format: 'uuid', description: "One of the customer's open invoices, in the receipt's currency" }) @IsUUID() invoiceId!: string;
  @ApiProperty({ ...RECEIPT_AMOUNT, example: 15000, description: 'Minor units; at most what the invoice has due' }) @IsInt() @Min(1) @Max(MAX_BALANCE_ADJUSTMENT_MINOR) amount!: number;
}

export class RecordReceiptDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ ...RECEIPT_AMOUNT, example: 30000, description: 'Minor units received' }) @IsInt() @Min(1) @Max(MAX_BALANCE_ADJUSTMENT_MINOR) amount!: number;
  @ApiProperty({ example: 'KES', description: 'ISO 4217; only invoices in this currency are paid' })
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' })
  currency!: string;
  @ApiProperty({ enum: RECEIPT_METHODS, enumName: 'ReceiptMethod' }) @IsIn(RECEIPT_METHODS) method!: (typeof RECEIPT_METHODS)[number];
  @ApiPropertyOptional({ example: 'SJK7Q2X9PL', description: "The payer's reference: transfer id, M-Pesa receipt, cheque number", maxLength: RECEIPT_REFERENCE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(RECEIPT_REFERENCE_MAX_LENGTH)
  reference?: string;
  @ApiPropertyOptional({ maxLength: RECEIPT_NOTE_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(RECEIPT_NOTE_MAX_LENGTH) note?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the money was received; defaults to now' }) @IsOptional() @IsDateString() receivedAt?: string;
  @ApiPropertyOptional({ enum: ['oldest_first'], enumName: 'AllocationStrategy', description: "Pay the customer's open invoices in this currency oldest first. Give this or `allocations`" })
  @IsOptional()
  @IsIn(['oldest_first'])
  allocate?: 'oldest_first';
  @ApiPropertyOptional({ type: [ReceiptAllocationInputDto], maxItems: MAX_ALLOCATIONS, description: 'Explicit amounts per invoice. Give this or `allocate`; what is not allocated is credited to the customer\'s balance' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ALLOCATIONS)
  @ValidateNested({ each: true })
  @Type(() => ReceiptAllocationInputDto)
  allocations?: ReceiptAllocationInputDto[];
}

export class ReceiptAllocationDto {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: 'INV-000042' }) invoiceNumber!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units of the receipt applied to the invoice' }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units the invoice has due now' }) invoiceAmountDue!: number;
}

export class ReceiptDto extends ApiObject('receipt', PaymentFields) {
  @ApiProperty({ enum: RECEIPT_METHODS, enumName: 'ReceiptMethod', description: 'How the money came in' }) receivedVia!: string;
  @ApiProperty({ type: [ReceiptAllocationDto] }) allocations!: ReceiptAllocationDto[];
  @ApiProperty({ type: 'integer', description: "Minor units of this receipt credited to the customer's balance (not allocated)" }) overpayment!: number;
  @ApiProperty({ type: 'integer', description: "The customer's credit balance in the receipt's currency now, minor units" }) creditBalance!: number;

  static fromView(view: ReceiptView): ReceiptDto {
    return ReceiptDto.of({
      ...PaymentFields.fieldsOf(view.payment),
      receivedVia: view.payment.receivedVia ?? 'other',
      allocations: view.allocations.map((allocation) => ({ ...allocation, amount: Number(allocation.amount), invoiceAmountDue: Number(allocation.invoiceAmountDue) })),
      overpayment: Number(view.overpayment),
      creditBalance: Number(view.creditBalance),
    });
  }
}
