import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BillingService, getCustomerReport, getReceivablesAging, getRevenueReport, getSubscriptionReport, ReportPeriodQuery } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { AgingBucketDto, CustomerAnalyticsDto, PeriodQuery, RevenueDto, SubscriptionAnalyticsDto } from './dto/analytics.dto';

/** The query's ISO 8601 texts (validated by the DTO) as instants. */
const periodOf = (query: PeriodQuery, timeZone?: string): ReportPeriodQuery => ({ from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, timeZone });

@ApiTags('Analytics')
@AllowApiKey()
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly billing: BillingService,
  ) {}

  /** Months and the default period follow the tenant's time zone. */
  private async zone(): Promise<string | undefined> {
    return (await this.billing.settings()).timeZone;
  }

  @Get('revenue')
  @ApiOkResponse({ type: RevenueDto, description: 'Invoiced, collected and refunded per month and currency; MRR and outstanding now' })
  @ApiOperation({ summary: 'Revenue report: invoiced, collected and refunded per month and currency, MRR and outstanding now' })
  async revenue(@Query() query: PeriodQuery): Promise<RevenueDto> {
    return RevenueDto.of(await getRevenueReport(await this.tenantDb.connection(), periodOf(query, await this.zone())));
  }

  @Get('subscriptions')
  @ApiOkResponse({ type: SubscriptionAnalyticsDto })
  @ApiOperation({ summary: 'Subscription report: counts by status, started, ended and churn in the period' })
  async subscriptions(@Query() query: PeriodQuery): Promise<SubscriptionAnalyticsDto> {
    return SubscriptionAnalyticsDto.of(await getSubscriptionReport(await this.tenantDb.connection(), periodOf(query, await this.zone())));
  }

  @Get('customers')
  @ApiOkResponse({ type: CustomerAnalyticsDto })
  @ApiOperation({ summary: 'Customer report: total, with a live subscription, new per month' })
  async customers(@Query() query: PeriodQuery): Promise<CustomerAnalyticsDto> {
    return CustomerAnalyticsDto.of(await getCustomerReport(await this.tenantDb.connection(), periodOf(query, await this.zone())));
  }

  @Get('aging')
  @ApiOkResponse({ type: [AgingBucketDto], description: 'Amount due on open invoices by days past due, per currency' })
  @ApiOperation({ summary: 'Receivables aging: open amounts by days past due, per currency' })
  async aging(): Promise<AgingBucketDto[]> {
    return (await getReceivablesAging(await this.tenantDb.connection())).map((bucket) => AgingBucketDto.of(bucket));
  }
}
