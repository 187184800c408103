// The tax settings a product or a price carries, documented and validated once for both DTOs.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { taxCodeProblem } from '@nova/domain';
import { SatisfiesDomainRule } from '../../common/domain-rule';

const TAX_CODE_DESCRIPTION = 'HSN (goods) or SAC (services) code under GST, or your own tax category; printed on invoice lines';

/** Optional `taxCode` of a create or update body. */
export const TaxCodeInput = (whose: string) =>
  applyDecorators(ApiPropertyOptional({ example: '998422', maxLength: 32, description: `${TAX_CODE_DESCRIPTION}${whose}` }), IsOptional(), SatisfiesDomainRule('taxCode', taxCodeProblem));

/** Optional `taxRateId` of a create or update body. */
export const TaxRateIdInput = (whose: string) =>
  applyDecorators(ApiPropertyOptional({ format: 'uuid', description: `A tax rate of /api/tax/rates that its invoice lines are taxed at${whose}` }), IsOptional(), IsUUID());

export const TaxCodeOutput = () => ApiProperty({ nullable: true, type: String, description: TAX_CODE_DESCRIPTION });
export const TaxRateIdOutput = () => ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The tax rate its invoice lines are taxed at' });
