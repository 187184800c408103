import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Tenant } from '@nova/central-db';
import { CURRENCY_CODES, INVOICE_PREFIX_MAX_LENGTH, PAYMENT_TERMS_DAYS_MAX, invoicePrefixProblem } from '@nova/domain';
import { SatisfiesDomainRule } from '../../common/domain-rule';
import { ApiObject } from '../../common/api-object';

export class TenantDto extends ApiObject('tenant') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['provisioning', 'active', 'suspended'], enumName: 'TenantStatus' }) status!: string;
  @ApiProperty({ example: 'KES' }) defaultCurrency!: string;
  @ApiProperty({ example: 'INV' }) invoicePrefix!: string;
  @ApiProperty({ type: 'integer', example: 14 }) paymentTermsDays!: number;
  @ApiProperty({ nullable: true, type: String }) billingEmail!: string | null;
  @ApiProperty({ description: 'The database server holding this tenant\'s data' }) dbServer!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) activatedAt!: Date | null;

  static from(tenant: Tenant): TenantDto {
    return TenantDto.of({
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      status: tenant.status,
      defaultCurrency: tenant.defaultCurrency,
      invoicePrefix: tenant.invoicePrefix,
      paymentTermsDays: tenant.paymentTermsDays,
      billingEmail: tenant.billingEmail,
      dbServer: tenant.dbServer,
      createdAt: tenant.createdAt,
      activatedAt: tenant.activatedAt,
    });
  }
}

export class UpdateTenantDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 120) name?: string;

  @ApiPropertyOptional({ example: 'KES' })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'defaultCurrency must be an ISO 4217 currency code' })
  defaultCurrency?: string;

  @ApiPropertyOptional({ example: 'ACME', description: "Prefix of new invoice numbers (ACME → ACME-000042; a trailing '-' is the separator)", maxLength: INVOICE_PREFIX_MAX_LENGTH })
  @IsOptional()
  @SatisfiesDomainRule('invoicePrefix', invoicePrefixProblem)
  invoicePrefix?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: PAYMENT_TERMS_DAYS_MAX }) @IsOptional() @IsInt() @Min(0) @Max(PAYMENT_TERMS_DAYS_MAX) paymentTermsDays?: number;

  @ApiPropertyOptional({ description: 'Reply-to address on invoice e-mails', format: 'email' }) @IsOptional() @IsEmail() billingEmail?: string;
}
