import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { TenantDb } from '@nova/tenancy';
import { addDids, assignDid, createTelecomAccount, getTelecomAccount, listDids, releaseDid, topUpAccount } from '@nova/telecom';
import { AllowApiKey } from '../auth/auth.decorators';
import { AddDidsDto, AddDidsResultDto, AssignDidDto, CreateTelecomAccountDto, DidDto, DidPageDto, ListDidsQuery, TelecomAccountDto, TopUpDto, TopUpResultDto } from './dto/account.dto';
import { ParseUuidPipe } from '../common/validation';
import { pageRequest } from '../common/pagination';

@ApiTags('Telecom accounts')
@AllowApiKey()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: TelecomAccountDto, description: 'The telecom account of a subscription: prepaid or postpaid, rated by a rate plan' })
  @ApiOperation({ summary: 'Create a prepaid or postpaid telecom account on a subscription' })
  async create(@Body() body: CreateTelecomAccountDto): Promise<TelecomAccountDto> {
    return TelecomAccountDto.of(await createTelecomAccount(await this.tenantDb.connection(), body));
  }

  @Get(':id')
  @ApiOkResponse({ type: TelecomAccountDto })
  @ApiOperation({ summary: 'Get a telecom account with its balance' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<TelecomAccountDto> {
    return TelecomAccountDto.of(await getTelecomAccount(await this.tenantDb.connection(), { accountId: id }));
  }

  @Post(':id/top-ups')
  @ApiCreatedResponse({ type: TopUpResultDto })
  @ApiOperation({ summary: 'Top up a prepaid account' })
  async topUp(@Param('id', ParseUuidPipe) id: string, @Body() body: TopUpDto): Promise<TopUpResultDto> {
    return TopUpResultDto.of(await topUpAccount(await this.tenantDb.connection(), { accountId: id, amount: body.amount, reference: body.reference }));
  }
}

@ApiTags('Numbers')
@AllowApiKey()
@Controller('dids')
export class DidsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: AddDidsResultDto, description: 'Adds numbers to the inventory (existing ones are skipped)' })
  @ApiOperation({ summary: 'Add numbers (DIDs) to the inventory' })
  async add(@Body() body: AddDidsDto): Promise<AddDidsResultDto> {
    return addDids(await this.tenantDb.connection(), { numbers: body.numbers });
  }

  @Get()
  @ApiOkResponse({ type: DidPageDto })
  @ApiOperation({ summary: 'List numbers (DIDs), newest first (cursor pagination)' })
  async list(@Query() query: ListDidsQuery): Promise<DidPageDto> {
    return listOf(await listDids(await this.tenantDb.connection(), { ...pageRequest(query), status: query.status, accountId: query.accountId }), (did) => DidDto.of(did));
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DidDto })
  @ApiOperation({ summary: 'Assign a number to an account' })
  async assign(@Param('id', ParseUuidPipe) id: string, @Body() body: AssignDidDto): Promise<DidDto> {
    return DidDto.of(await assignDid(await this.tenantDb.connection(), { didId: id, accountId: body.accountId }));
  }

  @Post(':id/release')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DidDto })
  @ApiOperation({ summary: 'Release a number back to the inventory' })
  async release(@Param('id', ParseUuidPipe) id: string): Promise<DidDto> {
    return DidDto.of(await releaseDid(await this.tenantDb.connection(), { didId: id }));
  }
}
