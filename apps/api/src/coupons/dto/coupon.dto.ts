import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import type { CouponRecord, DiscountView } from '@nova/billing';
import { COUPON_CODE_PATTERN, COUPON_CODE_RULE, COUPON_DURATIONS, type CouponDuration, MAX_COUPON_DURATION_MONTHS, MAX_COUPON_REDEMPTIONS } from '@nova/domain';
import { PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';

export class CreateCouponDto {
  @ApiProperty({ example: 'WELCOME20', description: `What customers and integrations type: ${COUPON_CODE_RULE}; unique` })
  @IsString()
  @Matches(COUPON_CODE_PATTERN, { message: `code must be ${COUPON_CODE_RULE}` })
  code!: string;
  @ApiPropertyOptional({ example: 'Welcome: 20% off for 3 months' }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ type: 'number', example: 20, description: 'Per cent off, more than 0 and at most 100, at most 2 decimals (12.5). Give this or amountOff.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  percentOff?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Minor units of `currency` off; give this or percentOff' }) @IsOptional() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountOff?: number;
  @ApiPropertyOptional({ example: 'KES', description: 'The currency of amountOff (ISO 4217); only invoices in it are discounted' }) @IsOptional() @IsString() @Length(3, 3) currency?: string;
  @ApiProperty({ enum: COUPON_DURATIONS, enumName: 'CouponDuration', description: 'once: one invoice; repeating: the invoices of durationInMonths months; forever' })
  @IsIn(COUPON_DURATIONS)
  duration!: CouponDuration;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_COUPON_DURATION_MONTHS, description: 'Only for repeating' }) @IsOptional() @IsInt() @Min(1) @Max(MAX_COUPON_DURATION_MONTHS) durationInMonths?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_COUPON_REDEMPTIONS, description: 'How many times it can be applied, in all' }) @IsOptional() @IsInt() @Min(1) @Max(MAX_COUPON_REDEMPTIONS) maxRedemptions?: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'The last moment it can be applied' }) @IsOptional() @IsDateString({}, { message: 'redeemBy must be an ISO 8601 date-time' }) redeemBy?: string;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
}

/** A coupon's terms never change once made (they are what customers were promised): only these do. */
export class UpdateCouponDto {
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) name?: string | null;
  @ApiPropertyOptional({ description: 'false archives it: it can no longer be applied; discounts already given run their course' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
}

export class CouponDto extends ApiObject('coupon') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: 'number', description: 'Per cent off (12.5), or null for an amount off' }) percentOff!: number | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'Minor units off, or null for a percentage' }) amountOff!: number | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ enum: COUPON_DURATIONS, enumName: 'CouponDuration' }) duration!: CouponDuration;
  @ApiProperty({ nullable: true, type: 'integer' }) durationInMonths!: number | null;
  @ApiProperty({ nullable: true, type: 'integer' }) maxRedemptions!: number | null;
  @ApiProperty({ type: 'integer' }) timesRedeemed!: number;
  @ApiProperty({ nullable: true, type: Date }) redeemBy!: Date | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty() createdAt!: Date;

  static from(coupon: CouponRecord): CouponDto {
    return {
      object: 'coupon',
      id: coupon.id,
      code: coupon.code,
      name: coupon.name,
      percentOff: coupon.percentOffBasisPoints === null ? null : coupon.percentOffBasisPoints / 100,
      amountOff: coupon.amountOff === null ? null : Number(coupon.amountOff),
      currency: coupon.currency,
      duration: coupon.duration,
      durationInMonths: coupon.durationInMonths,
      maxRedemptions: coupon.maxRedemptions,
      timesRedeemed: coupon.timesRedeemed,
      redeemBy: coupon.redeemBy,
      active: coupon.active,
      metadata: coupon.metadata,
      createdAt: coupon.createdAt,
    };
  }
}

export class CouponPageDto extends PageMeta {
  @ApiProperty({ type: [CouponDto] }) data!: CouponDto[];
}

export class ApplyCouponDto {
  @ApiProperty({ example: 'WELCOME20', description: 'The coupon, by code or id' }) @IsString() @Length(1, 64) coupon!: string;
}

export class DiscountDto extends ApiObject('discount') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: CouponDto }) coupon!: CouponDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) subscriptionId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) customerId!: string | null;
  @ApiProperty() start!: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When a repeating discount stops applying; null for once (after one invoice) and forever' }) end!: Date | null;
  @ApiProperty({ type: 'integer', description: 'Invoices it has taken something off' }) invoicesDiscounted!: number;

  static from(discount: DiscountView): DiscountDto {
    return {
      object: 'discount',
      id: discount.id,
      coupon: CouponDto.from(discount.coupon),
      subscriptionId: discount.subscriptionId,
      customerId: discount.customerId,
      start: discount.start,
      end: discount.end,
      invoicesDiscounted: discount.invoicesDiscounted,
    };
  }
}
