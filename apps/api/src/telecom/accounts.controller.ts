import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TenantDb } from '@nova/tenancy';
import { addDids, assignDid, createTelecomAccount, getTelecomAccount, listDids, releaseDid, topUpAccount } from '@nova/telecom';
import { AllowApiKey } from '../auth/auth.decorators';
import { AddDidsDto, AddDidsResultDto, AssignDidDto, CreateTelecomAccountDto, DidDto, ListDidsQuery, TelecomAccountDto, TopUpDto, TopUpResultDto } from './dto/account.dto';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Telecom accounts')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: TelecomAccountDto, description: 'The telecom account of a subscription: prepaid or postpaid, rated by a rate plan' })
  async create(@Body() body: CreateTelecomAccountDto): Promise<TelecomAccountDto> {
    return createTelecomAccount(await this.tenantDb.connection(), body);
  }

  @Get(':id')
  @ApiOkResponse({ type: TelecomAccountDto })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<TelecomAccountDto> {
    return getTelecomAccount(await this.tenantDb.connection(), { accountId: id });
  }

  @Post(':id/top-ups')
  @ApiCreatedResponse({ type: TopUpResultDto })
  async topUp(@Param('id', ParseUuidPipe) id: string, @Body() body: TopUpDto): Promise<TopUpResultDto> {
    return topUpAccount(await this.tenantDb.connection(), { accountId: id, amount: body.amount, reference: body.reference });
  }
}

@ApiTags('Numbers')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('dids')
export class DidsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: AddDidsResultDto, description: 'Adds numbers to the inventory (existing ones are skipped)' })
  async add(@Body() body: AddDidsDto): Promise<AddDidsResultDto> {
    return addDids(await this.tenantDb.connection(), { numbers: body.numbers });
  }

  @Get()
  @ApiOkResponse({ type: [DidDto] })
  async list(@Query() query: ListDidsQuery): Promise<DidDto[]> {
    return listDids(await this.tenantDb.connection(), { status: query.status, accountId: query.accountId });
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DidDto })
  async assign(@Param('id', ParseUuidPipe) id: string, @Body() body: AssignDidDto): Promise<DidDto> {
    return assignDid(await this.tenantDb.connection(), { didId: id, accountId: body.accountId });
  }

  @Post(':id/release')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DidDto })
  async release(@Param('id', ParseUuidPipe) id: string): Promise<DidDto> {
    return releaseDid(await this.tenantDb.connection(), { didId: id });
  }
}
