import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { type CustomerRecord, customerResource } from '@nova/billing';
import { CURRENCY_CODES, CUSTOMER_TAX_STATUSES, type CustomerTaxStatus, PAYMENT_TERMS_DAYS_MAX } from '@nova/domain';
import { CreatedPageQuery, PageMeta } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';

export class CreateCustomerDto {
  @ApiProperty({ example: 'Wanjiru Kamau' }) @IsString() @Length(1, 200) name!: string;

  @ApiProperty({ example: 'wanjiru@example.co.ke', format: 'email' }) @IsEmail({}, { message: 'email must be a valid e-mail address' }) email!: string;

  @ApiPropertyOptional({ example: '+254712345678' }) @IsOptional() @IsString() @MaxLength(32) phone?: string;

  @ApiPropertyOptional({ example: 'KES', description: 'ISO 4217 code' })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code' })
  currency?: string;

  @ApiPropertyOptional({ description: 'Your own id for this customer (unique)' }) @IsOptional() @IsString() @Length(1, 128) externalId?: string;

  @ApiPropertyOptional({ description: 'Free-text tax reference kept for your records; typed, validated tax ids that invoices are taxed by are /api/customers/{customerId}/tax-ids' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  taxId?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TAX_STATUSES, enumName: 'CustomerTaxStatus', default: 'taxable', description: 'exempt: charged no tax; reverse_charge: the customer accounts for the tax itself' })
  @IsOptional()
  @IsIn(CUSTOMER_TAX_STATUSES)
  taxStatus?: CustomerTaxStatus;

  @ApiPropertyOptional({ ...METADATA_PROPERTY, example: { line1: '1 Moi Ave', city: 'Nairobi', country: 'KE' } })
  @IsOptional()
  @IsMetadata()
  address?: Record<string, unknown>;

  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: PAYMENT_TERMS_DAYS_MAX, description: "Days from issue to due for this customer's invoices; omit for the tenant's default" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(PAYMENT_TERMS_DAYS_MAX)
  paymentTermsDays?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Test mode only: the test clock this customer lives by (its subscriptions, invoices and payments run as of the clock). Set at creation only.' })
  @IsOptional()
  @IsUUID('all', { message: 'testClockId must be a UUID' })
  testClockId?: string;
}

export class UpdateCustomerDto extends PartialType(OmitType(CreateCustomerDto, ['testClockId'] as const)) {}

export class ListCustomersQuery extends CreatedPageQuery {
  @ApiPropertyOptional({ description: 'Matches name or e-mail (case-insensitive, partial)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class CustomerDto extends ApiObject('customer') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Free-text tax reference (see tax-ids for the typed ones)' }) taxId!: string | null;
  @ApiProperty({ enum: CUSTOMER_TAX_STATUSES, enumName: 'CustomerTaxStatus' }) taxStatus!: string;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) address!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty({ type: 'integer', nullable: true, description: "Days from issue to due; null: the tenant's default" }) paymentTermsDays!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Test mode: the test clock the customer lives by; null on the wall clock' }) testClockId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(customer: CustomerRecord): CustomerDto {
    return customerResource(customer);
  }
}

export class CustomerPageDto extends PageMeta {
  @ApiProperty({ type: [CustomerDto] }) data!: CustomerDto[];
}
