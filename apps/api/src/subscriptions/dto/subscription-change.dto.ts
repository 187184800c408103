import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { InvoicePreview, PendingInvoiceItemRecord, PreviewLine, SubscriptionChangePreview, SubscriptionChangeResult } from '@nova/billing';
import {
  CHANGE_EFFECTIVE_MOMENTS,
  type ChangeEffective,
  DEFAULT_PRORATION_BEHAVIOR,
  MAX_PAUSE_RESUME_YEARS,
  MAX_SUBSCRIPTION_ITEMS,
  MAX_SUBSCRIPTION_QUANTITY,
  MIN_SUBSCRIPTION_QUANTITY,
  PAUSE_BEHAVIORS,
  PRORATION_BEHAVIORS,
  type PauseBehavior,
  type ProrationBehavior,
} from '@nova/domain';
import { ChangeSubscriptionItemDto, SubscriptionDto } from './subscription.dto';
import { ApiObject } from '../../common/api-object';

export class SubscriptionItemChangeDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The item to change or delete (the base item's id is the subscription's); omitted: an item to add" }) id?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The new price (same currency and billing cycle); required to add an item' }) priceId?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: MIN_SUBSCRIPTION_QUANTITY, maximum: MAX_SUBSCRIPTION_QUANTITY, description: 'The new quantity; 1 for an item added without one' }) quantity?: number;
  @ApiPropertyOptional({ description: 'true: remove this add-on item (the base item cannot be removed)' }) deleted?: boolean;
}

export class ChangeSubscriptionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The new price: same currency and billing cycle as the current one. Omitted: the current price (a quantity change).' })
  @IsOptional()
  @IsUUID()
  priceId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: MIN_SUBSCRIPTION_QUANTITY, maximum: MAX_SUBSCRIPTION_QUANTITY, description: 'The new quantity (seats). Omitted: the current one.' })
  @IsOptional()
  @IsInt()
  @Min(MIN_SUBSCRIPTION_QUANTITY)
  @Max(MAX_SUBSCRIPTION_QUANTITY)
  quantity?: number;

  @ApiPropertyOptional({
    type: [SubscriptionItemChangeDto],
    maxItems: MAX_SUBSCRIPTION_ITEMS,
    description:
      'Item changes (Stripe\'s items): { priceId, quantity } adds an add-on, { id, priceId and/or quantity } changes an item, { id, deleted: true } removes an add-on. Each changed item is prorated on its own, the others not at all. With effective period_end they are scheduled (pendingChange.items) and the billing cycle applies them at renewal, which bills the new items; nothing is prorated.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SUBSCRIPTION_ITEMS)
  items?: SubscriptionItemChangeDto[];

  @ApiPropertyOptional({
    enum: PRORATION_BEHAVIORS,
    enumName: 'ProrationBehavior',
    default: DEFAULT_PRORATION_BEHAVIOR,
    description:
      'create_prorations: a credit for the unused time on the old price and a charge for the remaining time on the new one, to the second, as pending items on the next invoice; always_invoice: invoiced now (a net credit goes to the customer balance); none: no proration. A change during a trial prorates nothing.',
  })
  @IsOptional()
  @IsIn(PRORATION_BEHAVIORS)
  prorationBehavior?: ProrationBehavior;

  @ApiPropertyOptional({ enum: CHANGE_EFFECTIVE_MOMENTS, enumName: 'ChangeEffective', default: 'now', description: 'now, or period_end: scheduled (pendingChange) and applied by the billing cycle when the period rolls' })
  @IsOptional()
  @IsIn(CHANGE_EFFECTIVE_MOMENTS)
  effective?: ChangeEffective;

  @ApiPropertyOptional({ format: 'date-time', description: "The instant to prorate at: a preview's prorationDate (a whole second inside the current period, not in the future), so the change bills exactly what was previewed. Defaults to now." })
  @IsOptional()
  @IsDateString({}, { message: 'prorationDate must be an ISO 8601 date-time' })
  prorationDate?: string;
}

export class PauseSubscriptionDto {
  @ApiProperty({
    enum: PAUSE_BEHAVIORS,
    enumName: 'PauseBehavior',
    description: "What the billing cycle does with the invoices of the periods that begin while paused: keep_as_draft (issued as drafts, not collected), mark_uncollectible (finalized and written off), void (voided). None takes the customer's credit or is charged.",
  })
  @IsIn(PAUSE_BEHAVIORS)
  behavior!: PauseBehavior;

  @ApiPropertyOptional({ format: 'date-time', description: `When the billing cycle resumes it (in the future, at most ${MAX_PAUSE_RESUME_YEARS} years ahead). Omitted: only POST …/resume does.` })
  @IsOptional()
  @IsDateString({}, { message: 'resumesAt must be an ISO 8601 date-time' })
  resumesAt?: string;
}

export class PreviewLineDto {
  @ApiProperty({ example: 'Unused time on Basic after 2026-01-15T10:00:00Z' }) description!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units; negative for a credit' }) unitAmount!: number;
  @ApiProperty({ type: 'integer', description: 'Minor units; negative for a credit' }) amount!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) priceId!: string | null;
  @ApiProperty({ nullable: true, type: Date }) periodStart!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) periodEnd!: Date | null;

  static from(line: PreviewLine): PreviewLineDto {
    return { ...line, unitAmount: Number(line.unitAmount), amount: Number(line.amount) };
  }
}

export class InvoicePreviewDto extends ApiObject('invoice_preview') {
  @ApiProperty({ description: 'When it is issued: now (always_invoice) or the current period end (the renewal)' }) issuedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) periodStart!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) periodEnd!: Date | null;
  @ApiProperty({ example: 'KES' }) currency!: string;
  @ApiProperty({ type: [PreviewLineDto] }) lines!: PreviewLineDto[];
  @ApiProperty({ type: 'integer' }) subtotal!: number;
  @ApiProperty({ type: 'integer' }) tax!: number;
  @ApiProperty({ type: 'integer', description: "Minor units, before the customer's credit (applied when it is issued)" }) total!: number;

  static from(invoice: InvoicePreview): InvoicePreviewDto {
    return { object: 'invoice_preview', ...invoice, lines: invoice.lines.map(PreviewLineDto.from), subtotal: Number(invoice.subtotal), tax: Number(invoice.tax), total: Number(invoice.total) };
  }
}

export class SubscriptionChangePreviewDto extends ApiObject('subscription_change_preview') {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ enum: CHANGE_EFFECTIVE_MOMENTS, enumName: 'ChangeEffective' }) effective!: string;
  @ApiProperty({ enum: PRORATION_BEHAVIORS, enumName: 'ProrationBehavior' }) prorationBehavior!: string;
  @ApiProperty({ nullable: true, type: Date, description: 'The instant prorated at (whole seconds); pass it as prorationDate to bill exactly this. Null for a change at period end.' })
  prorationDate!: Date | null;
  @ApiProperty({ format: 'uuid' }) priceId!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: [ChangeSubscriptionItemDto], description: 'Every item after the change, the base item first' }) items!: ChangeSubscriptionItemDto[];
  @ApiProperty({ example: 'KES' }) currency!: string;
  @ApiProperty({ type: [PreviewLineDto], description: '"Unused time on …" (a credit) and "Remaining time on …" (a charge)' }) prorations!: PreviewLineDto[];
  @ApiProperty({ type: 'integer', description: 'Their sum: positive on an upgrade, negative on a downgrade' }) prorationTotal!: number;
  @ApiProperty({ nullable: true, type: InvoicePreviewDto, description: 'The invoice now (always_invoice) or the renewal at period end with the pending items; null when the subscription ends at period end' })
  nextInvoice!: InvoicePreviewDto | null;

  static from(preview: SubscriptionChangePreview): SubscriptionChangePreviewDto {
    return {
      object: 'subscription_change_preview',
      ...preview,
      prorations: preview.prorations.map(PreviewLineDto.from),
      prorationTotal: Number(preview.prorationTotal),
      nextInvoice: preview.nextInvoice && InvoicePreviewDto.from(preview.nextInvoice),
    };
  }
}

export class PendingInvoiceItemDto extends ApiObject('pending_invoice_item') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units; negative for a credit' }) amount!: number;
  @ApiProperty({ example: 'KES' }) currency!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) priceId!: string | null;
  @ApiProperty() periodStart!: Date;
  @ApiProperty() periodEnd!: Date;

  static from(item: PendingInvoiceItemRecord): PendingInvoiceItemDto {
    const { id, description, currency, priceId, periodStart, periodEnd } = item;
    return { object: 'pending_invoice_item', id, description, amount: Number(item.amount), currency, priceId, periodStart, periodEnd };
  }
}

export class SubscriptionChangeDto extends ApiObject('subscription_change') {
  @ApiProperty({ type: SubscriptionDto, description: 'The subscription after the change' }) subscription!: SubscriptionDto;
  @ApiProperty({ type: SubscriptionChangePreviewDto, description: 'What the change billed: the same as its preview' }) change!: SubscriptionChangePreviewDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The proration invoice (always_invoice with something to prorate)' }) invoiceId!: string | null;
  @ApiProperty({ type: [PendingInvoiceItemDto], description: 'The proration items waiting for the next invoice (create_prorations)' }) pendingInvoiceItems!: PendingInvoiceItemDto[];

  static from(result: SubscriptionChangeResult): SubscriptionChangeDto {
    return {
      object: 'subscription_change',
      subscription: SubscriptionDto.from(result.subscription),
      change: SubscriptionChangePreviewDto.from(result.preview),
      invoiceId: result.invoice?.id ?? null,
      pendingInvoiceItems: result.pendingInvoiceItems.map(PendingInvoiceItemDto.from),
    };
  }
}
