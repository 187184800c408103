import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import type { CustomerRecord } from '@nova/billing';
import { CURRENCY_CODES, PAYMENT_TERMS_DAYS_MAX } from '@nova/domain';
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

  @ApiPropertyOptional({ description: 'GSTIN, VAT or other tax id' }) @IsOptional() @IsString() @MaxLength(64) taxId?: string;

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
}

export class UpdateCustomerDto extends PartialType(CreateCustomerDto) {}

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
  @ApiProperty({ nullable: true, type: String }) taxId!: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) address!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @ApiProperty({ type: 'integer', nullable: true, description: "Days from issue to due; null: the tenant's default" }) paymentTermsDays!: number | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(customer: CustomerRecord): CustomerDto {
    const { id, externalId, name, email, phone, currency, taxId, address, metadata, paymentTermsDays, createdAt, updatedAt } = customer;
    return CustomerDto.of({ id, externalId, name, email, phone, currency, taxId, address, metadata, paymentTermsDays, createdAt, updatedAt });
  }
}

export class CustomerPageDto extends PageMeta {
  @ApiProperty({ type: [CustomerDto] }) data!: CustomerDto[];
}
