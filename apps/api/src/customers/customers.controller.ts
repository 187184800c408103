import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowApiKey } from '../auth/auth.decorators';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, CustomerDto, CustomerPageDto, ListCustomersQuery, UpdateCustomerDto } from './dto/customer.dto';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Customers')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @ApiCreatedResponse({ type: CustomerDto })
  async create(@Body() body: CreateCustomerDto): Promise<CustomerDto> {
    return CustomerDto.from(await this.customers.create(body));
  }

  @Get()
  @ApiOkResponse({ type: CustomerPageDto })
  async list(@Query() query: ListCustomersQuery): Promise<CustomerPageDto> {
    const page = await this.customers.list(query);
    return { data: page.data.map(CustomerDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerDto })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<CustomerDto> {
    return CustomerDto.from(await this.customers.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: CustomerDto })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateCustomerDto): Promise<CustomerDto> {
    return CustomerDto.from(await this.customers.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only customers without subscriptions or invoices)' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.customers.remove(id);
  }
}
