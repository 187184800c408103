import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowApiKey } from '../auth/auth.decorators';
import { AnalyticsService } from './analytics.service';
import { AgingBucketDto, CustomerAnalyticsDto, PeriodQuery, RevenueDto, SubscriptionAnalyticsDto } from './dto/analytics.dto';

@ApiTags('Analytics')
@ApiBearerAuth('jwt')
@ApiBearerAuth('api-key')
@AllowApiKey()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('revenue')
  @ApiOkResponse({ type: RevenueDto, description: 'Invoiced, collected and refunded per month and currency; MRR and outstanding now' })
  revenue(@Query() query: PeriodQuery): Promise<RevenueDto> {
    return this.analytics.revenue(query);
  }

  @Get('subscriptions')
  @ApiOkResponse({ type: SubscriptionAnalyticsDto })
  subscriptions(@Query() query: PeriodQuery): Promise<SubscriptionAnalyticsDto> {
    return this.analytics.subscriptions(query);
  }

  @Get('customers')
  @ApiOkResponse({ type: CustomerAnalyticsDto })
  customers(@Query() query: PeriodQuery): Promise<CustomerAnalyticsDto> {
    return this.analytics.customers(query);
  }

  @Get('aging')
  @ApiOkResponse({ type: [AgingBucketDto], description: 'Amount due on open invoices by days past due, per currency' })
  aging(): Promise<AgingBucketDto[]> {
    return this.analytics.aging();
  }
}
