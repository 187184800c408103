import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowApiKey } from '../auth/auth.decorators';
import { CancelSubscriptionDto, CreateSubscriptionDto, CreatedSubscriptionDto, ListSubscriptionsQuery, SubscriptionDto, SubscriptionPageDto } from './dto/subscription.dto';
import { SubscriptionsService } from './subscriptions.service';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Subscriptions')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedSubscriptionDto, description: 'Created; the first period is invoiced at once unless it starts with a trial' })
  async create(@Body() body: CreateSubscriptionDto): Promise<CreatedSubscriptionDto> {
    const { subscription, firstInvoiceId } = await this.subscriptions.create(body);
    return { ...SubscriptionDto.from(subscription), firstInvoiceId };
  }

  @Get()
  @ApiOkResponse({ type: SubscriptionPageDto })
  async list(@Query() query: ListSubscriptionsQuery): Promise<SubscriptionPageDto> {
    const page = await this.subscriptions.list(query);
    return { data: page.data.map(SubscriptionDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: SubscriptionDto })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<SubscriptionDto> {
    return SubscriptionDto.from(await this.subscriptions.get(id));
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubscriptionDto })
  async cancel(@Param('id', ParseUuidPipe) id: string, @Body() body: CancelSubscriptionDto): Promise<SubscriptionDto> {
    return SubscriptionDto.from(await this.subscriptions.cancel(id, body.atPeriodEnd ?? false));
  }
}
