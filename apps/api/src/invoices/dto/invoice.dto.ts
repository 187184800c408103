import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { type InvoiceLineRecord, type InvoiceRecord, type InvoiceTaxParty, type InvoiceWithLines, invoiceResource } from '@nova/billing';
import {
  CURRENCY_CODES,
  INVOICE_LINE_DESCRIPTION_MAX_LENGTH,
  INVOICE_LINE_MAX_QUANTITY,
  INVOICE_LINE_MAX_UNIT_AMOUNT,
  INVOICE_MEMO_MAX_LENGTH,
  INVOICE_STATUSES,
  InvoiceStatus,
  MANUAL_INVOICE_MAX_LINES,
  RECEIPT_METHODS,
  TAX_ID_TYPES,
  type TaxLineAmount,
} from '@nova/domain';
import { CreatedPageQuery, PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';


export class ListInvoicesQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES, enumName: 'InvoiceStatus' }) @IsOptional() @IsIn(INVOICE_STATUSES) status?: InvoiceStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() subscriptionId?: string;
}

export class MarkPaidDto {
  @ApiPropertyOptional({ description: 'When the money arrived; defaults to now (for a test clock customer: the clock frozen time)', format: 'date-time' }) @IsOptional() @IsDateString() paidAt?: string;
  @ApiPropertyOptional({ example: 'Bank transfer ref 8842' }) @IsOptional() @IsString() @MaxLength(200) reference?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @ApiPropertyOptional({ enum: RECEIPT_METHODS, enumName: 'ReceiptMethod', description: 'How the money came in; `other` when not said' }) @IsOptional() @IsIn(RECEIPT_METHODS) method?: (typeof RECEIPT_METHODS)[number];
}

export class ManualInvoiceLineDto {
  @ApiProperty({ example: 'Router installation', maxLength: INVOICE_LINE_DESCRIPTION_MAX_LENGTH }) @IsString() @Length(1, INVOICE_LINE_DESCRIPTION_MAX_LENGTH) description!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: INVOICE_LINE_MAX_QUANTITY, example: 1 }) @IsInt() @Min(1) @Max(INVOICE_LINE_MAX_QUANTITY) quantity!: number;
  @ApiProperty({ type: 'integer', minimum: -INVOICE_LINE_MAX_UNIT_AMOUNT, maximum: INVOICE_LINE_MAX_UNIT_AMOUNT, example: 350000, description: 'Minor units per unit; negative for a discount line' })
  @IsInt()
  @Min(-INVOICE_LINE_MAX_UNIT_AMOUNT)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  unitAmount!: number;
  @ApiPropertyOptional({ format: 'uuid', description: "A tax rate of /api/tax/rates for this line; omitted: the tax profile's default rate (none: untaxed)" }) @IsOptional() @IsUUID() taxRateId?: string;
}

export class CreateInvoiceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiPropertyOptional({ example: 'KES', description: "ISO 4217; defaults to the customer's billing currency (and must match it)" })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' })
  currency?: string;
  @ApiProperty({ type: [ManualInvoiceLineDto], minItems: 1, maxItems: MANUAL_INVOICE_MAX_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MANUAL_INVOICE_MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => ManualInvoiceLineDto)
  lines!: ManualInvoiceLineDto[];
  @ApiPropertyOptional({ maxLength: INVOICE_MEMO_MAX_LENGTH, description: 'Printed on the invoice' }) @IsOptional() @IsString() @MaxLength(INVOICE_MEMO_MAX_LENGTH) memo?: string;
  @ApiPropertyOptional({ description: 'Create a draft: no number, no credit applied, not payable; edit it with PATCH and finalize it with POST /api/invoices/{id}/finalize (or delete it)', default: false })
  @IsOptional()
  @IsBoolean()
  draft?: boolean;
}

const TAX_TREATMENTS = ['taxable', 'zero_rated_export', 'reverse_charge', 'exempt'];

/** One tax component of a line, or of the invoice's summary (per component and rate). */
export class InvoiceTaxAmountDto {
  @ApiProperty({ example: 'CGST', description: 'CGST, SGST, IGST, VAT or a stacked levy' }) code!: string;
  @ApiProperty({ example: '9', description: 'The component\'s exact rate, decimal per cent' }) percentage!: string;
  @ApiProperty({ type: 'integer', description: 'Taxable value, minor units' }) taxable!: number;
  @ApiProperty({ type: 'integer', description: 'Tax, minor units' }) amount!: number;

  static from(tax: TaxLineAmount): InvoiceTaxAmountDto {
    return { code: tax.code, percentage: tax.percentage, taxable: Number(tax.taxable), amount: Number(tax.amount) };
  }
}

export class InvoiceTaxIdDto {
  @ApiProperty({ enum: TAX_ID_TYPES, enumName: 'TaxIdType' }) type!: string;
  @ApiProperty() value!: string;
}

export class InvoiceTaxPartyDto {
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ISO 3166-1 alpha-2' }) country!: string | null;
  @ApiProperty({ type: [InvoiceTaxIdDto] }) taxIds!: InvoiceTaxIdDto[];

  static from(party: InvoiceTaxParty): InvoiceTaxPartyDto {
    return { name: party.name, address: party.address, country: party.country, taxIds: party.taxIds.map(({ type, value }) => ({ type, value })) };
  }
}

/** Both parties as they were when the invoice was issued (later edits do not change it). */
export class InvoiceTaxSnapshotDto {
  @ApiProperty({ type: InvoiceTaxPartyDto }) seller!: InvoiceTaxPartyDto;
  @ApiProperty({ type: InvoiceTaxPartyDto }) buyer!: InvoiceTaxPartyDto;
}

export class InvoiceLineDto extends ApiObject('invoice_line') {
  @ApiProperty({ format: 'uuid', description: 'What a per-line credit note names (lines[].invoiceLineId)' }) id!: string;
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) unitAmount!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty({ nullable: true, type: Date }) periodStart!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) periodEnd!: Date | null;
  @ApiProperty({ type: 'integer', description: 'The line without its tax, minor units (backed out of amount for tax-inclusive prices)' }) taxableAmount!: number;
  @ApiProperty({ type: 'integer', description: 'The line\'s tax, every component together, minor units' }) taxAmount!: number;
  @ApiProperty({ nullable: true, type: String, description: 'HSN/SAC (or your own) tax code of what was sold' }) taxCode!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: "A coupon's discount line: the discount it came from (GET /api/subscriptions/{id}/discount). On a draft it is recomputed on the other lines at every edit and at finalization, and leaves the draft if the discount is removed",
  })
  discountId!: string | null;
  @ApiProperty({ type: [InvoiceTaxAmountDto], description: 'Each component, rounded on its own (CGST and SGST are two)' }) taxes!: InvoiceTaxAmountDto[];

  static from(line: InvoiceLineRecord): InvoiceLineDto {
    return InvoiceLineDto.of({
      id: line.id,
      position: line.position,
      description: line.description,
      quantity: line.quantity,
      unitAmount: Number(line.unitAmount),
      amount: Number(line.amount),
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      taxableAmount: Number(line.taxableAmount),
      taxAmount: Number(line.taxAmount),
      taxCode: line.taxCode,
      discountId: line.discountId,
      taxes: line.taxes.map(InvoiceTaxAmountDto.from),
    });
  }
}

export class InvoiceDto extends ApiObject('invoice') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, example: 'INV-000042', description: 'Gapless per tenant; null while a draft (taken at finalization)' }) number!: string | null;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) subscriptionId!: string | null;
  @ApiProperty({ enum: INVOICE_STATUSES, enumName: 'InvoiceStatus' }) status!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) subtotal!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) tax!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units received; refunds do not lower it' }) amountPaid!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units given back by settled refunds. A refunded invoice stays `paid` (as in Stripe); amountPaid - amountRefunded is what was kept',
  })
  amountRefunded!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units still owed' }) amountDue!: number;
  @ApiProperty({
    type: 'integer',
    description: "Minor units of the customer's credit balance settled at finalization: positive, credit taken (amountDue started at total - creditApplied); negative, a negative total credited to the balance",
  })
  creditApplied!: number;
  @ApiProperty({ nullable: true, type: Date }) periodStart!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) periodEnd!: Date | null;
  @ApiProperty() issuedAt!: Date;
  @ApiProperty() dueAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) paidAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) voidedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) sentAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Printed on the invoice' }) memo!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, example: 'taxable', description: `How the sale was taxed: ${TAX_TREATMENTS.join(', ')}; null: no tax applied (no tax profile, or no line with a rate)` }) taxTreatment!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The legend the invoice carries when no tax is charged (export, exemption, reverse charge)' }) taxNote!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '29', description: 'GST: the state code of the place of supply' }) placeOfSupply!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'A draft from the billing cycle: when it is finalized automatically (null: by hand only, or not a draft)' }) autoFinalizeAt!: Date | null;

  static from(invoice: InvoiceRecord): InvoiceDto {
    return invoiceResource(invoice);
  }
}

export class InvoiceDiscountDto {
  @ApiProperty({ example: 'Loyalty discount', maxLength: INVOICE_LINE_DESCRIPTION_MAX_LENGTH }) @IsString() @Length(1, INVOICE_LINE_DESCRIPTION_MAX_LENGTH) description!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: INVOICE_LINE_MAX_UNIT_AMOUNT, example: 5000, description: 'Minor units off (a line of minus this amount)' })
  @IsInt()
  @Min(1)
  @Max(INVOICE_LINE_MAX_UNIT_AMOUNT)
  amount!: number;
}

export class UpdateInvoiceDto {
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: INVOICE_MEMO_MAX_LENGTH, description: 'Drafts only: printed on the invoice; "" or null removes it' })
  @IsOptional()
  @IsString()
  @MaxLength(INVOICE_MEMO_MAX_LENGTH)
  memo?: string | null;
  @ApiPropertyOptional({ format: 'date-time', description: 'Drafts only: the due date, kept at finalization (else the payment terms date it then)' }) @IsOptional() @IsDateString() dueAt?: string;
  @ApiPropertyOptional({ type: [ManualInvoiceLineDto], minItems: 1, maxItems: MANUAL_INVOICE_MAX_LINES, description: 'Drafts only: replaces every line' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MANUAL_INVOICE_MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => ManualInvoiceLineDto)
  lines?: ManualInvoiceLineDto[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: MANUAL_INVOICE_MAX_LINES, description: 'Drafts only: positions (0-based) of the current lines to remove' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MANUAL_INVOICE_MAX_LINES)
  @IsInt({ each: true })
  @Min(0, { each: true })
  removeLines?: number[];
  @ApiPropertyOptional({ type: [ManualInvoiceLineDto], maxItems: MANUAL_INVOICE_MAX_LINES, description: 'Drafts only: lines appended (after removeLines)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MANUAL_INVOICE_MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => ManualInvoiceLineDto)
  addLines?: ManualInvoiceLineDto[];
  @ApiPropertyOptional({ type: [InvoiceDiscountDto], maxItems: MANUAL_INVOICE_MAX_LINES, description: "Drafts only: replaces the draft's discount lines ([] removes them)" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MANUAL_INVOICE_MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => InvoiceDiscountDto)
  discounts?: InvoiceDiscountDto[];
}

export class InvoiceWithLinesDto extends InvoiceDto {
  @ApiProperty({ type: [InvoiceLineDto] }) lines!: InvoiceLineDto[];
  @ApiProperty({ type: [InvoiceTaxAmountDto], description: 'Tax per component and rate across the lines, the shape of a GST/VAT invoice\'s tax summary' }) taxSummary!: InvoiceTaxAmountDto[];
  @ApiProperty({ type: InvoiceTaxSnapshotDto, nullable: true, description: 'Seller and buyer (names, addresses, tax ids) at issuance; null when the tenant had no tax profile' }) taxSnapshot!: InvoiceTaxSnapshotDto | null;

  static fromInvoice(invoice: InvoiceWithLines): InvoiceWithLinesDto {
    const snapshot = invoice.taxSnapshot;
    return {
      ...InvoiceDto.from(invoice),
      lines: invoice.lines.map(InvoiceLineDto.from),
      taxSummary: invoice.taxSummary.map(InvoiceTaxAmountDto.from),
      taxSnapshot: snapshot && { seller: InvoiceTaxPartyDto.from(snapshot.seller), buyer: InvoiceTaxPartyDto.from(snapshot.buyer) },
    };
  }
}

export class InvoicePageDto extends PageMeta {
  @ApiProperty({ type: [InvoiceDto] }) data!: InvoiceDto[];
}

export class SkippedSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty() reason!: string;
}

export class BillingCycleResultDto {
  @ApiProperty({ type: 'integer' }) invoicesIssued!: number;
  @ApiProperty({ type: 'integer' }) subscriptionsRenewed!: number;
  @ApiProperty({ type: 'integer' }) subscriptionsEnded!: number;
  @ApiProperty({ type: 'integer', description: 'Paused subscriptions resumed because their resume date came' }) subscriptionsResumed!: number;
  @ApiProperty({ type: [SkippedSubscriptionDto], description: 'Subscriptions whose schedule could not be computed: not billed, left as they are, for review' })
  subscriptionsSkipped!: SkippedSubscriptionDto[];
  @ApiProperty({ type: 'integer', description: 'Automatic charges queued for open invoices of customers with a saved payment method' }) chargesQueued!: number;
  @ApiProperty({ type: 'integer', description: 'Payment reminders queued for open invoices that no saved method will collect' }) remindersQueued!: number;
  @ApiProperty({ type: 'integer', description: 'Open invoices found past their due date unpaid for the first time (an invoice.overdue event each)' }) invoicesOverdue!: number;
}

