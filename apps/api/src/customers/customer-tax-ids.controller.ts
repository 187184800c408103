import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { listOf } from '../common/api-object';
import { PageQuery, pageRequest } from '../common/pagination';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { addCustomerTaxId, deleteCustomerTaxId, listCustomerTaxIds } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { ParseUuidPipe } from '../common/validation';
import { AddCustomerTaxIdDto, CustomerTaxIdDto, CustomerTaxIdListDto } from './dto/customer-tax-id.dto';

/** A customer's typed tax ids (Stripe's customer tax_ids): what invoices tax the customer by and print. */
@ApiTags('Customers')
@AllowApiKey()
@Controller('customers/:customerId/tax-ids')
export class CustomerTaxIdsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: CustomerTaxIdDto })
  @ApiOperation({ summary: 'Add a tax id to a customer', description: 'Validated by its type (GSTIN: state code and check character; KRA PIN, FIRS TIN, SARS VAT, EU VAT formats) and stored normalised; the same id twice is a 409.' })
  async add(@Param('customerId', ParseUuidPipe) customerId: string, @Body() body: AddCustomerTaxIdDto): Promise<CustomerTaxIdDto> {
    return CustomerTaxIdDto.from(await addCustomerTaxId(await this.tenantDb.connection(), { ...body, customerId }));
  }

  @Get()
  @ApiOkResponse({ type: CustomerTaxIdListDto })
  @ApiOperation({ summary: "List a customer's tax ids" })
  async list(@Param('customerId', ParseUuidPipe) customerId: string, @Query() query: PageQuery): Promise<CustomerTaxIdListDto> {
    return listOf(await listCustomerTaxIds(await this.tenantDb.connection(), customerId, pageRequest(query)), CustomerTaxIdDto.from);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted; issued invoices keep it in their snapshot' })
  @ApiOperation({ summary: "Delete a customer's tax id" })
  async remove(@Param('customerId', ParseUuidPipe) customerId: string, @Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteCustomerTaxId(await this.tenantDb.connection(), customerId, id);
  }
}
