import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { PageQuery, pageRequest } from '../common/pagination';
import { ConnectProviderAccount, GetProviderAccount, ListProviderAccounts, RemoveProviderAccount, TestProviderAccount, UpdateProviderAccount } from '@nova/billing';
import { TenantAdmin } from '../auth/auth.decorators';
import { CreatePaymentProviderDto, CredentialTestDto, PaymentProviderDto, PaymentProviderListDto, UpdatePaymentProviderDto } from './dto/payment-provider.dto';
import { ParseUuidPipe } from '../common/validation';
import { ApiErrors } from '../common/openapi';

/** The tenant's own provider accounts. Credentials are admin business: JWT owners/admins only. */
@ApiTags('Payment providers')
@TenantAdmin()
@Controller('payment-providers')
export class PaymentProvidersController {
  constructor(
    private readonly connectAccount: ConnectProviderAccount,
    private readonly listAccounts: ListProviderAccounts,
    private readonly getAccount: GetProviderAccount,
    private readonly updateAccount: UpdateProviderAccount,
    private readonly removeAccount: RemoveProviderAccount,
    private readonly testAccount: TestProviderAccount,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: PaymentProviderDto })
  @ApiOperation({ summary: 'Connect a payment provider account' })
  async create(@Body() body: CreatePaymentProviderDto): Promise<PaymentProviderDto> {
    return PaymentProviderDto.of(await this.connectAccount.execute(body));
  }

  @Get()
  @ApiOkResponse({ type: PaymentProviderListDto })
  @ApiOperation({ summary: 'List payment provider accounts and the default per currency, newest first (cursor pagination)' })
  async list(@Query() query: PageQuery): Promise<PaymentProviderListDto> {
    return listOf(await this.listAccounts.execute(pageRequest(query)), (account) => PaymentProviderDto.of(account));
  }

  @Get(':id')
  @ApiOkResponse({ type: PaymentProviderDto })
  @ApiOperation({ summary: 'Get a payment provider account' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<PaymentProviderDto> {
    return PaymentProviderDto.of(await this.getAccount.execute(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: PaymentProviderDto })
  @ApiOperation({ summary: 'Update a payment provider account' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdatePaymentProviderDto): Promise<PaymentProviderDto> {
    return PaymentProviderDto.of(await this.updateAccount.execute({ ...body, accountId: id }));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Disconnect a payment provider account' })
  remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    return this.removeAccount.execute(id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CredentialTestDto, description: 'Makes a cheap authenticated call to the provider with the stored credentials' })
  @ApiOperation({ summary: 'Test a payment provider account\'s credentials' })
  @ApiErrors(502)
  test(@Param('id', ParseUuidPipe) id: string): Promise<CredentialTestDto> {
    return this.testAccount.execute(id);
  }
}
