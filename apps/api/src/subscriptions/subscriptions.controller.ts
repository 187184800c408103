import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BillingService, type ChangeSubscriptionCommand, cancelScheduledChange, cancelSubscription, changeSubscription, createSubscription, getSubscription, listSubscriptions, pauseSubscription, previewSubscriptionChange, resumeSubscription } from '@nova/billing';
import { listOf } from '../common/api-object';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { ApiErrors } from '../common/openapi';
import { pageRequest } from '../common/pagination';
import { CancelSubscriptionDto, CreateSubscriptionDto, CreatedSubscriptionDto, ListSubscriptionsQuery, SubscriptionDto, SubscriptionPageDto } from './dto/subscription.dto';
import { ParseUuidPipe } from '../common/validation';
import { ChangeSubscriptionDto, PauseSubscriptionDto, SubscriptionChangeDto, SubscriptionChangePreviewDto } from './dto/subscription-change.dto';

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
  @ApiErrors(402)
  @ApiOperation({
    summary: 'Subscribe a customer to a price (bills the first period)',
    description: 'A first invoice past the `invoicesPerMonth` limit of your NovaBilling plan is refused (402 `plan_limit_reached`, nothing created); renewals by the billing cycle are always issued.',
  })
  async create(@Body() body: CreateSubscriptionDto): Promise<CreatedSubscriptionDto> {
    const [db, settings] = await Promise.all([this.tenantDb.connection(), this.billing.settings()]);
    const { subscription, firstInvoice } = await createSubscription(db, settings, {
      customerId: body.customerId,
      priceId: body.priceId,
      quantity: body.quantity,
      items: body.items,
      startAt: body.startAt ? new Date(body.startAt) : undefined,
      trialDays: body.trialDays,
      coupon: body.coupon,
      metadata: body.metadata,
      billingCycleAnchorDay: body.billingCycleAnchorDay,
      billingCycleAnchor: body.billingCycleAnchor ? new Date(body.billingCycleAnchor) : undefined,
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

  @Post(':id/change')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubscriptionChangeDto })
  @ApiOperation({
    summary: "Change a subscription's price or quantity (now with proration, or at period end)",
    description:
      'A POST rather than PATCH /subscriptions/{id}: a change is a command with its own options (proration behaviour, when it takes effect) and its own result (prorations, an invoice), not an update of fields. ' +
      'Now: credit for the unused time on the old price and charge for the remaining time on the new one, to the second (create_prorations: pending items on the next invoice; always_invoice: invoiced now, a net credit to the customer balance; none). ' +
      'At period end: stored as pendingChange and applied by the billing cycle before it bills the next period. The new price must have the same currency (400 priceId) and billing cycle; a canceled or paused subscription answers 409.',
  })
  async change(@Param('id', ParseUuidPipe) id: string, @Body() body: ChangeSubscriptionDto): Promise<SubscriptionChangeDto> {
    const [db, settings] = await Promise.all([this.tenantDb.connection(), this.billing.settings()]);
    return SubscriptionChangeDto.from(await changeSubscription(db, settings, changeCommand(id, body)));
  }

  @Post(':id/change/preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubscriptionChangePreviewDto })
  @ApiOperation({
    summary: 'Preview a price or quantity change (writes nothing)',
    description: 'The proration lines and amounts, and the next invoice (the proration invoice now for always_invoice, else the renewal with the pending items). Pass its prorationDate to the change to bill exactly what it shows.',
  })
  async preview(@Param('id', ParseUuidPipe) id: string, @Body() body: ChangeSubscriptionDto): Promise<SubscriptionChangePreviewDto> {
    return SubscriptionChangePreviewDto.from(await previewSubscriptionChange(await this.tenantDb.connection(), changeCommand(id, body)));
  }

  @Delete(':id/scheduled-change')
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiOperation({ summary: 'Cancel the change scheduled for the period end', description: '409 when no change is scheduled.' })
  async cancelScheduledChange(@Param('id', ParseUuidPipe) id: string): Promise<SubscriptionDto> {
    return SubscriptionDto.from(await cancelScheduledChange(await this.tenantDb.connection(), id));
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiOperation({
    summary: 'Pause collection (Stripe pause_collection)',
    description: 'Only an active subscription (else 409). Its periods keep rolling; their invoices are issued as `behavior` says and never charged, so resuming never bills the paused time twice. `resumesAt`: the billing cycle resumes it then.',
  })
  async pause(@Param('id', ParseUuidPipe) id: string, @Body() body: PauseSubscriptionDto): Promise<SubscriptionDto> {
    const command = { subscriptionId: id, behavior: body.behavior, resumesAt: body.resumesAt ? new Date(body.resumesAt) : undefined };
    return SubscriptionDto.from(await pauseSubscription(await this.tenantDb.connection(), command));
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiOperation({ summary: 'Resume collection now', description: 'Only a paused subscription (else 409). Nothing is billed now: the next renewal is billed as usual.' })
  async resume(@Param('id', ParseUuidPipe) id: string): Promise<SubscriptionDto> {
    return SubscriptionDto.from(await resumeSubscription(await this.tenantDb.connection(), id));
  }
}

function changeCommand(subscriptionId: string, body: ChangeSubscriptionDto): ChangeSubscriptionCommand {
  return {
    subscriptionId,
    priceId: body.priceId,
    quantity: body.quantity,
    items: body.items,
    prorationBehavior: body.prorationBehavior,
    effective: body.effective,
    prorationDate: body.prorationDate ? new Date(body.prorationDate) : undefined,
  };
}
