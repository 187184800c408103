import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, MaxLength, Min } from 'class-validator';
import type { PaymentRecord, RefundRow, StartedPayment } from '@nova/billing';
import { PAYMENT_STATUSES } from '@nova/domain';
import { CreatedPageQuery, PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';

export class ListPaymentsQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) @IsOptional() @IsIn(PAYMENT_STATUSES) status?: (typeof PAYMENT_STATUSES)[number];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() invoiceId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ example: 'paystack', description: 'Provider name, or `manual`' }) @IsOptional() @IsString() @MaxLength(40) method?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'], enumName: 'BooleanText',
    description: '`true`: only payments needing review (money received in another currency than the invoice, more than was due, or for an invoice no longer open); `false`: only the others',
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

export class RefundDto {
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
    return {
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
    };
  }
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) invoiceId!: string | null;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units refunded so far' }) amountRefunded!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units credited to the invoice: in its currency, never more than was due' }) amountApplied!: number;
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

  static from(payment: PaymentRecord): PaymentDto {
    return {
      id: payment.id,
      invoiceId: payment.invoiceId,
      customerId: payment.customerId,
      amount: Number(payment.amount),
      amountRefunded: Number(payment.amountRefunded),
      amountApplied: Number(payment.amountApplied),
      needsReview: payment.reviewReason !== null,
      reviewReason: payment.reviewReason,
      currency: payment.currency,
      status: payment.status,
      method: payment.method,
      providerAccountId: payment.providerAccountId,
      providerReference: payment.providerReference,
      reference: payment.reference,
      failureMessage: payment.failureMessage,
      paidAt: payment.paidAt,
      metadata: payment.metadata,
      createdAt: payment.createdAt,
    };
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
