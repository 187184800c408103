import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { createCustomer, deleteCustomer, getCustomer, listCustomers, updateCustomer } from '@nova/billing';
import { TenantContext, TenantDb, TenantDirectory, assertTenantAccessible, planLimitsOf } from '@nova/tenancy';
import { assertTestMode } from '../test-clocks/test-clocks.controller';
import { AllowApiKey, AuthPrincipal, CurrentAuth } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi';
import { pageRequest } from '../common/pagination';
import { CreateCustomerDto, CustomerDto, CustomerPageDto, ListCustomersQuery, UpdateCustomerDto } from './dto/customer.dto';
import { SerializeWithSchema } from '../common/response-schemas';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Customers')
@AllowApiKey()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly directory: TenantDirectory,
    private readonly context: TenantContext,
  ) {}

  @Post()
  @SerializeWithSchema()
  @ApiCreatedResponse({ type: CustomerDto })
  @ApiErrors(402)
  @ApiOperation({ summary: 'Create a customer', description: 'Within the `customers` limit of your NovaBilling plan (GET /api/tenants/me shows it): past it, 402 `plan_limit_reached`.' })
  async create(@CurrentAuth() auth: AuthPrincipal, @Body() body: CreateCustomerDto): Promise<CustomerDto> {
    if (body.testClockId !== undefined) assertTestMode(this.context, 'testClockId');
    // The plan's limits come with the tenant's cached directory record (the guard just read it).
    const [db, tenant] = await Promise.all([this.tenantDb.connection(), this.directory.find(auth.tenantId)]);
    return CustomerDto.from(await createCustomer(db, body, planLimitsOf(assertTenantAccessible(tenant))));
  }

  @Get()
  @SerializeWithSchema()
  @ApiOkResponse({ type: CustomerPageDto })
  @ApiOperation({ summary: 'List customers (cursor pagination, search)' })
  async list(@Query() query: ListCustomersQuery): Promise<CustomerPageDto> {
    const page = await listCustomers(await this.tenantDb.connection(), { ...pageRequest(query), search: query.search });
    return listOf(page, CustomerDto.from);
  }

  @Get(':id')
  @SerializeWithSchema()
  @ApiOkResponse({ type: CustomerDto })
  @ApiOperation({ summary: 'Get a customer' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<CustomerDto> {
    return CustomerDto.from(await getCustomer(await this.tenantDb.connection(), id));
  }

  @Patch(':id')
  @SerializeWithSchema()
  @ApiOkResponse({ type: CustomerDto })
  @ApiOperation({ summary: 'Update a customer' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateCustomerDto): Promise<CustomerDto> {
    return CustomerDto.from(await updateCustomer(await this.tenantDb.connection(), { ...body, id }));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only customers without subscriptions or invoices)' })
  @ApiOperation({ summary: 'Delete a customer' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteCustomer(await this.tenantDb.connection(), id);
  }
}
