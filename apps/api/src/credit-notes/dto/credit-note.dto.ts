import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { type CreditNotePreview, type CreditNoteRecord, creditNoteAmounts, creditNoteResource } from '@nova/billing';
import {
  CREDIT_NOTE_MAX_LINES,
  CREDIT_NOTE_MEMO_MAX_LENGTH,
  CREDIT_NOTE_REASONS,
  CREDIT_NOTE_REFUND_STATUSES,
  CREDIT_NOTE_STATUSES,
  INVOICE_LINE_MAX_QUANTITY,
  INVOICE_LINE_MAX_UNIT_AMOUNT,
} from '@nova/domain';
import { CreatedPageQuery, PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';

export class CreditNoteLineInputDto {
  @ApiProperty({ format: 'uuid', description: "A line of the invoice (the invoice's lines[].id)" }) @IsUUID() invoiceLineId!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: INVOICE_LINE_MAX_QUANTITY, description: "Units of the line's quantity to credit (that share of the line, tax included); or amount" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INVOICE_LINE_MAX_QUANTITY)
  quantity?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: INVOICE_LINE_MAX_UNIT_AMOUNT, description: 'Minor units of the line to credit, tax included; or quantity' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  amount?: number;
}

const MONEY_PART = { type: 'integer', minimum: 0, maximum: INVOICE_LINE_MAX_UNIT_AMOUNT } as const;

export class IssueCreditNoteDto {
  @ApiProperty({ format: 'uuid', description: 'A finalized invoice (open, paid or uncollectible)' }) @IsUUID() invoiceId!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: INVOICE_LINE_MAX_UNIT_AMOUNT, description: 'Minor units, tax included; omit (and lines) to credit everything not credited yet' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  amount?: number;
  @ApiPropertyOptional({ type: [CreditNoteLineInputDto], maxItems: CREDIT_NOTE_MAX_LINES, description: 'Credit given invoice lines (each by quantity or amount) instead of an amount; each line\'s tax share is split per component exactly' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CREDIT_NOTE_MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => CreditNoteLineInputDto)
  lines?: CreditNoteLineInputDto[];
  @ApiPropertyOptional({ ...MONEY_PART, description: "Of what does not lower the amount due: to the customer's credit balance. With refundAmount and outOfBandAmount it must add up to it; none given: all of it" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  creditAmount?: number;
  @ApiPropertyOptional({ ...MONEY_PART, description: "Refunded through the invoice's provider payment by the worker (refundStatus); a failed refund goes to the balance instead" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  refundAmount?: number;
  @ApiPropertyOptional({ ...MONEY_PART, description: 'Given back outside NovaBilling (cash, bank transfer): recorded only' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  outOfBandAmount?: number;
  @ApiProperty({ enum: CREDIT_NOTE_REASONS, enumName: 'CreditNoteReason' }) @IsIn(CREDIT_NOTE_REASONS) reason!: (typeof CREDIT_NOTE_REASONS)[number];
  @ApiPropertyOptional({ maxLength: CREDIT_NOTE_MEMO_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(CREDIT_NOTE_MEMO_MAX_LENGTH) memo?: string;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
}

export class ListCreditNotesQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() invoiceId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
}

export class CreditNoteTaxComponentDto {
  @ApiProperty({ example: 'CGST' }) code!: string;
  @ApiProperty({ example: '9', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
}

export class CreditNoteLineDto {
  @ApiProperty({ format: 'uuid' }) invoiceLineId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'When credited by quantity' }) quantity!: number | null;
  @ApiProperty({ type: 'integer', description: 'The taxable value credited, minor units' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'The tax credited, minor units' }) taxAmount!: number;
  @ApiProperty({ type: 'integer', description: 'taxable + taxAmount, minor units' }) amount!: number;
  @ApiProperty({ type: [CreditNoteTaxComponentDto], description: "The line's tax credited per component, adding up to taxAmount" }) taxes!: CreditNoteTaxComponentDto[];
}

export class CreditNoteDto extends ApiObject('credit_note') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CN-000001' }) number!: string;
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: CREDIT_NOTE_STATUSES, enumName: 'CreditNoteStatus' }) status!: string;
  @ApiProperty({ enum: CREDIT_NOTE_REASONS, enumName: 'CreditNoteReason' }) reason!: string;
  @ApiProperty({ nullable: true, type: String }) memo!: string | null;
  @ApiProperty({ type: 'integer', description: 'Minor units credited, tax included' }) amount!: number;
  @ApiProperty({ type: 'integer', description: 'The tax inside amount, in the invoice’s proportion' }) taxAmount!: number;
  @ApiProperty({ type: [CreditNoteTaxComponentDto], description: "taxAmount per component of the invoice's tax (CGST and SGST, IGST, VAT …), adding up to it" }) taxComponents!: CreditNoteTaxComponentDto[];
  @ApiProperty({ type: 'integer', description: "The part that lowered the invoice's amount due" }) prePaymentAmount!: number;
  @ApiProperty({ type: 'integer', description: 'The part that did not lower the amount due: creditAmount + refundAmount + outOfBandAmount' }) postPaymentAmount!: number;
  @ApiProperty({ type: 'integer', description: "Credited to the customer's balance (a failed refund's amount goes there too: refundStatus failed)" }) creditAmount!: number;
  @ApiProperty({ type: 'integer', description: "Refunded through the invoice's provider payment" }) refundAmount!: number;
  @ApiProperty({ type: 'integer', description: 'Given back outside NovaBilling' }) outOfBandAmount!: number;
  @ApiProperty({ type: String, nullable: true, example: 'succeeded', description: `${CREDIT_NOTE_REFUND_STATUSES.join(', ')}: pending until the provider answers; failed: the refund amount went to the balance instead; null without a refund` }) refundStatus!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The provider payment refunded' }) refundPaymentId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The refund (GET /api/payments/{id})' }) refundId!: string | null;
  @ApiProperty({ nullable: true, type: String }) refundFailure!: string | null;
  @ApiProperty({ type: [CreditNoteLineDto], description: 'Per-line notes: what each invoice line credited; empty for a note of an amount' }) lines!: CreditNoteLineDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) voidedAt!: Date | null;

  static from(note: CreditNoteRecord): CreditNoteDto {
    return creditNoteResource(note);
  }
}

export class CreditNotePreviewDto extends ApiObject('credit_note_preview') {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units credited, tax included' }) amount!: number;
  @ApiProperty({ type: 'integer' }) taxAmount!: number;
  @ApiProperty({ type: [CreditNoteTaxComponentDto] }) taxComponents!: CreditNoteTaxComponentDto[];
  @ApiProperty({ type: 'integer' }) prePaymentAmount!: number;
  @ApiProperty({ type: 'integer' }) postPaymentAmount!: number;
  @ApiProperty({ type: 'integer' }) creditAmount!: number;
  @ApiProperty({ type: 'integer' }) refundAmount!: number;
  @ApiProperty({ type: 'integer' }) outOfBandAmount!: number;
  @ApiProperty({ type: [CreditNoteLineDto] }) lines!: CreditNoteLineDto[];
  @ApiProperty({ type: 'integer', description: 'What the invoice would still have due after the note' }) invoiceAmountDueAfter!: number;

  static from(preview: CreditNotePreview): CreditNotePreviewDto {
    return CreditNotePreviewDto.of({
      invoiceId: preview.invoiceId,
      customerId: preview.customerId,
      currency: preview.currency,
      ...creditNoteAmounts(preview),
      invoiceAmountDueAfter: Number(preview.invoiceAmountDueAfter),
    });
  }
}

/** The request body as the use case takes it: integers as minor-unit bigints. */
export function issueCreditNoteCommand(body: IssueCreditNoteDto) {
  const minor = (value: number | undefined) => (value === undefined ? undefined : BigInt(value));
  return {
    invoiceId: body.invoiceId,
    amount: minor(body.amount),
    lines: body.lines?.map((line) => ({ invoiceLineId: line.invoiceLineId, quantity: line.quantity, amount: minor(line.amount) })),
    creditAmount: minor(body.creditAmount),
    refundAmount: minor(body.refundAmount),
    outOfBandAmount: minor(body.outOfBandAmount),
    reason: body.reason,
    memo: body.memo,
    metadata: body.metadata,
  };
}

export class CreditNotePageDto extends PageMeta {
  @ApiProperty({ type: [CreditNoteDto] }) data!: CreditNoteDto[];
}
