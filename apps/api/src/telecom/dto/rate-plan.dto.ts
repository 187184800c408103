import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { CURRENCY_CODES } from '@nova/domain';
import { PageMeta } from '../../common/pagination';
import { ROUNDING_METHODS, type BundleData, type DestinationData, type RateData, type RoundingMethod, type TimingData } from '@nova/rating';
import { ApiObject } from '../../common/api-object';

export class RoundingDto {
  @ApiProperty({ enum: ROUNDING_METHODS, enumName: 'RoundingMethod' }) @IsIn(ROUNDING_METHODS, { message: `rounding.method must be one of ${ROUNDING_METHODS.join(', ')}` }) method!: RoundingMethod;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 9, example: 4 }) @IsInt() @Min(0) @Max(9) decimals!: number;
}

// Destinations, rates, timings and bundles are checked by libs/rating's compiler, which names
// every bad field by path (rates[3].unitSeconds); here they only need to be lists of objects.
export class CreateRatePlanDto {
  @ApiProperty({ example: 'Retail Nigeria' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'NGN' }) @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' }) currency!: string;
  @ApiProperty({ example: 'Africa/Lagos', description: 'IANA time zone of timings and local activation dates' }) @IsString() @Length(1, 64) timezone!: string;
  @ApiProperty({ type: RoundingDto }) @ValidateNested() @Type(() => RoundingDto) rounding!: RoundingDto;
  @ApiPropertyOptional({ description: 'Timings: { id, weight, weekdays?, dates?, startTime?, endTime? }', type: 'array', items: { type: 'object' } })
  @IsOptional() @IsArray() @IsObject({ each: true }) timings?: TimingData[];
  @ApiPropertyOptional({ description: 'Bundles: { id, destinations, seconds } per billing period', type: 'array', items: { type: 'object' } })
  @IsOptional() @IsArray() @IsObject({ each: true }) bundles?: BundleData[];
  @ApiPropertyOptional({ description: 'Destinations: { name, prefixes, weight? } (a deck import replaces them)', type: 'array', items: { type: 'object' } })
  @IsOptional() @IsArray() @IsObject({ each: true }) destinations?: DestinationData[];
  @ApiPropertyOptional({ description: 'Rates: { id, destination, pricePerUnit, unitSeconds, initialIncrement, subsequentIncrement, connectFee?, minCost?, maxCost?, timing?, activeFrom? }', type: 'array', items: { type: 'object' } })
  @IsOptional() @IsArray() @IsObject({ each: true }) rates?: RateData[];
}

export class UpdateRatePlanDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) timezone?: string;
  @ApiPropertyOptional({ type: RoundingDto }) @IsOptional() @ValidateNested() @Type(() => RoundingDto) rounding?: RoundingDto;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() @IsArray() @IsObject({ each: true }) timings?: TimingData[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() @IsArray() @IsObject({ each: true }) bundles?: BundleData[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() @IsArray() @IsObject({ each: true }) destinations?: DestinationData[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() @IsArray() @IsObject({ each: true }) rates?: RateData[];
}

export class RatePlanDto extends ApiObject('rate_plan') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ type: RoundingDto }) rounding!: RoundingDto;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) timings!: TimingData[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) bundles!: BundleData[];
  @ApiProperty({ type: 'integer', description: 'Bumped by every change' }) version!: number;
  @ApiPropertyOptional({ type: 'integer' }) destinationCount?: number;
  @ApiPropertyOptional({ type: 'integer' }) rateCount?: number;
  @ApiPropertyOptional({ type: "array", items: { type: "object" } }) destinations?: readonly DestinationData[];
  @ApiPropertyOptional({ type: "array", items: { type: "object" } }) rates?: readonly RateData[];
}

export class RatePlanPageDto extends PageMeta {
  @ApiProperty({ type: [RatePlanDto] }) data!: RatePlanDto[];
}

export class DeckImportReportDto {
  @ApiProperty({ type: 'integer' }) destinations!: number;
  @ApiProperty({ type: 'integer' }) prefixes!: number;
  @ApiProperty({ type: 'integer' }) rates!: number;
  @ApiProperty({ type: 'integer', description: 'Lines left out' }) rejectedCount!: number;
  @ApiProperty({ description: 'The first 1,000 bad lines: { line, field, message }', type: 'array', items: { type: 'object' } })
  rejected!: { line: number; field: string; message: string }[];
  @ApiProperty() seconds!: number;
}
