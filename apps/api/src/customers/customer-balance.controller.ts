import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { adjustCustomerBalance, getCustomerBalances, listBalanceTransactions } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey, MoneyOut } from '../auth/auth.decorators';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';
import { AdjustCustomerBalanceDto, BalanceTransactionDto, BalanceTransactionPageDto, CurrencyBalanceDto, CustomerBalancesDto } from './dto/customer-balance.dto';

@ApiTags('Customers')
@AllowApiKey()
@Controller('customers/:id')
export class CustomerBalanceController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Get('balance')
  @ApiOkResponse({ type: CustomerBalancesDto })
  @ApiOperation({ summary: "Get a customer's credit balance", description: 'Credit held per currency; the next finalized invoices in that currency use it first.' })
  async balances(@Param('id', ParseUuidPipe) id: string): Promise<CustomerBalancesDto> {
    return CustomerBalancesDto.of({ customerId: id, balances: (await getCustomerBalances(await this.tenantDb.connection(), id)).map(CurrencyBalanceDto.from) });
  }

  @Get('balance-transactions')
  @ApiOkResponse({ type: BalanceTransactionPageDto })
  @ApiOperation({ summary: "List a customer's credit balance movements", description: 'The ledger behind the balance, newest first: credit notes, overpayments, proration credits, credit applied to invoices, adjustments.' })
  async list(@Param('id', ParseUuidPipe) id: string, @Query() query: PageQuery): Promise<BalanceTransactionPageDto> {
    const page = await listBalanceTransactions(await this.tenantDb.connection(), id, pageRequest(query));
    return listOf(page, BalanceTransactionDto.from);
  }

  @Post('balance-transactions')
  @MoneyOut()
  @ApiCreatedResponse({ type: BalanceTransactionDto })
  @ApiOperation({ summary: "Adjust a customer's credit balance", description: 'By hand, with a reason. Credit granted is money the tenant owes the customer, so JWT users need the owner or admin role.' })
  async adjust(@Param('id', ParseUuidPipe) id: string, @Body() body: AdjustCustomerBalanceDto): Promise<BalanceTransactionDto> {
    const transaction = await adjustCustomerBalance(await this.tenantDb.connection(), { ...body, customerId: id, amount: BigInt(body.amount) });
    return BalanceTransactionDto.from(transaction);
  }
}
