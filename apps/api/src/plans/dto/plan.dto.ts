import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import type { PlanRecord, PlanWithPrices, PriceRecord } from '@nova/billing';
import { BILLING_SCHEMES, CURRENCY_CODES, MAX_PRICE_TIERS, MAX_TIER_AMOUNT, TIERS_MODES, MAX_TRIAL_DAYS, PLAN_CODE_PATTERN, PLAN_CODE_RULE, INTERVALS as DOMAIN_INTERVALS, intervalCountProblem, isInterval, MAX_INTERVAL_COUNT, type Interval } from '@nova/domain';
import { SatisfiesDomainRule } from '../../common/domain-rule';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { PageMeta } from '../../common/pagination';
import { TaxCodeInput, TaxCodeOutput, TaxRateIdInput, TaxRateIdOutput } from '../../tax/dto/tax-settings.properties';
import { ApiObject } from '../../common/api-object';

export const INTERVALS = DOMAIN_INTERVALS;

export class CreatePlanDto {
  @ApiProperty({ example: 'pro-monthly', description: 'Your stable identifier for the plan (unique)' })
  @Matches(PLAN_CODE_PATTERN, { message: `code must be ${PLAN_CODE_RULE}` })
  code!: string;

  @ApiProperty({ example: 'Pro' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() productId?: string;
  @ApiPropertyOptional({ type: 'integer', default: 0, description: 'Free trial length for new subscriptions' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_TRIAL_DAYS) trialDays?: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
}

export class UpdatePlanDto extends PartialType(OmitType(CreatePlanDto, ['code'] as const)) {}

export class PlanDto extends ApiObject('plan') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) productId!: string | null;
  @ApiProperty({ type: 'integer' }) trialDays!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from({ id, code, name, description, productId, trialDays, active, metadata, createdAt, updatedAt }: PlanRecord): PlanDto {
    return PlanDto.of({ id, code, name, description, productId, trialDays, active, metadata, createdAt, updatedAt });
  }
}

export class PriceTierInputDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    nullable: true,
    description: "The last quantity this tier covers, ascending; the last tier has none: null (Stripe's string 'inf' is taken too)",
    example: 10,
  })
  upTo!: number | 'inf' | null;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_TIER_AMOUNT, default: 0, description: 'Per unit, in minor units' }) unitAmount?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_TIER_AMOUNT, default: 0, description: 'Once for the tier when reached, in minor units' }) flatAmount?: number;
}

export class CreatePriceDto {
  @ApiProperty({ example: 'KES', description: 'ISO 4217 code' })
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' })
  currency!: string;

  @ApiPropertyOptional({ type: 'integer', example: 250000, description: 'Price per period and unit in minor units of the currency (KES 2,500.00 = 250000); required for a per-unit price, not given for a tiered one' })
  @IsOptional()
  @IsInt({ message: 'unitAmount must be an integer number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  unitAmount?: number;

  @ApiPropertyOptional({ enum: BILLING_SCHEMES, enumName: 'BillingScheme', default: 'per_unit', description: 'per_unit: unitAmount × quantity; tiered: by tiers (Stripe\'s billing_scheme)' })
  @IsOptional()
  @IsIn(BILLING_SCHEMES)
  billingScheme?: string;

  @ApiPropertyOptional({ enum: TIERS_MODES, enumName: 'TiersMode', description: 'A tiered price: graduated (each tier bills the units in it) or volume (the whole quantity at the tier it reaches)' })
  @IsOptional()
  @IsIn(TIERS_MODES)
  tiersMode?: string;

  @ApiPropertyOptional({ type: [PriceTierInputDto], maxItems: MAX_PRICE_TIERS, description: "A tiered price's tiers (2 or more), ascending upTo, the last one unbounded; checked tier by tier (400 naming e.g. tiers[1].upTo)" })
  @IsOptional()
  @IsArray()
  tiers?: PriceTierInputDto[];

  @ApiProperty({ enum: INTERVALS, enumName: 'Interval' }) @IsIn(INTERVALS) interval!: Interval;

  @ApiPropertyOptional({ type: 'integer', default: 1, description: `Periods per invoice, e.g. 3 months; at most ${Object.entries(MAX_INTERVAL_COUNT).map(([unit, max]) => `${max} ${unit}s`).join(', ')}` })
  @IsOptional()
  @SatisfiesDomainRule('intervalCount', (count, price) => (isInterval(price.interval) ? intervalCountProblem(price.interval, count) : null))
  intervalCount?: number;

  @ApiPropertyOptional({ example: 'Monthly, KES' }) @IsOptional() @IsString() @MaxLength(200) nickname?: string;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
  @TaxCodeInput(" (overrides the plan's product's)") taxCode?: string;
  @TaxRateIdInput(" (overrides the plan's product's)") taxRateId?: string;
}

/** What may change on a price: its amount, currency and interval never do (make a new price instead). */
export class UpdatePriceDto {
  @ApiPropertyOptional({ example: 'Monthly, KES' }) @IsOptional() @IsString() @MaxLength(200) nickname?: string;
  @ApiPropertyOptional({ description: 'false retires the price: existing subscriptions keep it, new ones cannot use it' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
  @TaxCodeInput(" (overrides the plan's product's)") taxCode?: string;
  @TaxRateIdInput(" (overrides the plan's product's)") taxRateId?: string;
}

export class PriceTierDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'The last quantity the tier covers; null on the last tier' }) upTo!: number | null;
  @ApiProperty({ type: 'integer', description: 'Per unit, minor units' }) unitAmount!: number;
  @ApiProperty({ type: 'integer', description: 'Once for the tier when reached, minor units' }) flatAmount!: number;
}

export class PriceDto extends ApiObject('price') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units per unit (0 for a tiered price)' }) unitAmount!: number;
  @ApiProperty({ enum: BILLING_SCHEMES, enumName: 'BillingScheme' }) billingScheme!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'graduated', description: `A tiered price's mode (TiersMode: ${TIERS_MODES.join(' or ')}); null for a per-unit price` }) tiersMode!: string | null;
  @ApiProperty({ type: [PriceTierDto], nullable: true, description: 'A tiered price\'s tiers; null for a per-unit price' }) tiers!: PriceTierDto[] | null;
  @ApiProperty({ enum: INTERVALS, enumName: 'Interval' }) interval!: string;
  @ApiProperty({ type: 'integer' }) intervalCount!: number;
  @ApiProperty({ nullable: true, type: String }) nickname!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: Record<string, unknown>;
  @TaxCodeOutput() taxCode!: string | null;
  @TaxRateIdOutput() taxRateId!: string | null;
  @ApiProperty() createdAt!: Date;

  static from(price: PriceRecord): PriceDto {
    const { id, planId, currency, interval, intervalCount, nickname, active, metadata, taxCode, taxRateId, createdAt, billingScheme, tiersMode } = price;
    const tiers = price.tiers && price.tiers.map((tier) => ({ upTo: tier.upTo, unitAmount: Number(tier.unitAmount), flatAmount: Number(tier.flatAmount) }));
    return PriceDto.of({ id, planId, currency, unitAmount: Number(price.unitAmount), billingScheme, tiersMode, tiers, interval, intervalCount, nickname, active, metadata, taxCode, taxRateId, createdAt });
  }
}

export class PlanWithPricesDto extends PlanDto {
  @ApiProperty({ type: [PriceDto] }) prices!: PriceDto[];

  static override from(plan: PlanWithPrices): PlanWithPricesDto {
    return { ...PlanDto.from(plan), prices: plan.prices.map(PriceDto.from) };
  }
}

export class PlanPageDto extends PageMeta {
  @ApiProperty({ type: [PlanWithPricesDto] }) data!: PlanWithPricesDto[];
}

export class PricePageDto extends PageMeta {
  @ApiProperty({ type: [PriceDto] }) data!: PriceDto[];
}
