import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CDR_STATUSES, MAX_CDRS_PER_BATCH } from '@nova/telecom';
import { PageMeta, PageQuery } from '../../common/pagination';
import { ApiObject } from '../../common/api-object';

export class CdrInputDto {
  @ApiProperty({ description: 'The switch\'s unique call id' }) id!: string;
  @ApiProperty({ example: '+254700000001' }) callerNumber!: string;
  @ApiProperty({ example: '+2348031234567' }) calledNumber!: string;
  @ApiProperty({ example: '2026-03-01T10:15:00Z', format: 'date-time' }) startedAt!: string;
  @ApiProperty({ example: 95, description: 'Seconds; fractions are kept to the millisecond' }) durationSeconds!: number;
}

/** The items are validated by validateCdrs (faster than class-validator on 10,000 CDRs). */
export class CdrBatchDto {
  @ApiProperty({ type: [CdrInputDto], maxItems: MAX_CDRS_PER_BATCH }) @IsArray() cdrs!: unknown[];
}

export class IngestResultDto {
  @ApiProperty({ type: 'integer' }) accepted!: number;
  @ApiProperty({ type: 'integer', description: 'Already stored (same switch id): ignored' }) duplicates!: number;
  @ApiProperty({ description: 'Invalid CDRs left out: { index, field, message }', type: 'array', items: { type: 'object' } })
  rejected!: { index: number; field: string; message: string }[];
}

export class CdrFilterQuery {
  @ApiPropertyOptional({ description: 'Caller or called number (digits)' }) @IsOptional() @IsString() @MaxLength(32) number?: string;
  @ApiPropertyOptional({ description: 'Calls started at or after', format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'Calls started before', format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ enum: CDR_STATUSES, enumName: 'CdrStatus' }) @IsOptional() @IsIn(CDR_STATUSES) status?: (typeof CDR_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) destination?: string;
  @ApiPropertyOptional({ description: 'Unratable reason, e.g. no_matching_prefix' }) @IsOptional() @IsString() @MaxLength(64) reason?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() accountId?: string;
}

export class ListCdrsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) number?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ enum: CDR_STATUSES, enumName: 'CdrStatus' }) @IsOptional() @IsIn(CDR_STATUSES) status?: (typeof CDR_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) destination?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) reason?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() accountId?: string;
}

export class RetryCdrsDto extends CdrFilterQuery {}

export class TopDestinationsQuery {
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ type: 'integer', default: 10, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit: number = 10;
}

export class CdrDto extends ApiObject('cdr') {
  @ApiProperty() id!: string;
  @ApiProperty() switchId!: string;
  @ApiProperty() callerNumber!: string;
  @ApiProperty() calledNumber!: string;
  @ApiProperty() startedAt!: Date;
  @ApiProperty() durationSeconds!: number;
  @ApiProperty({ enum: CDR_STATUSES, enumName: 'CdrStatus' }) status!: string;
  @ApiProperty({ nullable: true, type: String }) accountId!: string | null;
  @ApiProperty({ nullable: true, type: String }) destination!: string | null;
  @ApiProperty({ nullable: true, type: String }) matchedPrefix!: string | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ description: 'Exact cost, decimal string' }) cost!: string;
  @ApiProperty() costNanos!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Cost in whole minor units of `currency`, rounded half-up; null while unrated. `cost` is exact' }) costMinor!: number | null;
  @ApiProperty({ type: 'integer' }) billedSeconds!: number;
  @ApiProperty({ type: 'integer' }) bundleSeconds!: number;
  @ApiProperty() overLimit!: boolean;
  @ApiProperty({ nullable: true, type: String }) failureReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage!: string | null;
  @ApiProperty({ nullable: true, type: String }) invoiceId!: string | null;
}

export class CdrPageDto extends PageMeta {
  @ApiProperty({ type: [CdrDto] }) data!: CdrDto[];
}

export class RetryResultDto {
  @ApiProperty({ type: 'integer', description: 'CDRs queued for rating again' }) queued!: number;
}

export class CdrStatusTotalsDto {
  @ApiProperty({ enum: ['pending', 'rated', 'unratable'], enumName: 'CdrStatus' }) status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The accounts\' currency (null for CDRs of unknown numbers)' }) currency!: string | null;
  @ApiProperty({ type: 'integer' }) calls!: number;
  @ApiProperty({ type: 'integer' }) billedSeconds!: number;
  @ApiProperty({ type: 'integer', description: 'Seconds paid by bundles' }) bundleSeconds!: number;
  @ApiProperty({ description: 'Total cost in nanos (1e-9 of the currency unit), as a decimal string' }) costNanos!: string;
  @ApiProperty({ type: 'integer', description: 'CDRs rated while the prepaid balance was exhausted' }) overLimit!: number;
}

export class UnratableReasonDto {
  @ApiProperty({ example: 'no_matching_prefix' }) reason!: string;
  @ApiProperty({ type: 'integer' }) calls!: number;
}

export class CdrStatisticsDto extends ApiObject('cdr_statistics') {
  @ApiProperty({ type: [CdrStatusTotalsDto] }) byStatus!: CdrStatusTotalsDto[];
  @ApiProperty({ type: [UnratableReasonDto] }) unratableReasons!: UnratableReasonDto[];
}

export class TopDestinationDto extends ApiObject('top_destination') {
  @ApiProperty({ example: 'Kenya Mobile Safaricom' }) destination!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer' }) calls!: number;
  @ApiProperty({ type: 'integer' }) billedSeconds!: number;
  @ApiProperty({ description: 'Total cost in nanos (1e-9 of the currency unit), as a decimal string' }) costNanos!: string;
}
