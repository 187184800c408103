import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { getCustomerReport, getReceivablesAging, getRevenueReport, getSubscriptionReport, ReportPeriodQuery } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { AgingBucketDto, CustomerAnalyticsDto, PeriodQuery, RevenueDto, SubscriptionAnalyticsDto } from './dto/analytics.dto';

/** The query's ISO 8601 texts (validated by the DTO) as instants. */
const periodOf = (query: PeriodQuery): ReportPeriodQuery => ({ from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined });

@ApiTags('Analytics')
@ApiBearerAuth('jwt')
@ApiBearerAuth('api-key')
@AllowApiKey()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Get('revenue')
  @ApiOkResponse({ type: RevenueDto, description: 'Invoiced, collected and refunded per month and currency; MRR and outstanding now' })
  async revenue(@Query() query: PeriodQuery): Promise<RevenueDto> {
    return getRevenueReport(await this.tenantDb.connection(), periodOf(query));
  }

  @Get('subscriptions')
  @ApiOkResponse({ type: SubscriptionAnalyticsDto })
  async subscriptions(@Query() query: PeriodQuery): Promise<SubscriptionAnalyticsDto> {
    return getSubscriptionReport(await this.tenantDb.connection(), periodOf(query));
  }

  @Get('customers')
  @ApiOkResponse({ type: CustomerAnalyticsDto })
  async customers(@Query() query: PeriodQuery): Promise<CustomerAnalyticsDto> {
    return getCustomerReport(await this.tenantDb.connection(), periodOf(query));
  }

  @Get('aging')
  @ApiOkResponse({ type: [AgingBucketDto], description: 'Amount due on open invoices by days past due, per currency' })
  async aging(): Promise<AgingBucketDto[]> {
    return getReceivablesAging(await this.tenantDb.connection());
  }
}
