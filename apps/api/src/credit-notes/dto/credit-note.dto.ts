import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { type CreditNoteRecord, creditNoteResource } from '@nova/billing';
import { CREDIT_NOTE_MEMO_MAX_LENGTH, CREDIT_NOTE_REASONS, CREDIT_NOTE_STATUSES, INVOICE_LINE_MAX_UNIT_AMOUNT } from '@nova/domain';
import { PageMeta, PageQuery } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';

export class IssueCreditNoteDto {
  @ApiProperty({ format: 'uuid', description: 'A finalized invoice (open, paid or uncollectible)' }) @IsUUID() invoiceId!: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: INVOICE_LINE_MAX_UNIT_AMOUNT, description: 'Minor units, tax included; omit to credit everything not credited yet' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  amount?: number;
  @ApiProperty({ enum: CREDIT_NOTE_REASONS, enumName: 'CreditNoteReason' }) @IsIn(CREDIT_NOTE_REASONS) reason!: (typeof CREDIT_NOTE_REASONS)[number];
  @ApiPropertyOptional({ maxLength: CREDIT_NOTE_MEMO_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(CREDIT_NOTE_MEMO_MAX_LENGTH) memo?: string;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
}

export class ListCreditNotesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() invoiceId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
}

export class CreditNoteTaxComponentDto {
  @ApiProperty({ example: 'CGST' }) code!: string;
  @ApiProperty({ example: '9', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
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
  @ApiProperty({ type: 'integer', description: "The part credited to the customer's balance" }) postPaymentAmount!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) voidedAt!: Date | null;

  static from(note: CreditNoteRecord): CreditNoteDto {
    return creditNoteResource(note);
  }
}

export class CreditNotePageDto extends PageMeta {
  @ApiProperty({ type: [CreditNoteDto] }) data!: CreditNoteDto[];
}
