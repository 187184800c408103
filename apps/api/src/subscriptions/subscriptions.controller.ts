import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { BillingService, cancelSubscription, createSubscription, getSubscription, listSubscriptions } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { pageRequest } from '../common/pagination';
import { CancelSubscriptionDto, CreateSubscriptionDto, CreatedSubscriptionDto, ListSubscriptionsQuery, SubscriptionDto, SubscriptionPageDto } from './dto/subscription.dto';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Subscriptions')
@AllowApiKey()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly billing: BillingService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedSubscriptionDto, description: 'Created; the first period is invoiced at once unless it starts with a trial' })
  @ApiOperation({ summary: 'Subscribe a customer to a price (bills the first period)' })
  async create(@Body() body: CreateSubscriptionDto): Promise<CreatedSubscriptionDto> {
    const [db, settings] = await Promise.all([this.tenantDb.connection(), this.billing.settings()]);
    const { subscription, firstInvoice } = await createSubscription(db, settings, {
      customerId: body.customerId,
      priceId: body.priceId,
      quantity: body.quantity ?? 1,
      startAt: body.startAt ? new Date(body.startAt) : undefined,
      trialDays: body.trialDays,
      metadata: body.metadata,
    });
    return { ...SubscriptionDto.from(subscription), firstInvoiceId: firstInvoice?.id ?? null };
  }

  @Get()
  @ApiOkResponse({ type: SubscriptionPageDto })
  @ApiOperation({ summary: 'List subscriptions' })
  async list(@Query() query: ListSubscriptionsQuery): Promise<SubscriptionPageDto> {
    const page = await listSubscriptions(await this.tenantDb.connection(), { ...pageRequest(query), customerId: query.customerId, status: query.status });
    return listOf(page, SubscriptionDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiOperation({ summary: 'Get a subscription' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<SubscriptionDto> {
    return SubscriptionDto.from(await getSubscription(await this.tenantDb.connection(), id));
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiOperation({ summary: 'Cancel a subscription, now or at period end' })
  async cancel(@Param('id', ParseUuidPipe) id: string, @Body() body: CancelSubscriptionDto): Promise<SubscriptionDto> {
    const db = await this.tenantDb.connection();
    await cancelSubscription(db, { subscriptionId: id, atPeriodEnd: body.atPeriodEnd ?? false, prorate: body.prorate ?? false });
    return SubscriptionDto.from(await getSubscription(db, id));
  }
}
