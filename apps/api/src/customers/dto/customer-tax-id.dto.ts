import { ApiProperty } from '@nestjs/swagger';
import type { CustomerTaxIdRecord } from '@nova/billing';
import { TAX_ID_TYPES } from '@nova/domain';
import { TaxIdInputDto } from '../../tax/dto/tax.dto';
import { ApiList, ApiObject } from '../../common/api-object';

export class AddCustomerTaxIdDto extends TaxIdInputDto {}

export class CustomerTaxIdDto extends ApiObject('tax_id') {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: TAX_ID_TYPES, enumName: 'TaxIdType' }) type!: string;
  @ApiProperty({ example: '29AAACC1206D1ZC', description: 'Normalised: upper case, no spaces or dots' }) value!: string;
  @ApiProperty() createdAt!: Date;

  static from({ id, customerId, type, value, createdAt }: CustomerTaxIdRecord): CustomerTaxIdDto {
    return { object: 'tax_id', id, customerId, type, value, createdAt };
  }
}

export class CustomerTaxIdListDto extends ApiList {
  @ApiProperty({ type: [CustomerTaxIdDto], description: 'Oldest first (at most 10)' }) data!: CustomerTaxIdDto[];
  @ApiProperty({ description: 'Always false: a customer has at most 10 tax ids, all on one page' }) hasMore!: boolean;
}
