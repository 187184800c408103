import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { type SubscriptionRecord, subscriptionResource } from '@nova/billing';
import { CreatedPageQuery, PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { SatisfiesDomainRule } from '../../common/domain-rule';
import { MAX_SUBSCRIPTION_ITEMS, PAUSE_BEHAVIORS, SUBSCRIPTION_STATUSES, SubscriptionStatus, anchorDayProblem, subscriptionStartProblem, MAX_SUBSCRIPTION_QUANTITY, MAX_TRIAL_DAYS, MIN_SUBSCRIPTION_QUANTITY } from '@nova/domain';
import { ApiObject } from '../../common/api-object';

export class SubscriptionItemInputDto {
  @ApiProperty({ format: 'uuid', description: 'Same currency and billing cycle as the base price' }) priceId!: string;
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: MIN_SUBSCRIPTION_QUANTITY, maximum: MAX_SUBSCRIPTION_QUANTITY }) quantity?: number;
}

export class CreateSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The base price; omitted, the first of items is the base item' }) @IsOptional() @IsUUID() priceId?: string;
  @ApiPropertyOptional({ type: 'integer', default: 1 }) @IsOptional() @IsInt() @Min(MIN_SUBSCRIPTION_QUANTITY) @Max(MAX_SUBSCRIPTION_QUANTITY) quantity?: number;
  @ApiPropertyOptional({
    type: [SubscriptionItemInputDto],
    maxItems: MAX_SUBSCRIPTION_ITEMS - 1,
    description: 'Add-on items billed with the base price every period (Stripe\'s items): each another price in the same currency and billing cycle, at most once; a refused one is a 400 naming items[i].priceId',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SUBSCRIPTION_ITEMS)
  items?: SubscriptionItemInputDto[];

  @ApiPropertyOptional({ description: 'ISO date-time; defaults to now. A past date backdates the subscription, by at most one year; it may start at most one year ahead.', format: 'date-time' })
  @IsOptional()
  @IsDateString({}, { message: 'startAt must be an ISO 8601 date-time' })
  @SatisfiesDomainRule('subscriptionStart', (startAt) => {
    const at = typeof startAt === 'string' ? new Date(startAt) : null;
    return at && !Number.isNaN(at.getTime()) ? subscriptionStartProblem(at, new Date()) : null; // not a date at all: IsDateString says so
  })
  startAt?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Overrides the plan\'s trial length, in days: the trial ends at local midnight (your tenant\'s `timeZone`) that many days after the start day\'s' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_TRIAL_DAYS) trialDays?: number;
  @ApiPropertyOptional({ example: 'WELCOME20', description: 'A coupon (code or id) to apply: the first invoice and the next ones take it as its terms say' }) @IsOptional() @IsString() @Length(1, 64) coupon?: string;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 31,
    example: 1,
    description:
      "Month and year prices: regular periods start at local midnight (your tenant's `timeZone`) on this day of the month (the month's last day when shorter: 31 → Feb 28/29 → Mar 31); the time until the first one is a prorated stub period, invoiced now (with a trial: when the trial ends, from its end to the anchor). Not with `billingCycleAnchor`.",
  })
  @IsOptional()
  @SatisfiesDomainRule('billingCycleAnchorDay', anchorDayProblem)
  billingCycleAnchorDay?: number;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'An instant within one billing period after the start (after the trial\'s end, with a trial) where regular periods start (Stripe\'s billing_cycle_anchor); the time until then is a prorated stub period. Not with `billingCycleAnchorDay`.',
  })
  @IsOptional()
  @IsDateString({}, { message: 'billingCycleAnchor must be an ISO 8601 date-time' })
  billingCycleAnchor?: string;
}

export class CancelSubscriptionDto {
  @ApiPropertyOptional({ default: false, description: 'true: keep it until the current period ends; false: end it now' })
  @IsOptional()
  @IsBoolean()
  atPeriodEnd?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: "Canceling now: credit the unused part of the current period (to the second) as a credit note against its invoice — lowering what is still due, or crediting the customer's balance for what was paid",
  })
  @IsOptional()
  @IsBoolean()
  prorate?: boolean;
}

export class ListSubscriptionsQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES, enumName: 'SubscriptionStatus' }) @IsOptional() @IsIn(SUBSCRIPTION_STATUSES) status?: SubscriptionStatus;
}

/** An item as a change leaves it: previewed (a change's preview) or scheduled (pendingChange). */
export class ChangeSubscriptionItemDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null for an item the change adds' }) id!: string | null;
  @ApiProperty({ format: 'uuid' }) priceId!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
}

export class ScheduledChangeDto extends ApiObject('subscription_scheduled_change') {
  @ApiProperty({ format: 'uuid', description: 'The base price billed from the next period' }) priceId!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: [ChangeSubscriptionItemDto], description: 'Every item billed from the next period, the base item first (its id is the subscription\'s), then the add-ons' })
  items!: ChangeSubscriptionItemDto[];
  @ApiProperty({ description: 'When it applies: the current period end' }) effectiveAt!: Date;
  @ApiProperty() requestedAt!: Date;
}

export class PauseCollectionDto {
  @ApiProperty({ enum: PAUSE_BEHAVIORS, enumName: 'PauseBehavior' }) behavior!: string;
  @ApiProperty({ nullable: true, type: Date, description: 'When the billing cycle resumes it; null: only by hand' }) resumesAt!: Date | null;
  @ApiProperty() pausedAt!: Date;
}

export class SubscriptionItemDto extends ApiObject('subscription_item') {
  @ApiProperty({ format: 'uuid', description: "The item's id; the base item's is the subscription's" }) id!: string;
  @ApiProperty({ format: 'uuid' }) priceId!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ description: "The base item: the subscription's priceId and quantity" }) base!: boolean;
}

export class SubscriptionDto extends ApiObject('subscription') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ format: 'uuid' }) priceId!: string;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES, enumName: 'SubscriptionStatus' }) status!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty() currentPeriodStart!: Date;
  @ApiProperty() currentPeriodEnd!: Date;
  @ApiProperty({ nullable: true, type: Date }) trialEnd!: Date | null;
  @ApiProperty() cancelAtPeriodEnd!: boolean;
  @ApiProperty({ nullable: true, type: Date }) canceledAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt!: Date | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: ScheduledChangeDto, description: 'The change scheduled for the current period end (DELETE …/scheduled-change cancels it)' })
  pendingChange!: ScheduledChangeDto | null;
  @ApiProperty({ nullable: true, type: PauseCollectionDto, description: 'Set while paused (status paused)' }) pauseCollection!: PauseCollectionDto | null;
  @ApiProperty({ type: [SubscriptionItemDto], description: 'Every item billed each period, the base item first, then the add-ons' }) items!: SubscriptionItemDto[];
  @ApiProperty({ description: 'Where regular period 0 starts: periods are counted from it (for an anchored subscription, the end of its stub period)' }) billingCycleAnchor!: Date;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The day of month its periods clamp to when it differs from the anchor\'s own (null: the anchor\'s local day)' })
  billingCycleAnchorDay!: number | null;
  @ApiProperty({ example: 'Asia/Kolkata', description: "IANA zone its periods are computed in: the tenant's when it was created (UTC for subscriptions created before time zones)" }) timeZone!: string;

  static from(s: SubscriptionRecord): SubscriptionDto {
    return subscriptionResource(s);
  }
}

export class CreatedSubscriptionDto extends SubscriptionDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The invoice of the first period (none during a trial)' })
  firstInvoiceId!: string | null;
}

export class SubscriptionPageDto extends PageMeta {
  @ApiProperty({ type: [SubscriptionDto] }) data!: SubscriptionDto[];
}
