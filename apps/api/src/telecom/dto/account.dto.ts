import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_ACCOUNT_AMOUNT_MINOR } from '@nova/telecom';
import { PageMeta, PageQuery } from '../../common/pagination';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsPositive, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ApiObject } from '../../common/api-object';


export class CreateTelecomAccountDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() subscriptionId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() ratePlanId!: string;
  @ApiProperty({ enum: ['prepaid', 'postpaid'], enumName: 'TelecomAccountKind' }) @IsIn(['prepaid', 'postpaid'], { message: 'kind must be prepaid or postpaid' }) kind!: 'prepaid' | 'postpaid';
  @ApiPropertyOptional({ type: 'integer', description: 'Prepaid: notify when the balance falls below this, in minor units', default: 0, maximum: MAX_ACCOUNT_AMOUNT_MINOR })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ACCOUNT_AMOUNT_MINOR) lowBalanceThreshold?: number;
  @ApiPropertyOptional({ description: 'Prepaid: suspend the account when the balance is exhausted', default: false })
  @IsOptional() @IsBoolean() suspendAtZero?: boolean;
}

export class TopUpDto {
  @ApiProperty({ type: 'integer', description: 'Minor units of the account currency', example: 50000, maximum: MAX_ACCOUNT_AMOUNT_MINOR }) @IsInt() @IsPositive() @Max(MAX_ACCOUNT_AMOUNT_MINOR) amount!: number;
  @ApiPropertyOptional({ description: 'Your reference (receipt, voucher)' }) @IsOptional() @IsString() @MaxLength(200) reference?: string;
}

export class TelecomAccountDto extends ApiObject('telecom_account') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ format: 'uuid' }) ratePlanId!: string;
  @ApiProperty({ enum: ['prepaid', 'postpaid'], enumName: 'TelecomAccountKind' }) kind!: string;
  @ApiProperty({ enum: ['active', 'suspended'], enumName: 'TelecomAccountStatus' }) status!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Exact balance as a decimal string, e.g. "12.345"' }) balance!: string;
  @ApiProperty({ description: 'Balance in nanos (1e-9 of the currency unit)' }) balanceNanos!: string;
  @ApiProperty({ type: 'integer', description: 'Balance in whole minor units, rounded down (never more credit than there is); `balance` is exact' }) balanceMinor!: number;
  @ApiProperty({ description: 'Minor units' }) lowBalanceThreshold!: string;
  @ApiProperty() suspendAtZero!: boolean;
  @ApiProperty({ type: [String] }) numbers!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Bundle seconds used this period' }) bundleUsage!: Record<string, number>;
}

export class TopUpResultDto extends ApiObject('telecom_top_up') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units of the account currency' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() balance!: string;
  @ApiProperty() balanceNanos!: string;
  @ApiProperty({ type: 'integer', description: 'Whole minor units, rounded down' }) balanceMinor!: number;
  @ApiProperty() status!: string;
}

export class AddDidsDto {
  @ApiProperty({ type: [String], example: ['+254 700 000 001'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10_000) @IsString({ each: true }) @MaxLength(32, { each: true }) numbers!: string[];
}

export class AssignDidDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() accountId!: string;
}

export class ListDidsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['available', 'assigned'], enumName: 'DidStatus' }) @IsOptional() @IsIn(['available', 'assigned']) status?: 'available' | 'assigned';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() accountId?: string;
}

export class DidDto extends ApiObject('did') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ nullable: true, type: String }) accountId!: string | null;
  @ApiProperty({ nullable: true, type: Date }) assignedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class DidPageDto extends PageMeta {
  @ApiProperty({ type: [DidDto] }) data!: DidDto[];
}

export class AddDidsResultDto {
  @ApiProperty({ type: 'integer' }) added!: number;
  @ApiProperty({ type: 'integer', description: 'Already in the inventory' }) existing!: number;
}
