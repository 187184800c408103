import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { ApiObject } from '../../common/api-object';

export class PeriodQuery {
  @ApiPropertyOptional({ description: 'Start (inclusive), ISO 8601; default: 12 months ago, start of month (UTC)' })
  @IsOptional()
  @IsISO8601({}, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive), ISO 8601; default: now' })
  @IsOptional()
  @IsISO8601({}, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

export class MonthlyRevenueDto {
  @ApiProperty({ example: '2026-10' }) month!: string;
  @ApiProperty({ example: 'KES' }) currency!: string;
  @ApiProperty({ type: 'integer', description: 'Total of invoices issued that month (void excluded), minor units' }) invoiced!: number;
  @ApiProperty({ type: 'integer', description: 'Payments received that month, minor units' }) collected!: number;
  @ApiProperty({ type: 'integer', description: 'Refunds settled that month, minor units' }) refunded!: number;
}

export class CurrencyAmountDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
}

export class RevenueDto extends ApiObject('revenue_report') {
  @ApiProperty({ type: [MonthlyRevenueDto] }) months!: MonthlyRevenueDto[];
  @ApiProperty({ type: [CurrencyAmountDto], description: 'Monthly recurring revenue of live subscriptions now, per currency' }) mrr!: CurrencyAmountDto[];
  @ApiProperty({ type: [CurrencyAmountDto], description: 'Amount due on open invoices now, per currency' }) outstanding!: CurrencyAmountDto[];
}

export class SubscriptionAnalyticsDto extends ApiObject('subscription_report') {
  @ApiProperty({ description: 'Subscriptions per status now', example: { active: 120, trialing: 8, past_due: 3, canceled: 40 } })
  byStatus!: Record<string, number>;
  @ApiProperty({ type: 'integer', description: 'Started in the period' }) started!: number;
  @ApiProperty({ type: 'integer', description: 'Ended in the period' }) ended!: number;
  @ApiProperty({ description: 'Ended in the period ÷ live at its start, as a fraction (null when none were live)', nullable: true, type: Number })
  churnRate!: number | null;
}

export class MonthlyCountDto {
  @ApiProperty({ example: '2026-10' }) month!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

export class CustomerAnalyticsDto extends ApiObject('customer_report') {
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Customers with a live subscription' }) withLiveSubscription!: number;
  @ApiProperty({ type: [MonthlyCountDto], description: 'New customers per month in the period' }) newPerMonth!: MonthlyCountDto[];
}

export class AgingBucketDto extends ApiObject('aging_bucket') {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer', description: 'Not yet due, minor units' }) current!: number;
  @ApiProperty({ type: 'integer', description: '1–30 days past due' }) days1To30!: number;
  @ApiProperty({ type: 'integer', description: '31–60 days past due' }) days31To60!: number;
  @ApiProperty({ type: 'integer', description: '61–90 days past due' }) days61To90!: number;
  @ApiProperty({ type: 'integer', description: 'More than 90 days past due' }) over90!: number;
  @ApiProperty({ type: 'integer', description: 'Open invoices in this currency' }) invoices!: number;
}
