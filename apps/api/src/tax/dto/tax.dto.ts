import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import type { TaxProfileRecord, TaxRateRecord } from '@nova/billing';
import { MAX_TAX_IDS, TAX_BEHAVIORS, TAX_ID_TYPES, TAX_LEGAL_NAME_MAX_LENGTH, TAX_RATE_MAX_COMPONENTS, TAX_RATE_NAME_MAX_LENGTH, type TaxBehavior, type TaxIdType, countryCodeProblem } from '@nova/domain';
import { SatisfiesDomainRule } from '../../common/domain-rule';
import { PageMeta, PageQuery } from '../../common/pagination';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { ApiObject } from '../../common/api-object';

const TAX_ID_TYPE_DESCRIPTION = 'in_gstin (India GSTIN), ke_pin (Kenya KRA PIN), ng_tin (Nigeria FIRS TIN), za_vat (South Africa VAT), eu_vat (EU VAT number)';
const PERCENTAGE_PATTERN = '^\\d{1,3}(\\.\\d{1,6})?$';

export class TaxIdInputDto {
  @ApiProperty({ enum: TAX_ID_TYPES, enumName: 'TaxIdType', description: TAX_ID_TYPE_DESCRIPTION }) @IsIn(TAX_ID_TYPES) type!: TaxIdType;
  @ApiProperty({ example: '29AABCU9603R1ZJ', maxLength: 32, description: 'Validated by its published structure (GSTIN: state code and check character) and stored upper-case without spaces' })
  @IsString()
  @Length(1, 32)
  value!: string;
}

export class TaxIdDto {
  @ApiProperty({ enum: TAX_ID_TYPES, enumName: 'TaxIdType' }) type!: string;
  @ApiProperty({ example: '29AABCU9603R1ZJ' }) value!: string;
}

const CountryInput = () => SatisfiesDomainRule('country', countryCodeProblem);

export class PutTaxProfileDto {
  @ApiProperty({ example: 'Nimbus Cloud Pvt Ltd', maxLength: TAX_LEGAL_NAME_MAX_LENGTH, description: 'The registered legal name printed on tax invoices' })
  @IsString()
  @Length(1, TAX_LEGAL_NAME_MAX_LENGTH)
  legalName!: string;

  @ApiPropertyOptional({ ...METADATA_PROPERTY, example: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', postalCode: '560001', country: 'IN' }, description: 'Postal address parts, printed on invoices' })
  @IsOptional()
  @IsMetadata()
  address?: Record<string, unknown>;

  @ApiProperty({ example: 'IN', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 of the place of business; IN with a GSTIN means GST, anything else VAT' }) @CountryInput() country!: string;

  @ApiPropertyOptional({ type: [TaxIdInputDto], maxItems: MAX_TAX_IDS, description: 'Registrations: at most one GSTIN (its state is where supplies are made from), VAT/KRA PIN, TIN' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAX_IDS)
  @ValidateNested({ each: true })
  @Type(() => TaxIdInputDto)
  taxIds?: TaxIdInputDto[];

  @ApiPropertyOptional({ enum: TAX_BEHAVIORS, enumName: 'TaxBehavior', default: 'exclusive', description: 'Whether prices include tax, for rates that do not say' })
  @IsOptional()
  @IsIn(TAX_BEHAVIORS)
  defaultTaxBehavior?: TaxBehavior;

  @ApiPropertyOptional({ format: 'uuid', description: 'The active rate of lines whose price (or product) names none; omitted: such lines are untaxed' })
  @IsOptional()
  @IsUUID()
  defaultTaxRateId?: string;
}

export class TaxProfileDto extends ApiObject('tax_profile') {
  @ApiProperty() legalName!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) address!: Record<string, unknown>;
  @ApiProperty({ example: 'IN' }) country!: string;
  @ApiProperty({ type: [TaxIdDto] }) taxIds!: TaxIdDto[];
  @ApiProperty({ enum: TAX_BEHAVIORS, enumName: 'TaxBehavior' }) defaultTaxBehavior!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) defaultTaxRateId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(profile: TaxProfileRecord): TaxProfileDto {
    const { legalName, address, country, taxIds, defaultTaxBehavior, defaultTaxRateId, createdAt, updatedAt } = profile;
    return { object: 'tax_profile', legalName, address, country, taxIds: taxIds.map(({ type, value }) => ({ type, value })), defaultTaxBehavior, defaultTaxRateId, createdAt, updatedAt };
  }
}

export class TaxRateComponentInputDto {
  @ApiProperty({ example: 'VAT', pattern: '^[A-Z][A-Z0-9_]{0,15}$', description: 'The levy, e.g. VAT, NHIL' }) @IsString() @Length(1, 16) code!: string;
  @ApiProperty({ example: '16', pattern: PERCENTAGE_PATTERN, description: 'Exact decimal per cent' }) @IsString() @Length(1, 12) percentage!: string;
}

export class TaxRateComponentDto {
  @ApiProperty({ example: 'VAT' }) code!: string;
  @ApiProperty({ example: '16' }) percentage!: string;
}

export class CreateTaxRateDto {
  @ApiProperty({ example: 'GST 18%', maxLength: TAX_RATE_NAME_MAX_LENGTH }) @IsString() @Length(1, TAX_RATE_NAME_MAX_LENGTH) name!: string;
  @ApiProperty({ example: 'IN', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 of the jurisdiction' }) @CountryInput() country!: string;
  @ApiPropertyOptional({ example: 'Karnataka', maxLength: 64, description: "A state's rate: for India a GST state code or name (stored as the code)" }) @IsOptional() @IsString() @MaxLength(64) state?: string;
  @ApiProperty({ example: '18', pattern: PERCENTAGE_PATTERN, description: 'The whole rate as an exact decimal per cent (0–100, up to 6 decimals); GST is split into CGST + SGST or charged as IGST per sale' })
  @IsString()
  @Length(1, 12)
  percentage!: string;
  @ApiPropertyOptional({ type: [TaxRateComponentInputDto], maxItems: TAX_RATE_MAX_COMPONENTS, description: 'VAT: stacked levies adding up to the rate (omitted: one VAT levy); must be empty for India' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TAX_RATE_MAX_COMPONENTS)
  @ValidateNested({ each: true })
  @Type(() => TaxRateComponentInputDto)
  components?: TaxRateComponentInputDto[];
  @ApiPropertyOptional({ enum: TAX_BEHAVIORS, enumName: 'TaxBehavior', description: "Whether prices include this tax; omitted: the tax profile's default" }) @IsOptional() @IsIn(TAX_BEHAVIORS) taxBehavior?: TaxBehavior;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
}

/** A rate's percentage, levies and jurisdiction never change (invoices were issued at them): make a new rate. */
export class UpdateTaxRateDto {
  @ApiPropertyOptional({ maxLength: TAX_RATE_NAME_MAX_LENGTH }) @IsOptional() @IsString() @Length(1, TAX_RATE_NAME_MAX_LENGTH) name?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ description: 'false archives the rate: kept where it is used, offered for nothing new' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ enum: TAX_BEHAVIORS, enumName: 'TaxBehavior' }) @IsOptional() @IsIn(TAX_BEHAVIORS) taxBehavior?: TaxBehavior;
}

export class ListTaxRatesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], enumName: 'BooleanText', description: '`true`: only active rates; `false`: only archived ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class TaxRateDto extends ApiObject('tax_rate') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'IN' }) country!: string;
  @ApiProperty({ nullable: true, type: String, description: 'GST state code, or another region' }) state!: string | null;
  @ApiProperty({ example: '18', description: 'Exact decimal per cent' }) percentage!: string;
  @ApiProperty({ type: [TaxRateComponentDto], description: 'VAT levies; empty for GST (decided per sale)' }) components!: TaxRateComponentDto[];
  @ApiProperty({ nullable: true, type: String, example: 'exclusive', description: "exclusive or inclusive; null: the tax profile's default" }) taxBehavior!: string | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from(rate: TaxRateRecord): TaxRateDto {
    const { id, name, country, state, percentage, components, taxBehavior, description, active, createdAt, updatedAt } = rate;
    return { object: 'tax_rate', id, name, country, state, percentage, components: components.map(({ code, percentage: p }) => ({ code, percentage: p })), taxBehavior, description, active, createdAt, updatedAt };
  }
}

export class TaxRatePageDto extends PageMeta {
  @ApiProperty({ type: [TaxRateDto] }) data!: TaxRateDto[];
}
