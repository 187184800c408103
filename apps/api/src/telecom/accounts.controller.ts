import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowApiKey } from '../auth/auth.decorators';
import { AccountsService } from './accounts.service';
import { DidsService } from './dids.service';
import { AddDidsDto, AddDidsResultDto, AssignDidDto, CreateTelecomAccountDto, DidDto, ListDidsQuery, TelecomAccountDto, TopUpDto, TopUpResultDto } from './dto/account.dto';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Telecom accounts')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiCreatedResponse({ type: TelecomAccountDto, description: 'The telecom account of a subscription: prepaid or postpaid, rated by a rate plan' })
  create(@Body() body: CreateTelecomAccountDto): Promise<TelecomAccountDto> {
    return this.accounts.create(body);
  }

  @Get(':id')
  @ApiOkResponse({ type: TelecomAccountDto })
  get(@Param('id', ParseUuidPipe) id: string): Promise<TelecomAccountDto> {
    return this.accounts.get(id);
  }

  @Post(':id/top-ups')
  @ApiCreatedResponse({ type: TopUpResultDto })
  topUp(@Param('id', ParseUuidPipe) id: string, @Body() body: TopUpDto): Promise<TopUpResultDto> {
    return this.accounts.topUp(id, body);
  }
}

@ApiTags('Numbers')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('dids')
export class DidsController {
  constructor(private readonly dids: DidsService) {}

  @Post()
  @ApiCreatedResponse({ type: AddDidsResultDto, description: 'Adds numbers to the inventory (existing ones are skipped)' })
  add(@Body() body: AddDidsDto): Promise<AddDidsResultDto> {
    return this.dids.add(body);
  }

  @Get()
  @ApiOkResponse({ type: [DidDto] })
  list(@Query() query: ListDidsQuery): Promise<DidDto[]> {
    return this.dids.list(query);
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DidDto })
  assign(@Param('id', ParseUuidPipe) id: string, @Body() body: AssignDidDto): Promise<DidDto> {
    return this.dids.assign(id, body.accountId);
  }

  @Post(':id/release')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DidDto })
  release(@Param('id', ParseUuidPipe) id: string): Promise<DidDto> {
    return this.dids.release(id);
  }
}
