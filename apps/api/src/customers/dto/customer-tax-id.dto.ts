import { ApiProperty } from '@nestjs/swagger';
import type { CustomerTaxIdRecord } from '@nova/billing';
import { TAX_ID_TYPES } from '@nova/domain';
import { TaxIdInputDto } from '../../tax/dto/tax.dto';
import { ApiObject } from '../../common/api-object';
import { PageMeta } from '../../common/pagination';

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

export class CustomerTaxIdListDto extends PageMeta {
  @ApiProperty({ type: [CustomerTaxIdDto], description: 'Newest first (a customer has at most 10)' }) data!: CustomerTaxIdDto[];
}
