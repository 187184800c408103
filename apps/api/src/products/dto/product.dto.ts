import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { ProductRecord } from '@nova/billing';
import { IsMetadata, METADATA_PROPERTY } from '../../common/validation';
import { PageMeta } from '../../common/pagination';
import { TaxCodeInput, TaxCodeOutput, TaxRateIdInput, TaxRateIdOutput } from '../../tax/dto/tax-settings.properties';
import { ApiObject } from '../../common/api-object';

export class CreateProductDto {
  @ApiProperty({ example: 'Fibre Internet' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional(METADATA_PROPERTY) @IsOptional() @IsMetadata() metadata?: Record<string, unknown>;
  @TaxCodeInput(' (its prices may override it)') taxCode?: string;
  @TaxRateIdInput(' (its prices may override it)') taxRateId?: string;
}

export class UpdateProductDto extends PartialType(CreateProductDto) {}

export class ProductDto extends ApiObject('product') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: unknown;
  @TaxCodeOutput() taxCode!: string | null;
  @TaxRateIdOutput() taxRateId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;

  static from({ id, name, description, active, metadata, taxCode, taxRateId, createdAt, updatedAt }: ProductRecord): ProductDto {
    return ProductDto.of({ id, name, description, active, metadata, taxCode, taxRateId, createdAt, updatedAt });
  }
}

export class ProductPageDto extends PageMeta {
  @ApiProperty({ type: [ProductDto] }) data!: ProductDto[];
}
